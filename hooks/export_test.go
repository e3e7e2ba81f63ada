package hooks

import (
	"io"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/config"
)

// BindMailerForTest rebinds the mailer handler with the test's console
// writer (binding the same id replaces the handler).
func BindMailerForTest(app core.App, cfg *config.Config, out io.Writer) {
	bindMailer(app, cfg, out)
}
