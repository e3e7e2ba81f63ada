package web_test

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/intake"
	"memberbase/internal/join"
	"memberbase/internal/outbox"
	"memberbase/internal/testapp"
)

// writeCounter counts SQL statements that change data (dbx's Execute and
// every query with a RETURNING or write verb would show up here).
func writeCounter(app core.App) *atomic.Int64 {
	var n atomic.Int64
	for _, b := range []dbx.Builder{app.ConcurrentDB(), app.NonconcurrentDB()} {
		db := b.(*dbx.DB)
		db.ExecLogFunc = func(_ context.Context, _ time.Duration, _ string, _ sql.Result, _ error) { n.Add(1) }
		db.QueryLogFunc = func(_ context.Context, _ time.Duration, q string, _ *sql.Rows, _ error) {
			if up := strings.ToUpper(strings.TrimSpace(q)); !strings.HasPrefix(up, "SELECT") && !strings.HasPrefix(up, "PRAGMA") {
				n.Add(1)
			}
		}
	}
	return &n
}

func TestJoinConfirmationFromTheMailLink(t *testing.T) {
	s := newJoinSite(t, nil)
	s.join("Ada@Example.org", "marketing_opt_in", "yes", "phone", "+44 20 7946 0000")
	m := s.mail(1)
	if m.To[0] != "ada@example.org" || !strings.Contains(m.Subject, "confirm") || !strings.Contains(m.Text, "Hello Ada") {
		t.Fatalf("confirmation mail: %v %q", m.To, m.Subject)
	}
	path, tok := link(t, m)

	// The confirmation mail is sensitive: its body is gone once sent.
	eventually(t, "the confirmation mail's body to be cleared", func() bool {
		r, err := s.app.FindFirstRecordByData(outbox.Collection, "kind", join.MailConfirm)
		return err == nil && r.GetString("status") == outbox.StatusSent && r.GetString("text_body") == "" && r.GetString("html_body") == ""
	})

	// GET (what a mail scanner does) shows the name and a button and
	// changes nothing. The workers are paused first: their claims would
	// count, and they read the log hooks this sets.
	testapp.PauseWorkers(t, s.app)
	writes := writeCounter(s.app)
	resp, page := s.req("GET", path, nil, nil)
	if resp.StatusCode != 200 || !contains(page, "Hello Ada", `action="/join/confirm"`, `name="token" value="`+tok+`"`) ||
		strings.Contains(page, `action="/join/confirm?`) || resp.Header.Get("Cache-Control") != "no-store" ||
		resp.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("confirmation page: %d %v\n%s", resp.StatusCode, resp.Header, page)
	}
	if n := writes.Load(); n != 0 || s.count("members") != 0 {
		t.Fatalf("GET of the link wrote %d statements", n)
	}

	// POST creates exactly one member, with a member ID.
	resp, page = s.confirm(path)
	if resp.StatusCode != 200 || !contains(page, "Welcome, Ada!", "M-000001") || resp.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("confirmation: %d\n%s", resp.StatusCode, page)
	}
	if writes.Load() == 0 {
		t.Fatal("the write counter saw nothing: the confirmation must have written")
	}
	members, _ := s.app.FindAllRecords("members")
	if len(members) != 1 || members[0].GetString("member_id") != "M-000001" || members[0].GetString("status") != "active" ||
		members[0].GetString("email") != "ada@example.org" || !members[0].GetBool("marketing_opt_in") {
		t.Fatalf("members after confirmation: %d", len(members))
	}
	// The welcome and (a member without a plan can hold one) the card
	// mail, committed together: either may be sent first.
	s.deliver()
	s.mail(3)
	welcome := s.smtp.Messages()[1]
	if strings.Contains(welcome.Subject, "membership card") {
		welcome = s.smtp.Messages()[2]
	}
	if !strings.Contains(welcome.Subject, "Welcome") || !strings.Contains(welcome.Text, "M-000001") || welcome.To[0] != "ada@example.org" {
		t.Errorf("welcome mail: %q\n%s", welcome.Subject, welcome.Text)
	}

	// Replay: 410 with a way to start again, nothing written.
	for _, try := range []func() (*http.Response, string){
		func() (*http.Response, string) { return s.req("GET", path, nil, nil) },
		func() (*http.Response, string) {
			_, cookie, csrf := s.openForm("/join")
			return s.postConfirm(cookie, csrf, tok)
		},
	} {
		resp, page := try()
		if resp.StatusCode != http.StatusGone || !strings.Contains(page, `href="/join"`) {
			t.Errorf("replay: %d\n%s", resp.StatusCode, page)
		}
	}
	if s.count("members") != 1 {
		t.Error("a replay created a member")
	}
}

