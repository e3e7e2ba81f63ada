// Package templates embeds the HTML page and mail templates so the binary is
// self-contained; development can re-read them from disk instead.
package templates

import "embed"

// FS holds layouts/, pages/ and partials/ (and emails/ once mails exist).
//
//go:embed layouts pages partials
var FS embed.FS
