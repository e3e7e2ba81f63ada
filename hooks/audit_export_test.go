package hooks

import "github.com/pocketbase/pocketbase/core"

// UnbindAuditForTest turns the access audit off on app (before it serves),
// for side-by-side benchmarks; the guard of audit_log stays.
func UnbindAuditForTest(app core.App) {
	app.OnRecordCreate().Unbind(auditWriteID)
	app.OnRecordUpdate().Unbind(auditWriteID)
	app.OnRecordDelete().Unbind(auditWriteID)
	app.OnRecordCreateRequest().Unbind(auditRequestID)
	app.OnRecordUpdateRequest().Unbind(auditRequestID)
	app.OnRecordDeleteRequest().Unbind(auditRequestID)
	app.OnRecordEnrich().Unbind(auditEnrichID)
	app.OnModelAfterCreateSuccess().Unbind(auditBroadcastID)
	app.OnModelAfterUpdateSuccess().Unbind(auditBroadcastID)
	app.OnModelDelete().Unbind(auditBroadcastID)
	app.OnFileDownloadRequest().Unbind(auditDownloadID)
	app.OnServe().Unbind(auditServeID)
}
