package observe

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/pocketbase/pocketbase/core"
)

// MirrorPocketBaseLog copies one entry PocketBase persists to its _logs table
// (cron, backup, mailer and other internal errors) to stdout. Request entries
// and security events are skipped: they were already written to stdout. Bind it on
// OnModelCreateExecute, not OnModelAfterCreateSuccess: the batch writer
// reuses one *core.Log per batch, so after-success hooks all see the last one.
func MirrorPocketBaseLog(app core.App, l *core.Log) {
	if l.Data["type"] == "request" || l.Data["category"] == "security" {
		// Request lines and security events were written to stdout when
		// they happened (with the request id); a copy would count twice.
		return
	}
	attrs := []slog.Attr{slog.String("source", "pocketbase")}
	if errVal, ok := l.Data["error"]; ok {
		attrs = append(attrs, slog.String("error", emailRe.ReplaceAllString(fmt.Sprint(errVal), "[email]")))
	}
	msg := emailRe.ReplaceAllString(l.Message, "[email]")
	From(app).LogAttrs(context.Background(), slog.Level(l.Level), msg, attrs...)
}
