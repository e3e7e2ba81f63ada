package web_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/testapp"
)

// state is every row the privacy flows write, to show that a GET wrote none.
func (s *site) state() string {
	s.t.Helper()
	var out strings.Builder
	for _, table := range []string{"privacy_requests", "privacy_events", "email_outbox", "intake"} {
		var rows []dbx.NullStringMap
		if err := s.app.DB().NewQuery("SELECT * FROM " + table + " ORDER BY id").All(&rows); err != nil {
			s.t.Fatal(err)
		}
		for _, r := range rows {
			if table == "email_outbox" { // the worker's own bookkeeping moves on
				delete(r, "status")
				delete(r, "attempts")
				delete(r, "lease_until")
				delete(r, "sent_at")
				delete(r, "updated")
				delete(r, "text_body")
				delete(r, "html_body")
			}
			fmt.Fprintf(&out, "%s %v\n", table, r)
		}
	}
	return out.String()
}

func rfc3339(d string) string {
	t, err := time.Parse("2006-01-02 15:04:05.000Z", d)
	if err != nil {
		panic(err)
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

// The whole details flow as a member lives it: the form, the confirmation
// mail's link, the confirmation, the download mail's link, both files.
func TestDetailsFlowFromMailToDownload(t *testing.T) {
	var member *core.Record
	s, srv := mailSite(t, nil, func(app *tests.TestApp) {
		member = testapp.SaveMember(t, app, map[string]any{
			"member_id": "M-000042", "first_name": "Zoë", "last_name": "O'Brien <Lovelace>",
			"phone": "+44 20 7946 0000", "email_verified_at": "2026-01-10 08:30:00.000Z",
			"joined_at": "2026-01-10 08:31:00.000Z", "consent_version": "1", "consent_at": "2026-01-10 08:29:00.000Z",
			"marketing_opt_in": true, "notes": "Prefers phone & post",
		})
	})
	b := &browser{s: s}
	if resp, _ := b.submit("/privacy/details", b.token("/lookup"), "ada@example.org"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d", resp.StatusCode)
	}
	if err := srv.WaitFor(1, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	confirmMail := srv.Messages()[0]
	path, tok := linkIn(t, confirmMail)
	if path != "/privacy/confirm" || confirmMail.To[0] != "ada@example.org" || !strings.Contains(confirmMail.Subject, "copy of your data") {
		t.Fatalf("confirmation mail: %s %v %q", path, confirmMail.To, confirmMail.Subject)
	}

	// Opening the link (twice, and HEAD, as scanners do) changes nothing.
	before := s.state()
	for _, m := range []string{"GET", "GET", "HEAD"} {
		resp, page := b.do(m, path+"?token="+url.QueryEscape(tok), nil, nil)
		if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Fatalf("%s confirm page: %d %v", m, resp.StatusCode, resp.Header)
		}
		if m == "GET" && !contains(page, "a***@e***.org", `<form method="post" action="/privacy/confirm">`,
			`<input type="hidden" name="token" value="`+tok+`">`, "copy of your membership data") {
			t.Fatalf("confirm page:\n%s", page)
		}
		if strings.Contains(page, "ada@example.org") || strings.Contains(page, "Zoë") || strings.Contains(page, "style=") {
			t.Error("the confirm page shows more than the masked address")
		}
	}
	if after := s.state(); after != before {
		t.Fatalf("GET changed state:\n%s\n→\n%s", before, after)
	}

	resp, _ := b.do("POST", "/privacy/confirm", url.Values{"csrf_token": {b.token(path + "?token=" + tok)}, "token": {tok}},
		map[string]string{"Origin": "null"}) // what a no-referrer page's form sends
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/privacy/confirmed" {
		t.Fatalf("confirm: %d %v", resp.StatusCode, resp.Header)
	}
	if _, page := b.do("GET", "/privacy/confirmed", nil, nil); !strings.Contains(page, "emailed you a link") {
		t.Errorf("confirmed page:\n%s", page)
	}
	if err := srv.WaitFor(2, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	readyMail := srv.Messages()[1]
	dlPath, dlTok := linkIn(t, readyMail)
	if dlPath != "/privacy/download" || dlTok == tok || readyMail.To[0] != "ada@example.org" {
		t.Fatalf("download mail: %s %v", dlPath, readyMail.To)
	}

	s.waitOutboxIdle()
	before = s.state()
	resp, page := b.do("GET", dlPath+"?token="+dlTok, nil, nil)
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Referrer-Policy") != "no-referrer" ||
		strings.Count(page, `<form method="post" action="/privacy/download">`) != 2 ||
		strings.Count(page, `<input type="hidden" name="token" value="`+dlTok+`">`) != 2 ||
		!contains(page, `name="format" value="json"`, `name="format" value="html"`) {
		t.Fatalf("download page: %d\n%s", resp.StatusCode, page)
	}
	if after := s.state(); after != before {
		t.Fatalf("GET download changed state:\n%s\n→\n%s", before, after)
	}

	download := func(format string) (*http.Response, string) {
		csrf := csrfField.FindStringSubmatch(page)[1]
		return b.do("POST", "/privacy/download", url.Values{"csrf_token": {csrf}, "token": {dlTok}, "format": {format}}, nil)
	}
	resp, body := download("json")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" || resp.Header.Get("Cache-Control") != "no-store" ||
		resp.Header.Get("Content-Disposition") != `attachment; filename="membership-data-M-000042.json"` {
		t.Fatalf("JSON download: %d %v", resp.StatusCode, resp.Header)
	}
	checkExport(t, s, member, body)

	resp, summary := download("html")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" ||
		resp.Header.Get("Content-Disposition") != `attachment; filename="membership-data-M-000042.html"` {
		t.Fatalf("HTML download: %d %v", resp.StatusCode, resp.Header)
	}
	for _, v := range []string{"M-000042", "Zoë", "O'Brien <Lovelace>", "ada@example.org", "+44 20 7946 0000", "Prefers phone & post",
		"2026-01-10T08:30:00.000Z", "2026-01-10T08:31:00.000Z", "2026-01-10T08:29:00.000Z", member.Id, "Example Union"} {
		if !strings.Contains(html.UnescapeString(summary), v) {
			t.Errorf("summary lacks %q", v)
		}
	}
	if strings.Contains(summary, "<Lovelace>") {
		t.Error("the summary does not escape what it shows")
	}
	if !contains(summary, "<th scope=\"row\">Marketing opt in</th><td>yes</td>", "awaiting_confirmation", "confirmed") {
		t.Errorf("summary:\n%s", summary)
	}

	// Repeatable (scanners cannot use it up); the first download completed it.
	if resp, again := download("json"); resp.StatusCode != 200 || again != body {
		t.Errorf("second download: %d", resp.StatusCode)
	}
	req, err := s.app.FindFirstRecordByData("privacy_requests", "member", member.Id)
	if err != nil || req.GetString("status") != "completed" || req.GetDateTime("completed_at").IsZero() {
		t.Fatalf("request after download: %v %v", req, err)
	}
	var events []string
	if err := s.app.DB().NewQuery("SELECT from_status || '>' || to_status || ':' || actor FROM privacy_events ORDER BY created, rowid").Column(&events); err != nil {
		t.Fatal(err)
	}
	if want := []string{">awaiting_confirmation:system", "awaiting_confirmation>confirmed:member", "confirmed>completed:member"}; !slices.Equal(events, want) {
		t.Errorf("events %q, want %q", events, want)
	}
	// The mails carried tokens and personal data: their bodies are gone.
	var kept int
	if err := s.app.DB().NewQuery("SELECT COUNT(*) FROM email_outbox WHERE text_body != '' OR html_body != ''").Row(&kept); err != nil || kept != 0 {
		t.Errorf("%d sent mails keep their bodies (%v)", kept, err)
	}
}

// checkExport compares the JSON document field by field with the stored
// records.
func checkExport(t *testing.T, s *site, m *core.Record, body string) {
	t.Helper()
	var doc struct {
		SchemaVersion   int                 `json:"schema_version"`
		GeneratedAt     string              `json:"generated_at"`
		Organisation    string              `json:"organisation"`
		RequestID       string              `json:"request_id"`
		Member          map[string]any      `json:"member"`
		Consent         map[string]any      `json:"consent"`
		PrivacyRequests []map[string]any    `json:"privacy_requests"`
		PrivacyEvents   []map[string]string `json:"privacy_events"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, body)
	}
	m, _ = s.app.FindRecordById("members", m.Id)
	req, _ := s.app.FindFirstRecordByData("privacy_requests", "member", m.Id)
	if doc.SchemaVersion != 1 || doc.Organisation != "Example Union" || doc.RequestID != req.Id || !strings.HasSuffix(doc.GeneratedAt, "Z") {
		t.Errorf("header: %d %q %q %q", doc.SchemaVersion, doc.Organisation, doc.RequestID, doc.GeneratedAt)
	}
	want := map[string]any{
		"id": m.Id, "member_id": "M-000042", "first_name": "Zoë", "last_name": "O'Brien <Lovelace>",
		"email": "ada@example.org", "phone": "+44 20 7946 0000", "status": "active",
		"email_verified_at": "2026-01-10T08:30:00.000Z", "joined_at": "2026-01-10T08:31:00.000Z",
		"consent_version": "1", "consent_at": "2026-01-10T08:29:00.000Z", "marketing_opt_in": true,
		"notes": "Prefers phone & post", "photo": "",
		"created": rfc3339(m.GetDateTime("created").String()), "updated": rfc3339(m.GetDateTime("updated").String()),
	}
	var names []string
	for _, f := range m.Collection().Fields {
		names = append(names, f.GetName())
	}
	for _, name := range names {
		got, ok := doc.Member[name]
		if !ok {
			t.Errorf("member field %q missing from the export", name)
			continue
		}
		if w, known := want[name]; known && got != w {
			t.Errorf("member.%s = %#v, want %#v", name, got, w)
		}
	}
	if len(doc.Member) != len(names) {
		t.Errorf("export has %d member fields, the collection %d", len(doc.Member), len(names))
	}
	if doc.Consent["version"] != "1" || doc.Consent["acknowledged_at"] != "2026-01-10T08:29:00.000Z" {
		t.Errorf("consent %v", doc.Consent)
	}
	if len(doc.PrivacyRequests) != 1 {
		t.Fatalf("requests %v", doc.PrivacyRequests)
	}
	r := doc.PrivacyRequests[0]
	if r["id"] != req.Id || r["kind"] != "details" || r["status"] != "confirmed" ||
		r["created"] != rfc3339(req.GetDateTime("created").String()) ||
		r["expires_at"] != rfc3339(req.GetDateTime("expires_at").String()) ||
		r["confirmed_at"] != rfc3339(req.GetDateTime("confirmed_at").String()) ||
		r["completed_at"] != nil || r["due_at"] != nil || r["reason"] != "" {
		t.Errorf("request entry %v", r)
	}
	if _, leaked := r["token_hash"]; leaked {
		t.Error("the export carries a token hash")
	}
	if len(doc.PrivacyEvents) != 2 ||
		doc.PrivacyEvents[0]["to_status"] != "awaiting_confirmation" || doc.PrivacyEvents[0]["actor"] != "system" ||
		doc.PrivacyEvents[1]["from_status"] != "awaiting_confirmation" || doc.PrivacyEvents[1]["to_status"] != "confirmed" ||
		doc.PrivacyEvents[1]["actor"] != "member" || doc.PrivacyEvents[1]["request"] != req.Id {
		t.Errorf("events %v", doc.PrivacyEvents)
	}
}
