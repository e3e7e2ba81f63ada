package hooks

import (
	"io"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/config"
)

// BindConsoleMailForTest rebinds the console mail handler with the test's
// writer (binding the same id replaces the handler).
func BindConsoleMailForTest(app core.App, cfg *config.Config, out io.Writer) {
	bindConsoleMail(app, cfg, out)
}
