package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// erasure_suppressions keeps an HMAC of every erased address (SPEC §9), so
// `members import` can refuse an erased person found in an old register;
// email_outbox.redact marks rows whose recipient and bodies are emptied as
// soon as their final outcome is recorded (mails to an erased address that
// were being sent, and the deletion-completed mail itself).
func init() {
	m.Register(func(app core.App) error {
		c := core.NewBaseCollection("erasure_suppressions")
		c.Fields.Add(&core.TextField{Name: "hash", Required: true, Max: 64})
		c.Fields.Add(timestamps()...)
		c.AddIndex("idx_erasure_suppressions_hash", true, "hash", "")
		if err := app.Save(c); err != nil {
			return err
		}
		o, err := app.FindCollectionByNameOrId("email_outbox")
		if err != nil {
			return err
		}
		o.Fields.Add(&core.BoolField{Name: "redact"})
		return app.Save(o)
	}, func(app core.App) error {
		o, err := app.FindCollectionByNameOrId("email_outbox")
		if err != nil {
			return err
		}
		o.Fields.RemoveByName("redact")
		if err := app.Save(o); err != nil {
			return err
		}
		return deleteCollections(app, "erasure_suppressions")
	}, "1764230442_erasure.go")
}
