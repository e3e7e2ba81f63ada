package announce

import "github.com/pocketbase/pocketbase/core"

// content are the fields that make the mail; they are frozen once sending
// starts, so every recipient gets the same announcement.
var content = []string{"subject", "body", "audience"}

// serverOwned are the progress fields only the runner writes.
var serverOwned = []string{"sent_count", "failed_count", "expanded_to", "expanded"}

// CheckRequest vets a dashboard or REST write of a (old is the stored
// status, "" for a create). It returns the refusal's message, or "":
// `sending` and `sent` are the server's; once sending starts, only a
// cancellation is accepted; sent and cancelled announcements are final;
// progress fields are never written by a request.
func CheckRequest(old string, a *core.Record) string {
	st := a.GetString("status")
	for _, f := range serverOwned {
		if a.IsNew() && !isZero(a.Get(f)) || !a.IsNew() && a.Original().Get(f) != a.Get(f) {
			return "The progress fields are set by the server."
		}
	}
	switch old {
	case StatusSent, StatusCancelled:
		if st != old || changed(a) {
			return "This announcement is final: write a new one."
		}
		return ""
	case StatusSending:
		if st == StatusCancelled && !changed(a) {
			return ""
		}
		if st != old || changed(a) {
			return "This announcement is being sent: it can only be cancelled."
		}
		return ""
	}
	if st == StatusSending || st == StatusSent {
		return "Set the status to scheduled to send; the server sets sending and sent."
	}
	return ""
}

func changed(a *core.Record) bool {
	for _, f := range content {
		if a.Original().GetString(f) != a.GetString(f) {
			return true
		}
	}
	return false
}

func isZero(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case bool:
		return !x
	case float64:
		return x == 0
	case int:
		return x == 0
	}
	return false
}
