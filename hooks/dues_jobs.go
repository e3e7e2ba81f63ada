package hooks

import (
	"context"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/config"
	"memberbase/internal/dues"
	"memberbase/internal/observe"
)

// bindDuesJobs schedules the dues lifecycle (LIFECYCLE_CRON) and the daily
// clearing of payer and reference past FINANCE_RETENTION.
func bindDuesJobs(app core.App, cfg *config.Config, svc *dues.Service) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "memberbase.dues.lifecycle",
		Func: func(se *core.ServeEvent) error {
			if err := se.Next(); err != nil {
				return err
			}
			if err := se.App.Cron().Add("memberbase.dues.lifecycle", cfg.LifecycleCron, func() { runLifecycle(se.App, svc) }); err != nil {
				return err
			}
			return se.App.Cron().Add("memberbase.dues.retention", financeRetentionCron, func() {
				n, err := svc.ClearExpired(se.App)
				if err != nil {
					observe.From(se.App).Error("dues retention failed", "error", err, "cleared", n)
					return
				}
				if n > 0 {
					observe.From(se.App).Info("dues retention", "cleared", n)
				}
			})
		},
	})
}

// runLifecycle is one scheduled run of the dues lifecycle job, logged once.
func runLifecycle(app core.App, svc *dues.Service) {
	rep, err := svc.RunLifecycle(context.Background(), app)
	log := observe.From(app)
	if err != nil {
		log.Error("dues lifecycle: some members failed", "error", err, "failed", rep.Failed, "checked", rep.Checked)
	}
	if rep.Created+rep.Notices+rep.Reminders+rep.Lapsed > 0 {
		log.Info("dues lifecycle", "checked", rep.Checked, "periods", rep.Created, "notices", rep.Notices,
			"reminders", rep.Reminders, "lapsed", rep.Lapsed)
	}
}

// bindPlanOffers drops the join form's cached plans on every change of the
// plans collection.
func bindPlanOffers(app core.App, cache interface{ Invalidate() }) {
	invalidate := func(e *core.ModelEvent) error {
		cache.Invalidate()
		return e.Next()
	}
	app.OnModelAfterCreateSuccess(dues.Plans).Bind(&hook.Handler[*core.ModelEvent]{Id: "memberbase.plans.create", Func: invalidate})
	app.OnModelAfterUpdateSuccess(dues.Plans).Bind(&hook.Handler[*core.ModelEvent]{Id: "memberbase.plans.update", Func: invalidate})
	app.OnModelAfterDeleteSuccess(dues.Plans).Bind(&hook.Handler[*core.ModelEvent]{Id: "memberbase.plans.delete", Func: invalidate})
}
