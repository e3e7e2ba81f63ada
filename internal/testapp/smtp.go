package testapp

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// DeliverSMTP makes app's mail really leave through the mailer memberbase
// chose (the SMTP client with deadlines when MEMBERBASE_SMTP_HOST is set),
// instead of stopping at the TestMailer that tests.TestApp binds: use it with
// an internal/smtptest server to test delivery end to end.
func DeliverSMTP(app core.App) {
	app.OnMailerSend().Bind(&hook.Handler[*core.MailerEvent]{
		Id: "testapp.deliver-smtp",
		// After memberbase's mailer choice (-100010), before TestMailer's
		// capture (-99999), which it never reaches.
		Priority: -100005,
		Func: func(e *core.MailerEvent) error {
			return e.Mailer.Send(e.Message)
		},
	})
}
