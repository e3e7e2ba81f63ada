// Package pb_public embeds the static assets (css, images) served under
// /static/ with content-hash URLs.
package pb_public

import "embed"

// FS holds css/ and any other asset folder.
//
//go:embed css
var FS embed.FS
