package outbox

import (
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"
)

// Outbox bundles the mail renderer and the worker of one app, so that other
// features can queue a mail by kind without holding either themselves.
type Outbox struct {
	Renderer *Renderer
	Worker   *Worker
}

// storeKey holds the app's *Outbox in app.Store().
const storeKey = "memberbase.outbox"

// Attach makes o the app's outbox (hooks.bindOutbox does it at start-up).
func Attach(app core.App, o *Outbox) { app.Store().Set(storeKey, o) }

// FromApp returns the outbox attached to app (a transaction's txApp shares
// its parent's store).
func FromApp(app core.App) (*Outbox, error) {
	o, ok := app.Store().Get(storeKey).(*Outbox)
	if !ok || o == nil {
		return nil, errors.New("outbox: not attached to this app")
	}
	return o, nil
}

// Queue renders kind with data and enqueues it for to through txApp, in the
// caller's transaction. See [Enqueue] for dedupeKey and sensitive.
func (o *Outbox) Queue(txApp core.App, kind, to, dedupeKey string, sensitive bool, data any) error {
	r, err := o.Renderer.Render(kind, data)
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return Enqueue(txApp, Message{To: to, Kind: kind, Subject: r.Subject, Text: r.Text, HTML: r.HTML,
		Sensitive: sensitive, DedupeKey: dedupeKey})
}
