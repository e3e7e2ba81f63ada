package outbox

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// CheckStatusChange vets a change of an outbox row made through PocketBase
// (the dashboard or REST; the worker writes with SQL and is not affected).
// Admins may requeue a mail (status queued), which resets its retry count,
// or cancel one; the other statuses belong to the worker. A mail whose body
// is gone (a sensitive mail after its final outcome) cannot be requeued:
// the token or personal data it carried was deliberately destroyed.
func CheckStatusChange(r *core.Record) error {
	from, to := r.Original().GetString("status"), r.GetString("status")
	if r.IsNew() || from == to {
		return nil
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
		return nil
	default:
		return validation.Errors{"status": validation.NewError("outbox_worker_status",
			"Only the mail worker sets this status; set queued to resend or cancelled to stop a mail.")}
	}
}
