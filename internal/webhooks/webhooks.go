// Package webhooks sends signed HTTP notifications of committed changes to
// the endpoints superusers register (SPEC §17). Model hooks in hooks/ call
// [Queue] inside the transaction of each change, so a delivery exists
// exactly when its change committed; a [Worker] on a [jobs.Loop] posts the
// deliveries to the Standard Webhooks specification and retries them.
package webhooks

import (
	"errors"

	"github.com/pocketbase/pocketbase/core"
)

// Collections.
const (
	Collection           = "webhooks"
	DeliveriesCollection = "webhook_deliveries"
)

// Events an endpoint can subscribe to, and the ping of the test endpoint.
// EventPeriodPaid is queued by hooks/ when a period becomes paid.
const (
	EventMemberCreated        = "member.created"
	EventMemberUpdated        = "member.updated"
	EventMemberStatusChanged  = "member.status_changed"
	EventMemberErased         = "member.erased"
	EventPeriodPaid           = "period.paid"
	EventPrivacyStatusChanged = "privacy_request.status_changed"
	EventPing                 = "ping"
)

// Delivery statuses.
const (
	StatusQueued    = "queued"
	StatusSending   = "sending"
	StatusDelivered = "delivered"
	StatusFailed    = "failed"
)

// storeKey holds the app's *Worker in app.Store().
const storeKey = "memberbase.webhooks"

// Attach makes w the app's webhook worker (hooks.bindWebhooks does it).
func Attach(app core.App, w *Worker) { app.Store().Set(storeKey, w) }

// FromApp returns the worker attached to app.
func FromApp(app core.App) (*Worker, error) {
	w, ok := app.Store().Get(storeKey).(*Worker)
	if !ok || w == nil {
		return nil, errors.New("webhooks: not attached to this app")
	}
	return w, nil
}
