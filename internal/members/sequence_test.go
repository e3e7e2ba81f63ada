package members_test

import (
	"errors"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

func TestIDFormat(t *testing.T) {
	f := members.IDFormat{Prefix: "M-", Width: 6}
	for n, want := range map[int64]string{1: "M-000001", 999999: "M-999999", 1234567: "M-1234567"} {
		if got := f.Format(n); got != want {
			t.Errorf("Format(%d) = %q, want %q", n, got, want)
		}
		if got, ok := f.Parse(want); !ok || got != n {
			t.Errorf("Parse(%q) = %d, %v", want, got, ok)
		}
	}
	for _, id := range []string{"", "M-", "X-000001", "M-00a1", "M-000000", "M--1", "M-99999999999999999999"} {
		if n, ok := f.Parse(id); ok {
			t.Errorf("Parse(%q) = %d, want not ours", id, n)
		}
	}
}

func TestSequenceNeedsTransaction(t *testing.T) {
	app, _ := testapp.New(t, nil)
	if _, err := members.NextNumber(app); !errors.Is(err, members.ErrNotInTransaction) {
		t.Errorf("NextNumber outside a tx: %v", err)
	}
	if err := members.AdvancePast(app, 5); !errors.Is(err, members.ErrNotInTransaction) {
		t.Errorf("AdvancePast outside a tx: %v", err)
	}
	err := app.RunInTransaction(func(tx core.App) error {
		for want := int64(1); want <= 2; want++ {
			if n, err := members.NextNumber(tx); err != nil || n != want {
				t.Errorf("NextNumber = %d, %v; want %d", n, err, want)
			}
		}
		if err := members.AdvancePast(tx, 10); err != nil {
			return err
		}
		return members.AdvancePast(tx, 3) // never moves back
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := members.Current(app); n != 10 {
		t.Errorf("Current = %d, want 10", n)
	}
	// A rolled-back transaction hands its number back.
	_ = app.RunInTransaction(func(tx core.App) error {
		_, _ = members.NextNumber(tx)
		return errors.New("roll back")
	})
	if n, _ := members.Current(app); n != 10 {
		t.Errorf("after rollback Current = %d, want 10", n)
	}
}

func TestMemberNumberCap(t *testing.T) {
	f := members.IDFormat{Prefix: "M-", Width: 6}
	for id, want := range map[string]bool{
		"M-1000000000000000":     false, // exactly the cap
		"M-1000000000000001":     true,
		"M-9223372036854775807":  true,
		"M-99999999999999999999": true, // beyond int64
		"OLD-99999999999999999":  false,
		"M-000042":               false,
	} {
		if got := f.TooLarge(id); got != want {
			t.Errorf("TooLarge(%q) = %v, want %v", id, got, want)
		}
	}
	app, _ := testapp.New(t, nil)
	err := app.RunInTransaction(func(tx core.App) error {
		if err := members.AdvancePast(tx, members.MaxMemberNumber+1); err == nil {
			t.Error("AdvancePast above the cap accepted")
		}
		return members.AdvancePast(tx, members.MaxMemberNumber)
	})
	if err != nil {
		t.Fatal(err)
	}
	// At the cap the next number is still an exact integer.
	err = app.RunInTransaction(func(tx core.App) error {
		n, err := members.NextNumber(tx)
		if err == nil && n != members.MaxMemberNumber+1 {
			t.Errorf("NextNumber at the cap = %d", n)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
