package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/dues"
	"memberbase/internal/webhooks"
)

// webhookEvent decides a change's event and data from the record before
// and after it ("" for none); before is nil on a create. tx is the
// change's transaction, for reading related rows.
type webhookEvent func(tx core.App, before, after *core.Record) (event string, data map[string]any)

// bindWebhookEvents queues the member, privacy-request and period events.
func bindWebhookEvents(app core.App) {
	bindWebhookEvent(app, "members", true, func(_ core.App, before, after *core.Record) (string, map[string]any) {
		if before == nil {
			return webhooks.EventMemberCreated, webhooks.MemberData(after, nil)
		}
		changed := webhooks.ChangedFields(before, after)
		switch ev := webhooks.MemberEvent(before, after, changed); ev {
		case webhooks.EventMemberErased:
			return ev, webhooks.ErasedData(after)
		case "":
			return "", nil
		default:
			return ev, webhooks.MemberData(after, changed)
		}
	})
	bindWebhookEvent(app, "privacy_requests", false, func(_ core.App, before, after *core.Record) (string, map[string]any) {
		if before == nil || before.GetString("status") == after.GetString("status") {
			return "", nil
		}
		return webhooks.EventPrivacyStatusChanged, webhooks.PrivacyData(after)
	})
	// A period becomes paid by a payment, an editor, or an import's
	// paid_through (created paid).
	bindWebhookEvent(app, dues.Periods, true, func(tx core.App, before, after *core.Record) (string, map[string]any) {
		if after.GetString("status") != dues.PeriodPaid || (before != nil && before.GetString("status") == dues.PeriodPaid) {
			return "", nil
		}
		var memberID string
		if m, err := tx.FindRecordById("members", after.GetString("member")); err == nil {
			memberID = m.GetString("member_id")
		}
		return webhooks.EventPeriodPaid, webhooks.PeriodData(after, memberID)
	})
}

// bindWebhookEvent binds decide on collection's updates (and creates when
// onCreate) at webhookQueuePriority: it reads the stored row first, lets
// the change run, then queues in the change's transaction, opening one
// when the caller has none (e.App goes back to the outer app afterwards).
func bindWebhookEvent(app core.App, collection string, onCreate bool, decide webhookEvent) {
	handler := func(e *core.RecordEvent) error {
		return inTx(e, func(tx core.App) error {
			var before *core.Record
			if !e.Record.IsNew() {
				// Original() is what was loaded; a record created in this
				// process and saved again has none: read the stored row.
				if before = e.Record.Original(); before.Id == "" {
					stored, err := tx.FindRecordById(e.Record.Collection(), e.Record.Id)
					if err != nil {
						return err
					}
					before = stored
				}
			}
			if err := e.Next(); err != nil {
				return err
			}
			event, data := decide(tx, before, e.Record)
			if event == "" {
				return nil
			}
			_, err := webhooks.Queue(tx, event, data)
			return err
		})
	}
	// Ids name the collection: the tagged hooks share one hook, where a
	// second handler with the same id would replace the first.
	id := "memberbase.webhooks.queue." + collection
	if onCreate {
		app.OnRecordCreate(collection).Bind(&hook.Handler[*core.RecordEvent]{Id: id + ".create", Priority: webhookQueuePriority, Func: handler})
	}
	app.OnRecordUpdate(collection).Bind(&hook.Handler[*core.RecordEvent]{Id: id + ".update", Priority: webhookQueuePriority, Func: handler})
}
