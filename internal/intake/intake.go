// Package intake is the durable queue behind every public POST that names an
// address (join, member-ID reminder, data export, deletion, …). The request
// path only validates and calls [Submit], which writes one row: the same work
// whatever the address. A [Worker] then claims rows in batches with a lease,
// hands each to the processor registered for its kind, and deletes it in the
// processor's transaction. Whether the address belongs to a member is only
// ever decided there, off the request path.
package intake

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"
)

// Collection is the intake collection's name.
const Collection = "intake"

// The kinds of intake rows (the values of intake.kind).
const (
	KindJoin     = "join"
	KindMemberID = "member_id"
	KindDetails  = "details"
	KindDeletion = "deletion"
	// Member self-service (SPEC §14).
	KindManage      = "manage"
	KindEmailChange = "email_change"
)

// Item is one claimed intake row, as a processor receives it.
type Item struct {
	ID       string `db:"id"`
	Kind     string `db:"kind"`
	Email    string `db:"email"`
	Payload  string `db:"payload"`
	Attempts int    `db:"attempts"`
	// LeaseUntil identifies this claim: only its holder may finish the row.
	LeaseUntil string `db:"lease_until"`
}

// Decode unmarshals the row's payload into v.
func (it Item) Decode(v any) error {
	if it.Payload == "" || it.Payload == "null" {
		return nil
	}
	if err := json.Unmarshal([]byte(it.Payload), v); err != nil {
		return fmt.Errorf("intake: payload of %s row: %w", it.Kind, err)
	}
	return nil
}

// Processor handles one intake row inside txApp, the transaction that also
// deletes the row: whatever it writes (join requests, outbox mails) commits
// together with the row's removal, or not at all. An error rolls everything
// back and the row is retried with backoff.
type Processor func(txApp core.App, it Item) error

// Submit stores one intake row through app (the request's app or a
// transaction). It is the whole of the request path's work for a public
// form that names an address, so it must not depend on the address: no
// lookup, one insert. While it runs, the app's worker holds its next batch
// back (up to Options.YieldMax), so the insert does not queue behind one.
// The worker is woken after commit by the record's
// after-create hook.
func Submit(app core.App, kind, email string, payload any) error {
	if kind == "" {
		return errors.New("intake: empty kind")
	}
	col, err := app.FindCachedCollectionByNameOrId(Collection)
	if err != nil {
		return fmt.Errorf("intake: %w", err)
	}
	if w, err := FromApp(app); err == nil {
		defer w.requests.Started()()
	}
	r := core.NewRecord(col)
	r.Set("kind", kind)
	r.Set("email", email)
	if payload != nil {
		r.Set("payload", payload)
	}
	if err := app.Save(r); err != nil {
		return fmt.Errorf("intake: submit %s: %w", kind, err)
	}
	return nil
}

// storeKey holds the app's *Worker in app.Store().
const storeKey = "memberbase.intake"

// Attach makes w the app's intake worker (hooks do it at start-up).
func Attach(app core.App, w *Worker) { app.Store().Set(storeKey, w) }

// FromApp returns the intake worker attached to app.
func FromApp(app core.App) (*Worker, error) {
	w, ok := app.Store().Get(storeKey).(*Worker)
	if !ok || w == nil {
		return nil, errors.New("intake: not attached to this app")
	}
	return w, nil
}
