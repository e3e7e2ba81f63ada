package hooks

import (
	"context"
	"net/url"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/announce"
	"memberbase/internal/config"
	"memberbase/internal/observe"
)

// announceInterval is how often the announcements runner looks for due
// schedules and progress when nothing wakes it.
const announceInterval = 30 * time.Second

// bindAnnouncements attaches the announcement rules (SPEC §19), runs their
// runner from OnServe to OnTerminate (woken by every change of the
// collection), and binds the status changes: `test` queues the test mail
// and returns to draft, `cancelled` stops a send, both in the change's
// transaction; requests may not set the server's statuses.
func bindAnnouncements(app core.App, cfg *config.Config) {
	listID := "announcements.memberbase"
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Hostname() != "" {
		listID = "announcements." + u.Hostname()
	}
	svc := announce.New(announce.Options{BaseURL: cfg.BaseURL, ListID: listID})
	announce.Attach(app, svc)
	r := &announce.Runner{App: app, Service: svc, Interval: announceInterval, Logger: observe.From(app)}
	observe.WorkersOf(app).Add("announcements", observe.Probe{Running: r.Running,
		// The backlog is the announcements still to send; their mails
		// count in the outbox's.
		Backlog: func() (observe.Backlog, error) {
			n, err := app.CountRecords(announce.Collection, dbx.NewExp("status IN ('scheduled', 'sending')"))
			return observe.Backlog{Queued: int(n)}, err
		}})

	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "memberbase.announce.serve",
		Func: func(se *core.ServeEvent) error {
			if err := se.Next(); err != nil {
				return err
			}
			r.Start()
			return nil
		},
	})
	app.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
		Id: "memberbase.announce.terminate",
		Func: func(e *core.TerminateEvent) error {
			ctx, cancel := context.WithTimeout(context.Background(), outboxShutdownTimeout)
			defer cancel()
			if err := r.Stop(ctx); err != nil {
				observe.From(e.App).Error("announcements runner did not stop in time", "error", err)
			}
			return e.Next()
		},
	})
	wake := func(e *core.RecordEvent) error { r.Wake(); return e.Next() }
	app.OnRecordAfterCreateSuccess(announce.Collection).Bind(&hook.Handler[*core.RecordEvent]{Id: "memberbase.announce.wake.create", Func: wake})
	app.OnRecordAfterUpdateSuccess(announce.Collection).Bind(&hook.Handler[*core.RecordEvent]{Id: "memberbase.announce.wake.update", Func: wake})

	status := func(e *core.RecordEvent) error {
		return e.App.RunInTransaction(func(tx core.App) error {
			e.App = tx
			old := ""
			if !e.Record.IsNew() {
				old = e.Record.Original().GetString("status")
			}
			switch st := e.Record.GetString("status"); {
			case st == announce.StatusTest:
				if err := svc.SendTest(tx, e.Record); err != nil {
					return err
				}
				e.Record.Set("status", announce.StatusDraft)
			case st == announce.StatusCancelled && old != announce.StatusCancelled && old != "":
				if err := svc.Cancel(tx, e.Record); err != nil {
					return err
				}
			}
			return e.Next()
		})
	}
	app.OnRecordCreate(announce.Collection).Bind(&hook.Handler[*core.RecordEvent]{Id: "memberbase.announce.status.create", Func: status})
	app.OnRecordUpdate(announce.Collection).Bind(&hook.Handler[*core.RecordEvent]{Id: "memberbase.announce.status.update", Func: status})

	guard := func(e *core.RecordRequestEvent) error {
		old := ""
		if !e.Record.IsNew() {
			old = e.Record.Original().GetString("status")
		}
		if msg := announce.CheckRequest(old, e.Record); msg != "" {
			return apis.NewBadRequestError(msg, nil)
		}
		return e.Next()
	}
	app.OnRecordCreateRequest(announce.Collection).Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "memberbase.announce.guard.create", Func: guard})
	app.OnRecordUpdateRequest(announce.Collection).Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "memberbase.announce.guard.update", Func: guard})
}
