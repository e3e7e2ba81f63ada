package privacy_test

import (
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
	"memberbase/internal/privacy"
	"memberbase/internal/testapp"
)

// TestErasureClosesOpenRequestsAndRecordsItself: erasing a member nobody
// asked to erase (an admin's erasure) expires the requests still open (a
// details request awaiting confirmation or confirmed, a deletion awaiting
// confirmation), so no link or export outlives the data, and leaves one
// completed deletion request naming the member ID, made by the system: each
// erasure has a record the admins can find.
func TestErasureClosesOpenRequestsAndRecordsItself(t *testing.T) {
	e := newEnv(t)
	m := testapp.SaveMember(t, e.app, map[string]any{"email": "grace@example.org"})
	awaiting := e.newRequest(privacy.KindDetails, m.Id)
	confirmed := e.newRequest(privacy.KindDetails, m.Id)
	privacy.SetActor(confirmed, privacy.ActorMember)
	confirmed.Set("status", privacy.StatusConfirmed)
	if err := e.app.Save(confirmed); err != nil {
		t.Fatal(err)
	}
	deletion := e.newRequest(privacy.KindDeletion, m.Id)

	er, err := members.EraserFrom(e.app)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.app.RunInTransaction(func(tx core.App) error { return er.Erase(tx, m) }); err != nil {
		t.Fatal(err)
	}

	for _, r := range []*core.Record{awaiting, confirmed, deletion} {
		if s := e.reload(r).GetString("status"); s != privacy.StatusExpired {
			t.Errorf("%s request %s after the erasure, want expired", r.GetString("kind"), s)
		}
	}
	reqs := e.requests()
	if len(reqs) != 4 {
		t.Fatalf("%d requests, want the three asked for and one recording the erasure", len(reqs))
	}
	rec := reqs[3]
	if rec.GetString("kind") != privacy.KindDeletion || rec.GetString("status") != privacy.StatusCompleted ||
		rec.GetString("member_ref") != m.GetString("member_id") || rec.GetDateTime("completed_at").IsZero() {
		t.Errorf("erasure record: kind %s status %s member_ref %q completed_at %s", rec.GetString("kind"),
			rec.GetString("status"), rec.GetString("member_ref"), rec.GetDateTime("completed_at"))
	}
	if ev := e.events(rec.Id); !slices.Equal(ev, []string{">completed:system"}) {
		t.Errorf("erasure record events %q", ev)
	}
}
