package selfservice_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/selfservice"
	"memberbase/internal/testapp"
)

// ERASE_LEFT_AFTER hands exactly the members cancelled for longer than the
// period to the erasure, measured on the injected clock, each in its own
// transaction; 0 means never.
func TestEraseLeftSelectsMembersCancelledLongerThanThePeriod(t *testing.T) {
	app, _ := testapp.New(t, nil)
	now := time.Date(2027, 6, 1, 12, 0, 0, 0, time.UTC)
	year := 365 * 24 * time.Hour
	save := func(email, status, leftAt string) string {
		return testapp.SaveMember(t, app, map[string]any{"email": email, "status": status, "left_at": leftAt}).Id
	}
	old := save("old@example.org", "cancelled", "2026-05-01 00:00:00.000Z")
	save("recent@example.org", "cancelled", "2026-07-01 00:00:00.000Z")
	save("edge@example.org", "cancelled", "2026-06-01 12:00:00.000Z") // exactly the period: not longer
	save("active@example.org", "active", "")
	save("lapsed@example.org", "lapsed", "")

	var erased []string
	stub := func(tx core.App, m *core.Record) error {
		if !tx.IsTransactional() {
			t.Error("erase ran outside a transaction")
		}
		erased = append(erased, m.Id)
		return nil
	}
	n, err := selfservice.EraseLeft(app, now, year, stub)
	if err != nil || n != 1 || !slices.Equal(erased, []string{old}) {
		t.Fatalf("erased %v (%d, %v), want only %s", erased, n, err, old)
	}

	erased = nil
	if n, err := selfservice.EraseLeft(app, now, 0, stub); n != 0 || err != nil || erased != nil {
		t.Fatalf("period 0 erased %v", erased)
	}

	// A year later, the recent and the edge member are due too.
	erased = nil
	if n, err := selfservice.EraseLeft(app, now.Add(year), year, stub); err != nil || n != 3 {
		t.Fatalf("a year later: %d %v", n, err)
	}

	// A failing erase stops the run with the error.
	boom := errors.New("boom")
	if _, err := selfservice.EraseLeft(app, now, year, func(core.App, *core.Record) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("error %v, want boom", err)
	}
}

// A member who rejoined keeps nothing of the leaving and is never erased.
func TestEraseLeftSkipsRejoinedMembers(t *testing.T) {
	app, _ := testapp.New(t, nil)
	m := testapp.SaveMember(t, app, map[string]any{"status": "cancelled", "left_at": "2020-01-01 00:00:00.000Z"})
	m.Set("status", "active")
	if err := app.Save(m); err != nil {
		t.Fatal(err)
	}
	n, err := selfservice.EraseLeft(app, time.Now(), time.Hour, func(core.App, *core.Record) error {
		t.Error("a rejoined member was erased")
		return nil
	})
	if n != 0 || err != nil {
		t.Fatalf("%d %v", n, err)
	}
}
