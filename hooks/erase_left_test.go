package hooks_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
	"memberbase/internal/selfservice"
	"memberbase/internal/testapp"
	"memberbase/internal/token"
)

// TestEraseLeftUsesTheSharedErasure: the ERASE_LEFT_AFTER job erases a
// member cancelled for longer than the period with the shared erasure, which
// also forgets the member's manage links, and records a completed deletion
// request with actor system; a member who left recently is kept.
func TestEraseLeftUsesTheSharedErasure(t *testing.T) {
	app, _ := testapp.New(t, map[string]string{"ERASE_LEFT_AFTER": "720h"})
	now := time.Now().UTC()
	// A new cancelled record keeps the left_at it brings (as an import does).
	old := testapp.SaveMember(t, app, map[string]any{"email": "gone@example.org", "status": "cancelled",
		"leave_note": "moving abroad", "left_at": now.Add(-800 * time.Hour)})
	recent := testapp.SaveMember(t, app, map[string]any{"email": "recent@example.org", "status": "cancelled"})
	col, err := app.FindCollectionByNameOrId(selfservice.LinksCollection)
	if err != nil {
		t.Fatal(err)
	}
	_, hash, _ := token.New()
	link := core.NewRecord(col)
	link.Set("member", old.Id)
	link.Set("token_hash", hash)
	link.Set("expires_at", now.Add(time.Hour))
	if err := app.Save(link); err != nil {
		t.Fatal(err)
	}
	er, err := members.EraserFrom(app)
	if err != nil {
		t.Fatal(err)
	}
	n, err := selfservice.EraseLeft(app, now, 720*time.Hour, er.Erase)
	if err != nil || n != 1 {
		t.Fatalf("EraseLeft = %d, %v", n, err)
	}
	got, err := app.FindRecordById("members", old.Id)
	if err != nil {
		t.Fatal(err)
	}
	if got.GetString("status") != "erased" || got.GetString("email") != "" || got.GetString("leave_note") != "" ||
		got.GetString("member_id") != old.GetString("member_id") {
		t.Errorf("erased tombstone: status=%q email=%q note=%q id=%q", got.GetString("status"), got.GetString("email"),
			got.GetString("leave_note"), got.GetString("member_id"))
	}
	if n, _ := app.CountRecords(selfservice.LinksCollection, dbx.HashExp{"member": old.Id}); n != 0 {
		t.Errorf("%d manage links survive the erasure", n)
	}
	reqs, err := app.FindAllRecords("privacy_requests", dbx.HashExp{"member_ref": old.GetString("member_id"), "kind": "deletion"})
	if err != nil || len(reqs) != 1 || reqs[0].GetString("status") != "completed" {
		t.Fatalf("deletion requests recorded: %v, %v", reqs, err)
	}
	if keep, _ := app.FindRecordById("members", recent.Id); keep.GetString("status") != "cancelled" {
		t.Errorf("a member who left recently was touched: %s", keep.GetString("status"))
	}
}
