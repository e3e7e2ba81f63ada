// Package pb_public embeds the static assets (css, images) served under
// /static/ with content-hash URLs.
package pb_public

import "embed"

// FS holds css/, img/ (the favicon) and any other asset folder.
//
//go:embed css img
var FS embed.FS
