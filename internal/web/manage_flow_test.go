package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/testapp"
)

// The whole of self-service as a member lives it: the lookup form, the
// manage link, a rejected and a saved details edit, marketing on and off,
// an email change confirmed from the new mailbox (the old one is told, the
// old link is dead), leaving, and rejoining with the same member ID.
func TestManageFlowDetailsEmailLeaveRejoin(t *testing.T) {
	var member *core.Record
	s, srv := mailSite(t, map[string]string{"PRIVACY_CONTACT": "dpo@example.org"}, func(app *tests.TestApp) {
		member = testapp.SaveMember(t, app, map[string]any{"member_id": "M-000042", "phone": "+44 1"})
	})
	b := &browser{s: s}
	csrf := b.token("/lookup")
	if resp, _ := b.submit("/privacy/manage", csrf, "ada@example.org"); resp.StatusCode != http.StatusSeeOther ||
		resp.Header.Get("Location") != "/privacy/sent" {
		t.Fatalf("lookup: %d %v", resp.StatusCode, resp.Header)
	}
	if err := srv.WaitFor(1, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	mail := srv.Messages()[0]
	path, tok := manageLinkIn(t, mail)
	if path != "/manage" || mail.To[0] != "ada@example.org" {
		t.Fatalf("manage mail: %s to %v", path, mail.To)
	}

	// Opening the link (twice, and HEAD, as scanners do) changes nothing.
	s.waitOutboxIdle()
	before := s.selfState()
	for _, m := range []string{"GET", "GET", "HEAD"} {
		resp, page := b.do(m, "/manage?token="+tok, nil, nil)
		if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Fatalf("%s /manage: %d %v", m, resp.StatusCode, resp.Header)
		}
		if m == "GET" && !contains(page, "M-000042", "Ada", "Lovelace", "ada@example.org", "&#43;44 1", "active",
			`<input type="hidden" name="token" value="`+tok+`">`, `value="details"`, `value="email"`, `value="leave"`) {
			t.Fatalf("manage page:\n%s", page)
		}
	}
	if after := s.selfState(); after != before {
		t.Fatalf("GET changed state:\n%s\n→\n%s", before, after)
	}

	// details: validated like a join; 422 keeps the values, writes nothing.
	resp, page := b.manage(csrf, tok, "details", "first_name", "", "last_name", "By\u202eron", "phone", "+44 2")
	if resp.StatusCode != http.StatusUnprocessableEntity || !contains(page, "Enter your first name.",
		"Contains control or text-direction characters.", `value="&#43;44 2"`) {
		t.Fatalf("invalid details: %d\n%s", resp.StatusCode, page)
	}
	if after := s.selfState(); after != before {
		t.Fatalf("a rejected edit changed state:\n%s\n→\n%s", before, after)
	}
	resp, page = b.manage(csrf, tok, "details", "first_name", " Augusta Ada ", "last_name", "King", "phone", "", "marketing_opt_in", "yes")
	if resp.StatusCode != 200 || !contains(page, "Your details were saved.", "Augusta Ada", "King") {
		t.Fatalf("details: %d\n%s", resp.StatusCode, page)
	}
	if got := s.memberField(member.Id, "first_name"); got != "Augusta Ada" || s.memberField(member.Id, "phone") != "" ||
		s.memberField(member.Id, "marketing_opt_in") != "true" || s.memberField(member.Id, "marketing_opt_in_at") == "" ||
		s.memberField(member.Id, "marketing_version") != "1" {
		t.Fatalf("saved member: %q marketing %s at %q version %q", got, s.memberField(member.Id, "marketing_opt_in"),
			s.memberField(member.Id, "marketing_opt_in_at"), s.memberField(member.Id, "marketing_version"))
	}
	ml, _ := s.app.FindFirstRecordByData("manage_links", "member", member.Id)
	if ml.GetDateTime("last_used_at").IsZero() {
		t.Error("a POST did not set last_used_at")
	}
	b.manage(csrf, tok, "details", "first_name", "Augusta Ada", "last_name", "King")
	if s.memberField(member.Id, "marketing_opt_in") != "false" || s.memberField(member.Id, "marketing_opt_in_at") != "" {
		t.Error("turning marketing off did not clear its time")
	}

	// email: one fixed answer, a link to the new mailbox.
	resp, _ = b.manage(csrf, tok, "email", "new_email", " Ada.King@Example.NET ")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/manage/email-sent" {
		t.Fatalf("email: %d %v", resp.StatusCode, resp.Header)
	}
	if err := srv.WaitFor(2, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	mail = srv.Messages()[1]
	cpath, ctok := manageLinkIn(t, mail)
	if cpath != "/manage/email" || mail.To[0] != "ada.king@example.net" {
		t.Fatalf("change mail: %s to %v", cpath, mail.To)
	}
	s.waitOutboxIdle()
	before = s.selfState()
	resp, page = b.do("GET", "/manage/email?token="+ctok, nil, nil)
	if resp.StatusCode != 200 || resp.Header.Get("Referrer-Policy") != "no-referrer" || !contains(page, "a***@e***.org", "a***@e***.net") ||
		strings.Contains(page, "ada@example.org") || strings.Contains(page, "ada.king@example.net") {
		t.Fatalf("change page: %d\n%s", resp.StatusCode, page)
	}
	if after := s.selfState(); after != before {
		t.Fatalf("GET /manage/email changed state")
	}
	resp, page = b.do("POST", "/manage/email", url.Values{"csrf_token": {csrf}, "token": {ctok}}, map[string]string{"Origin": "null"})
	if resp.StatusCode != 200 || !strings.Contains(page, "Email address changed") {
		t.Fatalf("confirm change: %d\n%s", resp.StatusCode, page)
	}
	if s.memberField(member.Id, "email") != "ada.king@example.net" || s.memberField(member.Id, "email_verified_at") == "" {
		t.Fatal("the address did not change")
	}
	if err := srv.WaitFor(3, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	notice := srv.Messages()[2]
	if notice.To[0] != "ada@example.org" || !contains(notice.Text, "a***@e***.net", "dpo@example.org") ||
		strings.Contains(notice.Text+notice.HTML, "ada.king@example.net") {
		t.Fatalf("notice to the old address: %v\n%s", notice.To, notice.Text)
	}
	for _, p := range []string{"/manage?token=" + tok, "/manage/email?token=" + ctok} {
		if resp, _ := b.do("GET", p, nil, nil); resp.StatusCode != http.StatusGone {
			t.Errorf("GET %s after the change: %d, want 410", strings.SplitN(p, "?", 2)[0], resp.StatusCode)
		}
	}

	// leave, through a new link to the new address.
	b.submit("/privacy/manage", csrf, "ada.king@example.net")
	if err := srv.WaitFor(4, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	_, tok2 := manageLinkIn(t, srv.Messages()[3])
	resp, page = b.manage(csrf, tok2, "leave", "leave_reason", "moving")
	if resp.StatusCode != http.StatusUnprocessableEntity || !contains(page, "Tick this box to confirm you want to end your membership.") ||
		s.memberField(member.Id, "status") != "active" {
		t.Fatalf("leave without the box: %d\n%s", resp.StatusCode, page)
	}
	resp, page = b.manage(csrf, tok2, "leave", "leave_reason", "moving", "leave_note", "Off to\nMars", "confirm", "yes")
	if resp.StatusCode != 200 || !contains(page, "Goodbye", "M-000042") {
		t.Fatalf("leave: %d\n%s", resp.StatusCode, page)
	}
	if s.memberField(member.Id, "status") != "cancelled" || s.memberField(member.Id, "left_at") == "" ||
		s.memberField(member.Id, "leave_reason") != "moving" || s.memberField(member.Id, "leave_note") != "Off to Mars" {
		t.Fatal("leaving did not cancel the membership with its reason")
	}
	if err := srv.WaitFor(5, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	bye := srv.Messages()[4]
	if bye.To[0] != "ada.king@example.net" || !contains(bye.Text, "M-000042", "/join", "/lookup", "erase") {
		t.Fatalf("goodbye mail: %v\n%s", bye.To, bye.Text)
	}

	// rejoin: the same row and member ID.
	v := joinFields("ada.king@example.net", "csrf_token", b.token("/join"))
	if resp, page := b.do("POST", "/join", v, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("join: %d\n%s", resp.StatusCode, page)
	}
	if err := srv.WaitFor(6, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	jpath, jtok := link(t, srv.Messages()[5])
	resp, page = b.do("POST", "/join/confirm", url.Values{"csrf_token": {b.token(jpath)}, "token": {jtok}},
		map[string]string{"Origin": "null"})
	if resp.StatusCode != 200 || !strings.Contains(page, "M-000042") {
		t.Fatalf("rejoin: %d\n%s", resp.StatusCode, page)
	}
	// No address, name or token reached our logs or PocketBase's.
	pbLogs := testapp.PBLogs(t, s.app, "SELECT data || message FROM _logs", func(rows []string) bool {
		return strings.Contains(strings.Join(rows, "\n"), "/manage")
	})
	logs := testapp.Logs(s.app) + strings.Join(pbLogs, "\n")
	if !strings.Contains(logs, "/manage") {
		t.Fatalf("no request was logged:\n%s", logs)
	}
	for _, secret := range []string{"ada@example.org", "ada.king@example.net", "Augusta", "Mars", tok, ctok, tok2, jtok} {
		if strings.Contains(strings.ToLower(logs), strings.ToLower(secret)) {
			t.Errorf("logs contain %q", secret)
		}
	}
	if n, _ := s.app.CountRecords("members"); n != 1 || s.memberField(member.Id, "status") != "active" || s.memberField(member.Id, "left_at") != "" {
		t.Fatalf("rejoin: %d members, status %s, left_at %q", n, s.memberField(member.Id, "status"), s.memberField(member.Id, "left_at"))
	}
}
