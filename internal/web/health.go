package web

import (
	"encoding/json"
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/observe"
)

// healthz answers as long as the process serves HTTP.
func healthz(e *core.RequestEvent) error {
	return e.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// Readiness is the public /readyz answer: each check by name, pass or fail,
// and nothing countable. A queue size or age here would tell an observer
// that a privacy request produced a mail, i.e. that the address is a member.
type Readiness struct {
	Ready  bool              `json:"ready"`
	Checks map[string]string `json:"checks"`
}

// checkReadiness runs SELECT 1, the migration check and the workers' running
// flags: no statement over a queue, so neither the body nor the timing of
// the answer depends on what is queued.
func checkReadiness(app core.App) Readiness {
	r := Readiness{Ready: true, Checks: map[string]string{"database": "pass", "migrations": "pass"}}
	fail := func(name string) { r.Checks[name], r.Ready = "fail", false }
	var one int
	if err := app.DB().NewQuery("SELECT 1").Row(&one); err != nil {
		fail("database")
		fail("migrations")
	} else if pending, err := pendingMigrations(app); err != nil || pending > 0 {
		fail("migrations")
	}
	running, _ := observe.WorkersOf(app).Running()
	for name, ok := range running {
		r.Checks["worker:"+name] = "pass"
		if !ok {
			fail("worker:" + name)
		}
	}
	return r
}

// readyz answers 200 when every check passes, 503 otherwise.
func readyz(e *core.RequestEvent) error {
	r := checkReadiness(e.App)
	status := http.StatusOK
	if !r.Ready {
		status = http.StatusServiceUnavailable
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return stableJSON(e, status, r)
}

// stableJSON writes v with map keys sorted (encoding/json v1 sorts them;
// PocketBase's e.JSON does not), so equal answers are equal bytes.
func stableJSON(e *core.RequestEvent, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return e.Blob(status, "application/json", b)
}

// Status is the superuser-only GET /api/memberbase/status answer: the
// readiness checks plus each worker's backlog, failures and oldest age.
type Status struct {
	Readiness
	Workers map[string]observe.WorkerReport `json:"workers"`
}

// status answers superusers with the readiness checks and the backlogs.
func status(e *core.RequestEvent) error {
	e.Response.Header().Set("Cache-Control", "no-store")
	return stableJSON(e, http.StatusOK, Status{Readiness: checkReadiness(e.App), Workers: observe.WorkersOf(e.App).Reports()})
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
