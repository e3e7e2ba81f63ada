package testapp

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// Restart simulates a process restart: it stops app the way `serve` does on
// exit (OnTerminate: workers stopped, databases closed) and returns a new
// test app with every memberbase hook on a copy of app's data directory,
// as a new process would find it. Both are cleaned up when the test ends.
func Restart(t testing.TB, app *tests.TestApp, env map[string]string) *tests.TestApp {
	t.Helper()
	err := app.OnTerminate().Trigger(&core.TerminateEvent{App: app}, func(e *core.TerminateEvent) error {
		return e.App.ClearBootstrap()
	})
	if err != nil {
		t.Fatalf("terminate: %v", err)
	}
	next := open(t, app.DataDir(), Config(t, env))
	t.Cleanup(next.Cleanup)
	return next
}
