package hooks

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/config"
	"memberbase/internal/intake"
	"memberbase/internal/members"
	"memberbase/internal/observe"
	"memberbase/internal/selfservice"
)

// eraseLeftCron runs the ERASE_LEFT_AFTER job daily (UTC).
const eraseLeftCron = "45 4 * * *"

// bindSelfService attaches the self-service rules (SPEC §14), registers
// their intake processors (the manage link and the email change), adds their
// clean-up to the shared erasure (bound before, with the privacy hooks) and
// schedules the daily ERASE_LEFT_AFTER job, which calls that erasure.
func bindSelfService(app core.App, cfg *config.Config, w *intake.Worker) error {
	svc := selfservice.New(selfservice.Options{PrivacyContact: cfg.PrivacyContact})
	selfservice.Attach(app, svc)
	w.Handle(intake.KindManage, svc.Manage)
	w.Handle(intake.KindEmailChange, svc.EmailChange)

	er, err := members.EraserFrom(app)
	if err != nil {
		return err
	}
	er.OnErase = append(er.OnErase, func(tx core.App, m *core.Record, _ string) error {
		return selfservice.ForgetMember(tx, m.Id)
	})
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "memberbase.selfservice.eraseLeft",
		Func: func(se *core.ServeEvent) error {
			if err := se.Next(); err != nil {
				return err
			}
			return se.App.Cron().Add("memberbase.eraseLeft", eraseLeftCron, func() {
				n, err := selfservice.EraseLeft(se.App, time.Now(), cfg.EraseLeftAfter, er.Erase)
				if err != nil {
					observe.From(se.App).Error("erase-left job failed", "error", err, "erased", n)
					return
				}
				if n > 0 {
					observe.From(se.App).Info("erase-left job", "erased", n)
				}
			})
		},
	})
	return nil
}
