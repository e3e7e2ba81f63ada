package hooks

import (
	"errors"
	"fmt"
	"io"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/config"
	"memberbase/internal/outbox"
)

// mailerPriority runs before the test app's TestMailer handler (-99999), so
// tests still capture mail, and before PocketBase hands a message to its
// own SMTP client or to sendmail.
const mailerPriority = -100010

// bindMailer decides how every mail leaves, ours and PocketBase's own alike.
// With SMTP set, through [outbox.SMTPMailer], whose conversation has a
// deadline (PocketBase's client has none), bound to the worker's send
// context for outbox mails, on connections kept open between sends. Without it: printed to out in development, an
// error in production (never a local sendmail). PocketBase's dev mode
// already prints every mail, so then nothing is printed twice.
func bindMailer(app core.App, cfg *config.Config, out io.Writer) {
	// The SMTP mailer keeps connections open between sends: end them with
	// the app.
	app.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
		Id: "memberbase.mail.pool",
		Func: func(e *core.TerminateEvent) error {
			outbox.ClosePool(e.App)
			return e.Next()
		},
	})
	app.OnMailerSend().Bind(&hook.Handler[*core.MailerEvent]{
		Id:       "memberbase.mail",
		Priority: mailerPriority,
		Func: func(e *core.MailerEvent) error {
			if e.App.Settings().SMTP.Enabled {
				e.Mailer = outbox.NewSMTPMailer(e.App, e.Message)
				return e.Next()
			}
			if cfg.IsProduction() {
				return errors.New("mail: no SMTP server configured (set MEMBERBASE_SMTP_HOST)")
			}
			w := out
			if e.App.IsDev() {
				w = io.Discard
			}
			e.Mailer = &outbox.ConsoleMailer{W: w}
			if err := e.Next(); err != nil {
				return fmt.Errorf("console mail: %w", err)
			}
			return nil
		},
	})
}
