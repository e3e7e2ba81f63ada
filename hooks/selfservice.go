package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/config"
	"memberbase/internal/intake"
	"memberbase/internal/selfservice"
)

// bindSelfService attaches the self-service rules (SPEC §14) and registers
// their intake processors: the manage link and the email change. The daily
// ERASE_LEFT_AFTER job (selfservice.EraseLeft) is scheduled with the shared
// erasure, which it calls.
func bindSelfService(app core.App, cfg *config.Config, w *intake.Worker) {
	svc := selfservice.New(selfservice.Options{PrivacyContact: cfg.PrivacyContact})
	selfservice.Attach(app, svc)
	w.Handle(intake.KindManage, svc.Manage)
	w.Handle(intake.KindEmailChange, svc.EmailChange)
}
