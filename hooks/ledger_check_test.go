package hooks_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/outbox"
	"memberbase/internal/testapp"
)

// serveErr triggers OnServe as `serve` does and returns its error.
func serveErr(t *testing.T, app core.App) error {
	t.Helper()
	r, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	return app.OnServe().Trigger(&core.ServeEvent{App: app, Router: r}, func(e *core.ServeEvent) error { return nil })
}

// In production serve refuses to start, before any worker, when the
// ledger is unset, inside the data dir or not writable.
func TestServeRefusesABadLedgerInProduction(t *testing.T) {
	for name, path := range map[string]func(dataDir string) string{
		"unset":       func(string) string { return "" },
		"inside":      func(d string) string { return filepath.Join(d, "ledger.jsonl") },
		"unwritable":  func(string) string { return t.TempDir() }, // a directory
		"fine, apart": func(string) string { return filepath.Join(t.TempDir(), "ledger.jsonl") },
	} {
		t.Run(name, func(t *testing.T) {
			app, cfg := testapp.New(t, testapp.Production())
			cfg.LedgerPath = path(app.DataDir())
			err := serveErr(t, app)
			ob, _ := outbox.FromApp(app)
			if name == "fine, apart" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if _, err := os.Stat(cfg.LedgerPath); err != nil {
					t.Errorf("ledger not created at start: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), "MEMBERBASE_LEDGER_PATH") {
				t.Fatalf("serve error %v, want one naming MEMBERBASE_LEDGER_PATH", err)
			}
			if ob.Worker.Running() {
				t.Error("the outbox worker started despite the refusal")
			}
		})
	}
}
