package outbox

import (
	"fmt"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// CheckStatusChange vets a change of an outbox row made through PocketBase
// (the dashboard or REST; the worker writes with SQL and is not affected).
// Admins may requeue a mail (status queued), which resets its retry count,
// or cancel one; the other statuses belong to the worker.
//
// The status it changes from is read through app, not taken from the record
// as loaded: the worker may have claimed the row since (hooks run REST
// updates in a transaction, so nothing comes between this read and the
// write). A row in `sending`
// is out of bounds until the worker records the result: requeueing it would
// send it twice, and cancelling it would not stop the send under way. A
// mail whose body is gone (a sensitive mail after its final outcome) cannot
// be requeued: the token or personal data it carried was deliberately
// destroyed. Cancelling a sensitive mail clears its bodies in the same save.
func CheckStatusChange(app core.App, r *core.Record) error {
	if r.IsNew() {
		return nil
	}
	var from string
	err := app.DB().NewQuery(`SELECT status FROM email_outbox WHERE id = {:id}`).
		Bind(dbx.Params{"id": r.Id}).Row(&from)
	if err != nil {
		return fmt.Errorf("outbox: read the stored status: %w", err)
	}
	to := r.GetString("status")
	if to == from {
		return nil
	}
	if from == StatusSending {
		return validation.Errors{"status": validation.NewError("outbox_in_flight",
			"This mail is being sent right now. Wait until the worker records the result (at most a few minutes), then requeue or cancel it.")}
	}
	switch to {
	case StatusQueued:
		if r.GetString("text_body") == "" || r.GetString("html_body") == "" {
			msg := "This mail has no body left to send."
			if r.GetBool("sensitive") {
				msg = "This mail carried a token or personal data; its body was cleared after the final attempt, so it cannot be sent again. The member has to ask again."
			}
			return validation.Errors{"status": validation.NewError("outbox_body_cleared", msg)}
		}
		r.Set("attempts", 0)
		r.Set("next_attempt_at", "")
		r.Set("lease_until", "")
		return nil
	case StatusCancelled:
		if r.GetBool("sensitive") {
			r.Set("text_body", "")
			r.Set("html_body", "")
		}
		return nil
	default:
		return validation.Errors{"status": validation.NewError("outbox_worker_status",
			"Only the mail worker sets this status; set queued to resend or cancelled to stop a mail.")}
	}
}
