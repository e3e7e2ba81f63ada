package web

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"
)

// healthz answers as long as the process serves HTTP.
func healthz(e *core.RequestEvent) error {
	return e.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 only when the database answers and every registered
// migration is applied; 503 with the failing check otherwise.
func readyz(e *core.RequestEvent) error {
	checks := map[string]string{"database": "ok", "migrations": "ok"}
	ok := true
	var one int
	if err := e.App.DB().NewQuery("SELECT 1").Row(&one); err != nil {
		checks["database"], ok = "unavailable", false
	} else if pending, err := pendingMigrations(e.App); err != nil || pending > 0 {
		checks["migrations"], ok = "pending", false
	}
	status := http.StatusOK
	if !ok {
		status = http.StatusServiceUnavailable
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(status, map[string]any{"ready": ok, "checks": checks})
}

// pendingMigrations counts registered app migrations missing from the
// _migrations table.
func pendingMigrations(app core.App) (int, error) {
	var applied []string
	if err := app.DB().Select("file").From(core.DefaultMigrationsTable).Column(&applied); err != nil {
		return 0, err
	}
	done := make(map[string]bool, len(applied))
	for _, f := range applied {
		done[f] = true
	}
	pending := 0
	for _, m := range core.AppMigrations.Items() {
		if !done[m.File] {
			pending++
		}
	}
	return pending, nil
}
