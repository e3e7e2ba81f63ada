package token_test

import (
	"testing"
	"time"

	"memberbase/internal/testapp"
	"memberbase/internal/token"
)

func TestNewRowSavesTheHashAndExpiry(t *testing.T) {
	app, _ := testapp.New(t, nil)
	expires := time.Date(2026, 3, 4, 5, 6, 7, 891_234_567, time.UTC)
	fields := map[string]any{"first_name": "Ada", "email": "ada@example.org", "status": "mailed"}
	plain, r, err := token.NewRow(app, "join_requests", fields, expires)
	if err != nil {
		t.Fatal(err)
	}
	got, err := token.Find(app, "join_requests", token.HashField, plain)
	if err != nil || got.Id != r.Id {
		t.Fatalf("Find = %v, %v", got, err)
	}
	if got.GetString(token.HashField) != token.Hash(plain) || got.GetString("token_hash") == plain {
		t.Errorf("token_hash = %q, want the hash of the mailed token", got.GetString("token_hash"))
	}
	if s := got.GetString(token.ExpiresField); s != "2026-03-04 05:06:07.891Z" {
		t.Errorf("expires_at = %q", s)
	}
	if got.GetString("first_name") != "Ada" || got.GetString("email") != "ada@example.org" || got.GetString("status") != "mailed" {
		t.Errorf("fields not saved: %v", got.FieldsData())
	}

	again, r2, err := token.NewRow(app, "join_requests", fields, expires)
	if err != nil {
		t.Fatal(err)
	}
	if again == plain || r2.Id == r.Id {
		t.Error("a second row got the same token or record")
	}
}

func TestNewRowSavesNothingOnError(t *testing.T) {
	app, _ := testapp.New(t, nil)
	if _, _, err := token.NewRow(app, "no_such_collection", nil, time.Now()); err == nil {
		t.Error("an unknown collection gave no error")
	}
	// A status join_requests does not know: the save fails and no row is left.
	plain, r, err := token.NewRow(app, "join_requests", map[string]any{"first_name": "Ada", "status": "bogus"}, time.Now())
	if err == nil || plain != "" || r != nil {
		t.Fatalf("NewRow with an invalid field = %q, %v, %v", plain, r, err)
	}
	if n, _ := app.CountRecords("join_requests"); n != 0 {
		t.Errorf("%d join_requests rows after a failed save", n)
	}
}
