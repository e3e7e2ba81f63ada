package privacy_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	"memberbase/internal/privacy"
	"memberbase/internal/testapp"
	"memberbase/pb_migrations"
)

func TestTransitionTableIsSPECs(t *testing.T) {
	allowed := map[string]bool{
		"details awaiting_confirmation>confirmed":  true,
		"details awaiting_confirmation>expired":    true,
		"details confirmed>completed":              true,
		"details confirmed>expired":                true,
		"deletion awaiting_confirmation>confirmed": true,
		"deletion awaiting_confirmation>expired":   true,
		"deletion confirmed>approved":              true,
		"deletion confirmed>rejected":              true,
		"deletion approved>completed":              true,
	}
	for _, kind := range []string{privacy.KindDetails, privacy.KindDeletion} {
		for _, from := range pb_migrations.PrivacyStatuses {
			for _, to := range pb_migrations.PrivacyStatuses {
				key := kind + " " + from + ">" + to
				for _, actor := range []string{privacy.ActorMember, privacy.ActorSystem, "su0123456789abc"} {
					want := allowed[key] || (key == "deletion confirmed>completed" && actor == privacy.ActorSystem)
					if got := privacy.Allowed(kind, from, to, actor); got != want {
						t.Errorf("Allowed(%s, actor %s) = %v, want %v", key, actor, got, want)
					}
				}
			}
			start := from == privacy.StatusAwaiting
			if got := privacy.AllowedStart(kind, from, privacy.ActorMember); got != start {
				t.Errorf("AllowedStart(%s, %s) = %v", kind, from, got)
			}
		}
	}
	if !privacy.AllowedStart(privacy.KindDeletion, privacy.StatusCompleted, privacy.ActorSystem) ||
		privacy.AllowedStart(privacy.KindDetails, privacy.StatusCompleted, privacy.ActorSystem) {
		t.Error("only a system erasure record may start completed")
	}
}

func TestGoWritersFollowTheTableAndLeaveEvents(t *testing.T) {
	e := newEnv(t)
	m := testapp.SaveMember(t, e.app, nil)
	r := e.newRequest(privacy.KindDetails, m.Id)

	// Out of order: refused, nothing stored, no event.
	r.Set("status", privacy.StatusCompleted)
	err := e.app.Save(r)
	if err == nil || !strings.Contains(err.Error(), "cannot move from awaiting_confirmation to completed") {
		t.Fatalf("awaiting → completed: %v", err)
	}
	if got := e.reload(r).GetString("status"); got != privacy.StatusAwaiting {
		t.Fatalf("status %s after a refused save", got)
	}
	// A save that leaves the status alone passes without an event.
	r = e.reload(r)
	r.Set("reason", "note")
	if err := e.app.Save(r); err != nil {
		t.Fatalf("unchanged status: %v", err)
	}
	// The kind never changes.
	r.Set("kind", privacy.KindDeletion)
	if err := e.app.Save(r); err == nil {
		t.Fatal("kind change accepted")
	}
	r = e.reload(r)
	privacy.SetActor(r, privacy.ActorMember)
	r.Set("status", privacy.StatusConfirmed)
	if err := e.app.Save(r); err != nil {
		t.Fatal(err)
	}
	r.Set("status", privacy.StatusExpired) // no actor named: system
	if err := e.app.Save(r); err != nil {
		t.Fatal(err)
	}
	r.Set("status", privacy.StatusConfirmed) // expired is final
	if err := e.app.Save(r); err == nil {
		t.Fatal("expired → confirmed accepted")
	}
	want := []string{">awaiting_confirmation:system", "awaiting_confirmation>confirmed:member", "confirmed>expired:system"}
	if got := e.events(r.Id); !slices.Equal(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}
	// A SaveNoValidate (what PocketBase itself uses) is guarded too.
	r = e.reload(r)
	r.Set("status", privacy.StatusCompleted)
	if err := e.app.SaveNoValidate(r); err == nil {
		t.Fatal("SaveNoValidate bypassed the transitions")
	}
}

func TestCreateStartsAwaitingConfirmation(t *testing.T) {
	e := newEnv(t)
	m := testapp.SaveMember(t, e.app, nil)
	col, _ := e.app.FindCollectionByNameOrId(privacy.Collection)
	for _, status := range []string{privacy.StatusConfirmed, privacy.StatusCompleted, privacy.StatusApproved} {
		r := newRecord(col, privacy.KindDetails, m.Id, status)
		if err := e.app.Save(r); err == nil {
			t.Errorf("created in %s", status)
		}
	}
	// The record of an erasure no request asked for: deletion, completed, system.
	r := newRecord(col, privacy.KindDeletion, m.Id, privacy.StatusCompleted)
	privacy.SetActor(r, privacy.ActorSystem)
	if err := e.app.Save(r); err != nil {
		t.Fatalf("system erasure record: %v", err)
	}
	if got := e.events(r.Id); !slices.Equal(got, []string{">completed:system"}) {
		t.Errorf("events %q", got)
	}
	if n := e.count("privacy_requests", "1=1", nil); n != 1 {
		t.Errorf("%d requests stored", n)
	}
}

func TestDeletingAMemberReSavesItsRequestsUntouched(t *testing.T) {
	e := newEnv(t)
	m := testapp.SaveMember(t, e.app, nil)
	r := e.newRequest(privacy.KindDetails, m.Id)
	if err := e.app.Delete(m); err != nil {
		t.Fatalf("member delete blocked by the request guard: %v", err)
	}
	r = e.reload(r)
	if r.GetString("member") != "" || r.GetString("status") != privacy.StatusAwaiting {
		t.Errorf("request after member delete: member=%q status=%q", r.GetString("member"), r.GetString("status"))
	}
	if n := e.count("privacy_events", "request = {:r}", dbx.Params{"r": r.Id}); n != 1 {
		t.Errorf("%d events, want only the creation", n)
	}
}
