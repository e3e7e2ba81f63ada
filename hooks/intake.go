package hooks

import (
	"context"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/config"
	"memberbase/internal/intake"
	"memberbase/internal/observe"
)

// intakeShutdownTimeout bounds how long OnTerminate waits for rows in
// flight; their leases bring unfinished ones back on the next start.
const intakeShutdownTimeout = 2 * time.Second

// intakeQuotaCron purges expired per-address quota rows daily (UTC).
const intakeQuotaCron = "37 3 * * *"

// bindIntake creates the intake worker, attaches it to app for the feature
// processors, reports it to readiness and the status endpoint, runs it from
// OnServe (after the outbox, whose mails it queues) to OnTerminate (before
// the outbox stops), and wakes it after every committed submit.
func bindIntake(app core.App, cfg *config.Config) (*intake.Worker, error) {
	w, err := intake.NewWorker(app, intake.Options{
		Logger: observe.From(app),
		Quota:  intake.Quota{Key: cfg.DerivedKey("memberbase intake quota v1")},
		OnDead: func(id, kind string) {
			observe.MonitorFrom(app).CaptureFailure("intake: request failed for good", map[string]string{"kind": kind, "intake_id": id})
		},
	})
	if err != nil {
		return nil, err
	}
	intake.Attach(app, w)
	observe.WorkersOf(app).Add("intake", observe.Probe{
		Running: w.Running,
		Backlog: func() (observe.Backlog, error) {
			st, err := w.Status()
			return observe.Backlog{InFlight: st.InFlight, Queued: st.Backlog, Oldest: st.Oldest, Failed: st.Dead}, err
		},
	})
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "memberbase.intake.serve",
		Func: func(se *core.ServeEvent) error {
			if err := se.Next(); err != nil {
				return err
			}
			w.Start()
			return se.App.Cron().Add("memberbase.intake.quota", intakeQuotaCron, func() {
				if _, err := intake.PurgeQuota(se.App, intake.Quota{}, time.Now()); err != nil {
					observe.From(se.App).Error("intake quota purge failed", "error", err)
				}
			})
		},
	})
	app.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
		Id: "memberbase.intake.terminate",
		Func: func(e *core.TerminateEvent) error {
			ctx, cancel := context.WithTimeout(context.Background(), intakeShutdownTimeout)
			defer cancel()
			if err := w.Stop(ctx); err != nil {
				observe.From(e.App).Error("intake worker did not stop in time", "error", err)
			}
			return e.Next()
		},
	})
	app.OnRecordAfterCreateSuccess(intake.Collection).Bind(&hook.Handler[*core.RecordEvent]{
		Id:   "memberbase.intake.wake",
		Func: func(e *core.RecordEvent) error { w.Wake(); return e.Next() },
	})
	return w, nil
}
