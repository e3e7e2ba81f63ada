package hooks_test

import (
	"errors"
	"testing"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

// newMember builds an unsaved member record.
func newMember(t testing.TB, app core.App, first, email string) *core.Record {
	t.Helper()
	// No status: the members hook defaults it.
	return testapp.NewMember(t, app, map[string]any{"first_name": first, "last_name": "Tester", "email": email, "status": ""})
}

func sequence(t testing.TB, app core.App) int64 {
	t.Helper()
	n, err := members.Current(app)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSaveAssignsIDsInFormat(t *testing.T) {
	app, _ := testapp.New(t, map[string]string{"MEMBER_ID_PREFIX": "U-", "MEMBER_ID_WIDTH": "3"})
	for i, want := range []string{"U-001", "U-002"} {
		r := newMember(t, app, "Ann", []string{"a@example.org", "b@example.org"}[i])
		if err := app.Save(r); err != nil {
			t.Fatalf("save: %v", err)
		}
		if got := r.GetString("member_id"); got != want {
			t.Errorf("member_id = %q, want %q", got, want)
		}
		if r.GetString("status") != "active" {
			t.Errorf("status = %q, want the default active", r.GetString("status"))
		}
	}
	// A given ID in our format moves the sequence past it; wider numbers
	// are written in full.
	r := newMember(t, app, "Imported", "c@example.org")
	r.Set("member_id", "U-1500")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	r = newMember(t, app, "Next", "d@example.org")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if got := r.GetString("member_id"); got != "U-1501" {
		t.Errorf("after an imported U-1500 got %q, want U-1501", got)
	}
	// A foreign ID is kept and leaves the sequence alone.
	r = newMember(t, app, "Legacy", "e@example.org")
	r.Set("member_id", "OLD-77")
	if err := app.Save(r); err != nil || r.GetString("member_id") != "OLD-77" {
		t.Fatalf("foreign id: %v %q", err, r.GetString("member_id"))
	}
	if n := sequence(t, app); n != 1501 {
		t.Errorf("sequence = %d, want 1501", n)
	}
}

func TestDeletedNumbersAreNeverReused(t *testing.T) {
	app, _ := testapp.New(t, nil)
	a := newMember(t, app, "Ann", "a@example.org")
	b := newMember(t, app, "Bob", "b@example.org")
	for _, r := range []*core.Record{a, b} {
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := app.Delete(b); err != nil {
		t.Fatal(err)
	}
	// Erasing keeps the row (and its number) as a tombstone.
	for _, f := range []string{"first_name", "last_name", "email"} {
		a.Set(f, "")
	}
	a.Set("status", "erased")
	if err := app.Save(a); err != nil {
		t.Fatalf("erase: %v", err)
	}
	c := newMember(t, app, "Cem", "b@example.org")
	if err := app.Save(c); err != nil {
		t.Fatal(err)
	}
	if got := c.GetString("member_id"); got != "M-000003" {
		t.Errorf("after delete got %q, want M-000003", got)
	}
}

func TestFailedCreateConsumesNoNumber(t *testing.T) {
	app, _ := testapp.New(t, nil)
	if err := app.Save(newMember(t, app, "Ann", "ann@example.org")); err != nil {
		t.Fatal(err)
	}
	before := sequence(t, app)

	var verrs validation.Errors
	err := app.Save(newMember(t, app, "", "x@example.org"))
	if !errors.As(err, &verrs) || verrs["first_name"] == nil {
		t.Fatalf("missing name: got %v, want a first_name validation error", err)
	}
	// The clash is found by the unique index inside the insert, after the
	// number was drawn: the rollback must take the number back.
	clash := newMember(t, app, "Other", "ANN@example.org ")
	err = app.Save(clash)
	if !errors.As(err, &verrs) || verrs["email"] == nil {
		t.Fatalf("email clash: got %v, want an email error", err)
	}
	if clash.GetString("member_id") != "" {
		t.Errorf("failed record kept member_id %q", clash.GetString("member_id"))
	}
	// An error from a later hook in the same chain rolls back too.
	app.OnRecordCreate("members").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("first_name") == "Boom" {
			return errors.New("boom")
		}
		return e.Next()
	})
	if err := app.Save(newMember(t, app, "Boom", "boom@example.org")); err == nil {
		t.Fatal("hook error not returned")
	}
	if n := sequence(t, app); n != before {
		t.Errorf("sequence moved from %d to %d on failed creates", before, n)
	}
	if n, _ := app.CountRecords("members"); n != 1 {
		t.Errorf("members = %d, want 1 (failed creates must leave no row)", n)
	}
	ok := newMember(t, app, "Next", "next@example.org")
	if err := app.Save(ok); err != nil {
		t.Fatal(err)
	}
	if got := ok.GetString("member_id"); got != "M-000002" {
		t.Errorf("next id %q, want M-000002", got)
	}
}

func TestServerMaySetServerOwnedFields(t *testing.T) {
	app, _ := testapp.New(t, nil)
	r := newMember(t, app, "Ann", "ann@example.org")
	now := types.NowDateTime()
	r.Set("email_verified_at", now)
	r.Set("consent_version", "2026-01")
	r.Set("consent_at", now)
	if err := app.Save(r); err != nil {
		t.Fatalf("server create: %v", err)
	}
	// Inside a caller's transaction the hook reuses it.
	err := app.RunInTransaction(func(tx core.App) error {
		for _, f := range []string{"first_name", "last_name", "email"} {
			r.Set(f, "")
		}
		r.Set("status", "erased")
		return tx.Save(r)
	})
	if err != nil {
		t.Fatalf("erase in tx: %v", err)
	}
	r.Set("member_id", "M-999999")
	var verrs validation.Errors
	if err := app.Save(r); !errors.As(err, &verrs) || verrs["member_id"] == nil {
		t.Errorf("member_id change: got %v, want a member_id error", err)
	}
}

func TestAfterSuccessHooksSeeUsableApp(t *testing.T) {
	app, _ := testapp.New(t, nil)
	var afterErr error
	app.OnRecordAfterCreateSuccess("members").BindFunc(func(e *core.RecordEvent) error {
		// A follow-up write after the member committed must not hit the
		// finished transaction.
		_, afterErr = members.Current(e.App)
		if afterErr == nil {
			afterErr = e.App.Save(newMember(t, e.App, "Second", "second@example.org"))
		}
		return e.Next()
	})
	if err := app.Save(newMember(t, app, "First", "first@example.org")); err != nil {
		t.Fatal(err)
	}
	if afterErr != nil {
		t.Fatalf("after-success write: %v", afterErr)
	}
}