func TestJoinOutcomeForEachKindOfAddress(t *testing.T) {
	s := newJoinSite(t, nil)
	testapp.SaveMember(t, s.app, map[string]any{"email": "active@example.org", "first_name": "Grace"})
	testapp.SaveMember(t, s.app, map[string]any{"email": "pending@example.org", "first_name": "Pat", "status": "pending_approval"})
	lapsed := testapp.SaveMember(t, s.app, map[string]any{"email": "lapsed@example.org", "status": "lapsed"})
	cancelled := testapp.SaveMember(t, s.app, map[string]any{"email": "cancelled@example.org", "status": "cancelled"})
	for _, a := range []string{"new", "active", "pending", "lapsed", "cancelled"} {
		s.join(a + "@example.org")
	}
	if err := s.smtp.WaitFor(5, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range s.smtp.Messages() {
		got[m.To[0]] = m.Subject + "\n" + m.Text
	}
	for addr, want := range map[string][]string{
		"new@example.org":       {"Please confirm", "/join/confirm?token="},
		"lapsed@example.org":    {"Please confirm", "/join/confirm?token="},
		"cancelled@example.org": {"Please confirm", "/join/confirm?token="},
		"active@example.org":    {"already a member", "Hello Grace", "M-000001"},
		"pending@example.org":   {"already a member", "Hello Pat", "M-000002", "waits for approval"},
	} {
		if !contains(got[addr], want...) {
			t.Errorf("mail to %s:\n%s", addr, got[addr])
		}
	}
	// Reactivation through the link keeps the row and the member ID.
	for _, old := range []*core.Record{lapsed, cancelled} {
		for _, m := range s.smtp.Messages() {
			if m.To[0] != old.GetString("email") {
				continue
			}
			path, _ := link(t, m)
			if resp, page := s.confirm(path); resp.StatusCode != 200 || !strings.Contains(page, old.GetString("member_id")) {
				t.Errorf("reactivating %s: %d\n%s", old.GetString("status"), resp.StatusCode, page)
			}
		}
		r, _ := s.app.FindRecordById("members", old.Id)
		if r.GetString("status") != "active" || r.GetString("member_id") != old.GetString("member_id") {
			t.Errorf("reactivated %s: status %s id %s", old.GetString("email"), r.GetString("status"), r.GetString("member_id"))
		}
	}
	if n := s.count("members"); n != 4 {
		t.Errorf("%d members, want the 4 there were (reactivation creates none)", n)
	}
}

func TestJoinExpiredLinkIsGone(t *testing.T) {
	s := newJoinSite(t, nil)
	clock := &fakeClock{t: time.Now()}
	s.service().SetClock(clock.Now)
	s.join("ada@example.org")
	path, tok := link(t, s.mail(1))
	clock.Advance(join.TTL + time.Second)
	if resp, page := s.req("GET", path, nil, nil); resp.StatusCode != http.StatusGone || !strings.Contains(page, `href="/join"`) {
		t.Errorf("GET of an expired link: %d", resp.StatusCode)
	}
	_, cookie, csrf := s.openForm("/join")
	if resp, _ := s.postConfirm(cookie, csrf, tok); resp.StatusCode != http.StatusGone {
		t.Errorf("POST of an expired link: %d", resp.StatusCode)
	}
	if s.count("members") != 0 {
		t.Error("an expired link created a member")
	}
}

func TestJoinTwoRequestsForOneAddressMakeOneMember(t *testing.T) {
	s := newJoinSite(t, nil)
	s.join("ada@example.org")
	first, _ := link(t, s.mail(1))
	s.join("ada@example.org")
	second, _ := link(t, s.mail(2))
	if first == second {
		t.Fatal("both requests got the same link")
	}
	if resp, _ := s.confirm(first); resp.StatusCode != 200 {
		t.Fatalf("first confirmation: %d", resp.StatusCode)
	}
	if resp, page := s.req("GET", second, nil, nil); resp.StatusCode != http.StatusGone || !strings.Contains(page, `href="/join"`) {
		t.Errorf("second link after the first was used: %d", resp.StatusCode)
	}
	if n := s.count("members"); n != 1 {
		t.Errorf("%d members", n)
	}
}

func TestJoinCapsMailsPerAddress(t *testing.T) {
	s := newJoinSite(t, nil)
	for i := 0; i < 5; i++ {
		s.join("ada@example.org")
	}
	s.join("other@example.org")
	eventually(t, "the intake queue to empty", func() bool { return s.count("intake") == 0 })
	if err := s.smtp.WaitFor(4, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // a mail over the cap would have arrived by now
	perAddress := map[string]int{}
	for _, m := range s.smtp.Messages() {
		perAddress[m.To[0]]++
	}
	if perAddress["ada@example.org"] != 3 || perAddress["other@example.org"] != 1 {
		t.Errorf("mails per address: %v, want 3 (the cap) and 1", perAddress)
	}
	if n := s.count(join.Collection); n != 4 {
		t.Errorf("%d join requests, want 4", n)
	}
}

func TestJoinSurvivesARestartBetweenIntakeAndWorker(t *testing.T) {
	s := newJoinSite(t, nil)
	s.pauseWorkers()
	s.join("ada@example.org")
	if s.count("intake") != 1 || s.smtp.Count() != 0 {
		t.Fatal("the request must wait in the intake queue")
	}
	// Shut the first process down, then start a new one on its data.
	s.srv.Close()
	app := testapp.Restart(t, s.app, smtpEnv(s.smtp, nil))
	testapp.DeliverSMTP(app)
	testapp.Mux(t, app) // OnServe: the new workers start and find the row
	path, tok := link(t, s.mail(1))
	if !strings.HasPrefix(path, "/join/confirm?token=") {
		t.Fatal(path)
	}
	j, err := join.FromApp(app)
	if err != nil {
		t.Fatal(err)
	}
	res, err := j.Confirm(app, tok)
	if err != nil || res.MemberID != "M-000001" {
		t.Fatalf("confirm after the restart: %+v %v", res, err)
	}
	if n, _ := app.CountRecords("intake"); n != 0 {
		t.Errorf("%d intake rows left", n)
	}
	w, _ := intake.FromApp(app)
	if !w.Running() {
		t.Error("the new intake worker is not running")
	}
}
