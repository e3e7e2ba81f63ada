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

// BindStartBannerForTest rebinds the start banner with the test's writer.
func BindStartBannerForTest(app core.App, cfg *config.Config, out io.Writer) {
	bindStartBanner(app, cfg, out)
}

// BindSQLLogForTest binds the SQL log switch on an app that is not
// bootstrapped yet (test apps are, so hooks.Register's binding never runs).
func BindSQLLogForTest(app core.App, cfg *config.Config) { bindSQLLog(app, cfg) }

// BrowserHost exposes browserHost.
var BrowserHost = browserHost
