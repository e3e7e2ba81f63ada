package hooks

import (
	"context"
	"os"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/config"
	"memberbase/internal/observe"
	"memberbase/internal/outbox"
)

// outboxShutdownTimeout bounds how long OnTerminate waits for in-flight
// sends; rows still sending after it come back when their lease ends.
const outboxShutdownTimeout = 5 * time.Second

// outboxRetentionCron runs the outbox retention rules daily (UTC).
const outboxRetentionCron = "23 3 * * *"

// bindOutbox parses the mail templates, attaches the outbox to app, chooses
// the mailer, runs the worker from OnServe to OnTerminate, wakes it when a
// row is queued or requeued, vets dashboard status changes and schedules
// retention.
func bindOutbox(app core.App, cfg *config.Config) error {
	r, err := outbox.NewRenderer(templateFS(cfg), cfg.OrgName, cfg.BaseURL)
	if err != nil {
		return err
	}
	w := outbox.NewWorker(app, outbox.Options{
		Logger:   observe.From(app),
		BulkRate: outbox.Rate{Max: cfg.AnnouncementRate.Max, Window: cfg.AnnouncementRate.Window},
		OnFailed: func(id, kind string) {
			observe.MonitorFrom(app).CaptureFailure("outbox: mail failed for good", map[string]string{"kind": kind, "outbox_id": id})
		},
	})
	observe.WorkersOf(app).Add("outbox", observe.Probe{
		Running: w.Running,
		Backlog: func() (observe.Backlog, error) {
			st, err := w.Status()
			return observe.Backlog{InFlight: st.InFlight, Queued: st.Backlog, Oldest: st.OldestQueuedAge, Failed: st.Failed}, err
		},
	})
	outbox.Attach(app, &outbox.Outbox{Renderer: r, Worker: w})
	bindMailer(app, cfg, os.Stdout)

	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "memberbase.outbox.serve",
		Func: func(se *core.ServeEvent) error {
			if err := se.Next(); err != nil {
				return err
			}
			w.Start()
			return se.App.Cron().Add("memberbase.outbox.retention", outboxRetentionCron, func() {
				res, err := outbox.Retain(se.App, time.Now())
				if err != nil {
					observe.From(se.App).Error("outbox retention failed", "error", err)
					return
				}
				observe.From(se.App).Info("outbox retention", "cleared", res.Cleared, "redacted", res.Redacted, "purged", res.Purged)
			})
		},
	})
	app.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
		Id: "memberbase.outbox.terminate",
		Func: func(e *core.TerminateEvent) error {
			ctx, cancel := context.WithTimeout(context.Background(), outboxShutdownTimeout)
			defer cancel()
			if err := w.Stop(ctx); err != nil {
				observe.From(e.App).Error("outbox worker did not stop in time", "error", err)
			}
			return e.Next()
		},
	})
	wake := func(e *core.RecordEvent) error { w.Wake(); return e.Next() }
	// After-success hooks of a transaction fire after its commit, so the
	// worker never looks for a row it cannot see yet.
	app.OnRecordAfterCreateSuccess(outbox.Collection).Bind(&hook.Handler[*core.RecordEvent]{Id: "memberbase.outbox.wake.create", Func: wake})
	app.OnRecordAfterUpdateSuccess(outbox.Collection).Bind(&hook.Handler[*core.RecordEvent]{Id: "memberbase.outbox.wake.update", Func: wake})
	// A dashboard or REST update reads the stored status and writes the row
	// in one transaction, so the worker cannot claim the row in between.
	app.OnRecordUpdateRequest(outbox.Collection).Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "memberbase.outbox.update.tx",
		Func: func(e *core.RecordRequestEvent) error {
			return e.App.RunInTransaction(func(txApp core.App) error { e.App = txApp; return e.Next() })
		},
	})
	app.OnRecordUpdate(outbox.Collection).Bind(&hook.Handler[*core.RecordEvent]{
		Id: "memberbase.outbox.status",
		Func: func(e *core.RecordEvent) error {
			if err := outbox.CheckStatusChange(e.App, e.Record); err != nil {
				return err
			}
			return e.Next()
		},
	})
	return nil
}
