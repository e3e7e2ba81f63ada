package announce_test

import (
	"maps"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/announce"
	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

// The audiences respect status and consent: only active members, and for
// marketing only those who opted in.
func TestAudiencesRespectStatusAndConsent(t *testing.T) {
	app, _ := newApp(t)
	member(t, app, "in", "active", true)
	member(t, app, "out", "active", false)
	member(t, app, "pending", "pending_approval", true)
	member(t, app, "lapsed", "lapsed", true)
	member(t, app, "cancelled", "cancelled", true)
	gone := member(t, app, "erased", "active", true)
	er, err := members.EraserFrom(app)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.RunInTransaction(func(tx core.App) error { return er.Erase(tx, gone) }); err != nil {
		t.Fatal(err)
	}
	s := service(0)
	mk := announcement(t, app, announce.AudienceMarketing, announce.StatusScheduled)
	all := announcement(t, app, announce.AudienceMembers, announce.StatusScheduled)
	step(t, app, s)
	if got := recipients(t, app, mk.Id); !maps.Equal(got, addrs("in")) {
		t.Errorf("marketing reached %v", got)
	}
	if got := recipients(t, app, all.Id); !maps.Equal(got, addrs("in", "out")) {
		t.Errorf("members notice reached %v", got)
	}
	if n, _ := announce.Recipients(app, announce.AudienceMembers); n != 2 {
		t.Errorf("Recipients(members) = %d", n)
	}
}

// Expansion queues each member exactly once, across a restart in the
// middle and a full replay of the batches.
func TestExpansionExactlyOnceAcrossRestart(t *testing.T) {
	app, srv := newApp(t)
	for _, n := range []string{"m1", "m2", "m3", "m4", "m5"} {
		member(t, app, n, "active", true)
	}
	a := announcement(t, app, announce.AudienceMarketing, announce.StatusSending)
	s := service(2)
	if done, err := s.ExpandBatch(app, a.Id); err != nil || done {
		t.Fatalf("first batch: done=%v err=%v", done, err)
	}
	if got := recipients(t, app, a.Id); len(got) != 2 {
		t.Fatalf("after one batch: %v", got)
	}
	app2 := testapp.Restart(t, app, env(srv))
	step(t, app2, s)
	want := addrs("m1", "m2", "m3", "m4", "m5")
	if got := recipients(t, app2, a.Id); !maps.Equal(got, want) {
		t.Fatalf("after restart: %v", got)
	}
	// A replay from the start (a lost cursor) queues nothing new.
	if _, err := app2.DB().NewQuery("UPDATE announcements SET expanded_to = '', expanded = FALSE WHERE id = {:id}").
		Bind(dbx.Params{"id": a.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	step(t, app2, s)
	step(t, app2, s)
	if got := recipients(t, app2, a.Id); !maps.Equal(got, want) {
		t.Fatalf("after a replay: %v", got)
	}
}

// Sending to the end: the rows go out, the counts come from the outbox
// group, and the announcement ends as sent.
func TestSendingEndsAsSentWithCounts(t *testing.T) {
	app, srv := newApp(t)
	member(t, app, "a", "active", false)
	member(t, app, "b", "active", true)
	a := announcement(t, app, announce.AudienceMembers, announce.StatusScheduled)
	s := service(0)
	step(t, app, s)
	if st := reload(t, app, a).GetString("status"); st != announce.StatusSending {
		t.Fatalf("status %s, want sending", st)
	}
	startOutbox(t, app)
	eventually(t, "two mails", func() bool { return srv.Count() == 2 })
	eventually(t, "sent", func() bool {
		step(t, app, s)
		return reload(t, app, a).GetString("status") == announce.StatusSent
	})
	if r := reload(t, app, a); r.GetInt("sent_count") != 2 || r.GetInt("failed_count") != 0 {
		t.Fatalf("counts sent=%d failed=%d", r.GetInt("sent_count"), r.GetInt("failed_count"))
	}
}

// `test` mails every superuser, with a fresh key each time, and returns
// the announcement to draft.
func TestTestSendGoesToSuperusersAndBackToDraft(t *testing.T) {
	app, _ := newApp(t)
	testapp.Superuser(t, app)
	member(t, app, "a", "active", true)
	a := announcement(t, app, announce.AudienceMarketing, announce.StatusDraft)
	for i := 1; i <= 2; i++ {
		a = reload(t, app, a)
		a.Set("status", announce.StatusTest)
		if err := app.Save(a); err != nil {
			t.Fatal(err)
		}
		if st := reload(t, app, a).GetString("status"); st != announce.StatusDraft {
			t.Fatalf("status after test %s", st)
		}
		n, err := app.CountRecords("email_outbox", dbx.HashExp{"recipient": "root@example.org", "kind": announce.MailKind})
		if err != nil || int(n) != i {
			t.Fatalf("test mails after %d tests: %d (%v)", i, n, err)
		}
	}
	if n, _ := app.CountRecords("email_outbox", dbx.HashExp{"recipient": "a@example.org"}); n != 0 {
		t.Fatalf("a test reached a member")
	}
}

// Cancelling stops a send: queued rows are cancelled, sent ones counted.
func TestCancelStopsQueuedRows(t *testing.T) {
	app, _ := newApp(t)
	for _, n := range []string{"a", "b", "c"} {
		member(t, app, n, "active", false)
	}
	a := announcement(t, app, announce.AudienceMembers, announce.StatusScheduled)
	step(t, app, service(0))
	if _, err := app.DB().NewQuery(`UPDATE email_outbox SET status = 'sent' WHERE recipient = 'a@example.org'`).Execute(); err != nil {
		t.Fatal(err)
	}
	a = reload(t, app, a)
	a.Set("status", announce.StatusCancelled)
	if err := app.Save(a); err != nil {
		t.Fatal(err)
	}
	n, _ := app.CountRecords("email_outbox", dbx.HashExp{"group": a.Id, "status": "cancelled"})
	if n != 2 || reload(t, app, a).GetInt("sent_count") != 1 {
		t.Fatalf("cancelled rows %d, sent_count %d", n, reload(t, app, a).GetInt("sent_count"))
	}
}

// A scheduled announcement waits for send_at.
func TestScheduledWaitsForSendAt(t *testing.T) {
	app, _ := newApp(t)
	member(t, app, "a", "active", false)
	now := time.Now().UTC()
	a := announcement(t, app, announce.AudienceMembers, announce.StatusDraft)
	a.Set("send_at", now.Add(time.Hour))
	a.Set("status", announce.StatusScheduled)
	if err := app.Save(a); err != nil {
		t.Fatal(err)
	}
	step(t, app, announce.New(announce.Options{BaseURL: baseURL, Now: func() time.Time { return now }}))
	if st := reload(t, app, a).GetString("status"); st != announce.StatusScheduled || len(recipients(t, app, a.Id)) != 0 {
		t.Fatalf("before send_at: status %s, rows %v", st, recipients(t, app, a.Id))
	}
	step(t, app, announce.New(announce.Options{BaseURL: baseURL, Now: func() time.Time { return now.Add(2 * time.Hour) }}))
	if st := reload(t, app, a).GetString("status"); st != announce.StatusSending || len(recipients(t, app, a.Id)) != 1 {
		t.Fatalf("after send_at: status %s, rows %v", st, recipients(t, app, a.Id))
	}
}
