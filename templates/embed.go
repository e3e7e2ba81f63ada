// Package templates embeds the HTML page and mail templates so the binary is
// self-contained; development can re-read them from disk instead.
package templates

import "embed"

// FS holds layouts/, pages/, partials/, emails/ and exports/ (the HTML
// summary of a member's data export).
//
//go:embed layouts pages partials emails exports
var FS embed.FS
