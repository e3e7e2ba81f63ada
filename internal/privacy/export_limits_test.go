package privacy

// MaxExportFile is the most of an export file a download reads back.
const MaxExportFile = maxExportFile
