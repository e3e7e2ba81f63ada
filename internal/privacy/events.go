package privacy

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// addEvent records one status change of a request in privacy_events. It
// holds ids and statuses only: no personal data.
func addEvent(tx core.App, requestID, from, to, actor string) error {
	col, err := tx.FindCachedCollectionByNameOrId(EventsCollection)
	if err != nil {
		return fmt.Errorf("privacy: %w", err)
	}
	ev := core.NewRecord(col)
	ev.Set("request", requestID)
	ev.Set("from_status", from)
	ev.Set("to_status", to)
	ev.Set("actor", actor)
	if err := tx.Save(ev); err != nil {
		return fmt.Errorf("privacy: record %s → %s: %w", from, to, err)
	}
	return nil
}

// Event is one row of privacy_events.
type Event struct {
	ID      string `db:"id"`
	Request string `db:"request"`
	From    string `db:"from_status"`
	To      string `db:"to_status"`
	Actor   string `db:"actor"`
	Created string `db:"created"`
}

// memberEvents lists the events of every request of a member, oldest first
// (rowid breaks ties within a millisecond, in insert order).
func memberEvents(app core.App, memberID string) ([]Event, error) {
	var out []Event
	err := app.DB().NewQuery(`SELECT e.id, e.request, e.from_status, e.to_status, e.actor, e.created
		FROM ` + EventsCollection + ` e JOIN ` + Collection + ` r ON r.id = e.request
		WHERE r.member = {:member} ORDER BY e.created, e.rowid`).
		Bind(dbx.Params{"member": memberID}).All(&out)
	if err != nil {
		return nil, fmt.Errorf("privacy: events: %w", err)
	}
	return out, nil
}

// RequestEvents lists one request's events, oldest first.
func RequestEvents(app core.App, requestID string) ([]Event, error) {
	var out []Event
	err := app.DB().NewQuery(`SELECT id, request, from_status, to_status, actor, created
		FROM ` + EventsCollection + ` WHERE request = {:r} ORDER BY created, rowid`).
		Bind(dbx.Params{"r": requestID}).All(&out)
	if err != nil {
		return nil, fmt.Errorf("privacy: events: %w", err)
	}
	return out, nil
}
