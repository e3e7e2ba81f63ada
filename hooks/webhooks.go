package hooks

import (
	"context"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/config"
	"memberbase/internal/members"
	"memberbase/internal/observe"
	"memberbase/internal/webhooks"
)

const (
	// webhookQueuePriority runs after the audit hook opened or joined the
	// transaction (-120) and before the members transaction (-100): the
	// delivery row is written once every other handler of the change ran,
	// in its transaction, so any later error rolls it back with the change.
	webhookQueuePriority = -115
	webhookPurgeCron     = "33 3 * * *" // daily payload clearing (UTC)
	webhookStopTimeout   = 5 * time.Second
)

// bindWebhooks attaches the webhook worker (SPEC §17) and binds it: the
// endpoints' secret and URL rule, the deliveries queued in each member and
// privacy-request change's transaction, the redaction in the shared
// erasure, the worker from OnServe to OnTerminate and the daily clearing.
// Bound after the erasure (it appends to its OnErase) and the outbox.
func bindWebhooks(app core.App, cfg *config.Config) error {
	w := webhooks.NewWorker(app, webhooks.Options{
		AllowPrivate: cfg.WebhookAllowPrivate,
		Logger:       observe.From(app),
		OnDeactivated: func(id string) {
			observe.MonitorFrom(app).CaptureFailure("webhooks: endpoint deactivated", map[string]string{"webhook": id})
		},
	})
	webhooks.Attach(app, w)
	observe.WorkersOf(app).Add("webhooks", observe.Probe{
		Running: w.Running,
		Backlog: func() (observe.Backlog, error) {
			st, err := w.Status()
			return observe.Backlog{InFlight: st.InFlight, Queued: st.Backlog, Oldest: st.OldestQueuedAge, Failed: st.Failed}, err
		},
	})

	er, err := members.EraserFrom(app)
	if err != nil {
		return err
	}
	er.OnErase = append(er.OnErase, func(tx core.App, m *core.Record, _ string) error {
		return webhooks.Redact(tx, m.Id)
	})

	prepare := func(e *core.RecordEvent) error {
		if err := webhooks.PrepareEndpoint(e.Record, cfg.IsProduction()); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordCreate(webhooks.Collection).Bind(&hook.Handler[*core.RecordEvent]{Id: "memberbase.webhooks.prepareCreate", Func: prepare})
	// The privacy notice names the endpoints' hosts from a cache: any
	// committed change of an endpoint refreshes it.
	recipients := webhooks.AttachRecipients(app)
	forget := func(e *core.RecordEvent) error { recipients.Invalidate(); return e.Next() }
	app.OnRecordAfterCreateSuccess(webhooks.Collection).Bind(&hook.Handler[*core.RecordEvent]{Id: "memberbase.webhooks.recipients.create", Func: forget})
	app.OnRecordAfterUpdateSuccess(webhooks.Collection).Bind(&hook.Handler[*core.RecordEvent]{Id: "memberbase.webhooks.recipients.update", Func: forget})
	app.OnRecordAfterDeleteSuccess(webhooks.Collection).Bind(&hook.Handler[*core.RecordEvent]{Id: "memberbase.webhooks.recipients.delete", Func: forget})
	app.OnRecordUpdate(webhooks.Collection).Bind(&hook.Handler[*core.RecordEvent]{Id: "memberbase.webhooks.prepareUpdate", Func: prepare})
	bindWebhookEvents(app)

	// webhooks.Queue wakes the worker itself once the change's transaction
	// committed (the worker never looks for a row it cannot see yet).
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "memberbase.webhooks.serve",
		Func: func(se *core.ServeEvent) error {
			// The worker's claims and result writes let the requests
			// in flight write first (bounded: see webhooks.Options.YieldMax).
			se.Router.Bind(webhooks.CountWriteRequests(w))
			// The deliveries queued in each change's transaction read the
			// subscribed endpoints from a cache that endpoint writes keep
			// current. Only the serving process caches: the endpoints are
			// changed through it, while a second process (an import
			// beside serve) reads them for each change.
			webhooks.AttachSubscribers(se.App)
			if err := se.Next(); err != nil {
				return err
			}
			w.Start()
			return se.App.Cron().Add("memberbase.webhooks.purge", webhookPurgeCron, func() {
				n, err := webhooks.Purge(se.App, time.Now())
				if err != nil {
					observe.From(se.App).Error("webhook payload clearing failed", "error", err)
					return
				}
				observe.From(se.App).Info("webhook payload clearing", "cleared", n)
			})
		},
	})
	app.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
		Id: "memberbase.webhooks.terminate",
		Func: func(e *core.TerminateEvent) error {
			ctx, cancel := context.WithTimeout(context.Background(), webhookStopTimeout)
			defer cancel()
			if err := w.Stop(ctx); err != nil {
				observe.From(e.App).Error("webhook worker did not stop in time", "error", err)
			}
			return e.Next()
		},
	})
	return nil
}
