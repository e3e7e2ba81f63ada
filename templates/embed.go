// Package templates embeds the HTML page and mail templates so the binary is
// self-contained; development can re-read them from disk instead.
package templates

import "embed"

// FS holds layouts/, pages/, partials/ and emails/.
//
//go:embed layouts pages partials emails
var FS embed.FS
