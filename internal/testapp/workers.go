package testapp

import (
	"context"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/intake"
	"memberbase/internal/outbox"
	"memberbase/internal/webhooks"
)

// PauseWorkers stops a served app's background workers (intake, outbox and
// webhooks), so a test can count or log the SQL of a request alone. Rows
// queued meanwhile stay queued.
func PauseWorkers(t testing.TB, app core.App) {
	t.Helper()
	if w, err := intake.FromApp(app); err == nil {
		if err := w.Stop(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if ob, err := outbox.FromApp(app); err == nil {
		if err := ob.Worker.Stop(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if w, err := webhooks.FromApp(app); err == nil {
		if err := w.Stop(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}
