package outbox

import (
	htmltemplate "html/template"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"memberbase/templates"
)

const testBaseURL = "https://members.example.org"

// dueSample is what the dues lifecycle passes (internal/dues.Mail).
var dueSample = map[string]any{"FirstName": "Ada", "MemberID": "M-000042", "PlanName": "Regular", "Amount": "€ 30.00",
	"DueDate": "1 January 2027", "PaidThrough": "31 December 2026", "Instructions": "IBAN DE00 <0000>"}

// sampleData is what the flows pass for each kind.
func sampleData() map[string]map[string]any {
	return map[string]map[string]any{
		"join_confirm":         {"FirstName": "Ada <b>", "Token": "tok-123_abc"},
		"already_member":       {"FirstName": "Ada", "MemberID": "M-000042", "Pending": false},
		"welcome":              {"FirstName": "Ada", "MemberID": "M-000042", "Pending": true},
		"membership_approved":  {"FirstName": "Ada", "MemberID": "M-000042"},
		"member_id":            {"FirstName": "Ada", "MemberID": "M-000042", "CardToken": "eyJ.card.sig"},
		"card":                 {"FirstName": "Ada", "MemberID": "M-000042", "Token": "eyJ.card.sig", "ValidUntil": "31 January 2027"},
		"privacy_confirm":      {"Action": "deletion", "Token": "tok-456"},
		"manage_link":          {"FirstName": "Ada", "Token": "mg-123", "ExpiresAt": "2 December 2026, 10:00 UTC"},
		"email_change_confirm": {"FirstName": "Ada", "Token": "ec-123", "ExpiresAt": "2 December 2026, 10:00 UTC", "NewMasked": "a***@e***.org"},
		"email_changed_notice": {"FirstName": "Ada", "NewMasked": "a***@e***.org", "Contact": "privacy@example.org"},
		"goodbye":              {"FirstName": "Ada", "MemberID": "M-000042", "Contact": "privacy@example.org"},
		"details_confirm":      {"Token": "tok-321", "ExpiresAt": "2 December 2026, 10:00 UTC"},
		"details_ready":        {"Token": "dl-789", "ExpiresAt": "2026-12-01 10:00 UTC"},
		"deletion_rejected":    {"Reason": "Open invoices <first> & second"},
		"deletion_completed":   {"MemberRef": "M-000042"},
		"webhook_deactivated":  {"ID": "abc123def456ghi", "Description": "CRM <sync>", "Since": "2 December 2026, 10:00 UTC"},
		"renewal_due":          dueSample,
		"renewal_reminder":     dueSample,
		"lapsed":               dueSample,
		"admin_digest": {"Date": "2026-12-02", "PendingJoins": 1, "DeletionCount": 2, "FailedMails": 1, "FailedIntake": 0,
			"Joins": []map[string]any{{"Ref": "M-000011", "ID": "mem123", "Date": "2026-11-30"}},
			"Deletions": []map[string]any{
				{"Ref": "M-000007", "ID": "req7", "Date": "2026-11-20", "Overdue": true},
				{"Ref": "M-000009", "ID": "req9", "Date": "2026-12-20", "Overdue": false},
			}},
		"announcement": {"Subject": "General meeting", "HTML": htmltemplate.HTML("<p>Hello</p>"), "Text": "Hello",
			"Marketing": true, "Unsubscribe": testBaseURL + "/unsubscribe?token=x"},
	}
}

func newTestRenderer(t *testing.T) *Renderer {
	t.Helper()
	r, err := NewRenderer(templates.FS, "Example Union", testBaseURL+"/")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

var urlPattern = regexp.MustCompile(`(?i)(https?:)?//[^\s"'<>]+`)

func TestEveryKindRendersWithBaseURLLinksOnly(t *testing.T) {
	r := newTestRenderer(t)
	data := sampleData()
	for kind := range data {
		if !slices.Contains(r.Kinds(), kind) {
			t.Errorf("kind %s has no templates", kind)
		}
	}
	for _, kind := range r.Kinds() {
		d, ok := data[kind]
		if !ok {
			t.Errorf("kind %s has no sample data in this test", kind)
			continue
		}
		m, err := r.Render(kind, d)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if m.Subject == "" || strings.ContainsAny(m.Subject, "\r\n") || !strings.Contains(m.Subject+m.Text, "Example Union") {
			t.Errorf("%s: subject %q", kind, m.Subject)
		}
		for part, body := range map[string]string{"text": m.Text, "html": m.HTML} {
			if !strings.Contains(body, "Example Union") || strings.Contains(body, "no value") {
				t.Errorf("%s %s: missing org or a value:\n%s", kind, part, body)
			}
			for _, u := range urlPattern.FindAllString(body, -1) {
				if !strings.HasPrefix(u, testBaseURL+"/") {
					t.Errorf("%s %s: link %q not from BASE_URL", kind, part, u)
				}
			}
		}
		if strings.Contains(strings.ToLower(m.HTML), "<img") || strings.Contains(m.HTML, "<script") {
			t.Errorf("%s: html has images or scripts (no tracking)", kind)
		}
	}
}

func TestRenderEscapesHTMLAndBuildsTokenLinks(t *testing.T) {
	r := newTestRenderer(t)
	m, err := r.Render("join_confirm", sampleData()["join_confirm"])
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.HTML, "Ada <b>") || !strings.Contains(m.HTML, "Ada &lt;b&gt;") {
		t.Errorf("html part does not escape the name")
	}
	want := testBaseURL + "/join/confirm?token=tok-123_abc"
	if !strings.Contains(m.Text, want) || !strings.Contains(m.HTML, want) {
		t.Errorf("confirmation link %q missing:\n%s", want, m.Text)
	}
	d, _ := r.Render("admin_digest", sampleData()["admin_digest"])
	if !strings.Contains(d.Text, "M-000007 due 2026-11-20 (OVERDUE): "+testBaseURL+"/_/#/collections?collection=privacy_requests&record=req7") ||
		strings.Contains(d.Text, "M-000009 due 2026-12-20 (OVERDUE)") ||
		!strings.Contains(d.HTML, `href="`+testBaseURL+`/_/#/collections?collection=members&amp;record=mem123"`) {
		t.Errorf("digest text:\n%s", d.Text)
	}
}

func TestRenderRefusesMissingDataAndUnknownKinds(t *testing.T) {
	r := newTestRenderer(t)
	if _, err := r.Render("welcome", map[string]any{"FirstName": "Ada"}); err == nil {
		t.Error("missing MemberID rendered")
	}
	if _, err := r.Render("nope", nil); err == nil {
		t.Error("unknown kind rendered")
	}
}

func TestNewRendererRejectsBrokenTemplates(t *testing.T) {
	base := fstest.MapFS{
		"emails/layout.txt":  {Data: []byte(`{{define "layout"}}{{template "body" .}}{{end}}`)},
		"emails/layout.html": {Data: []byte(`{{define "layout"}}{{template "body" .}}{{end}}`)},
	}
	cases := map[string]fstest.MapFS{
		"no html part": {"emails/a.txt": {Data: []byte(`{{define "subject"}}s{{end}}{{define "body"}}b{{end}}`)}},
		"no subject":   {"emails/a.txt": {Data: []byte(`{{define "body"}}b{{end}}`)}, "emails/a.html": {Data: []byte(`{{define "body"}}b{{end}}`)}},
		"syntax":       {"emails/a.txt": {Data: []byte(`{{define "subject"}}{{end}`)}, "emails/a.html": {Data: []byte(`{{define "body"}}b{{end}}`)}},
		"foreign link": {"emails/a.txt": {Data: []byte(`{{define "subject"}}s{{end}}{{define "body"}}{{link "//evil.example"}}{{end}}`)}, "emails/a.html": {Data: []byte(`{{define "body"}}b{{end}}`)}},
	}
	for name, files := range cases {
		for k, v := range base {
			files[k] = v
		}
		r, err := NewRenderer(files, "Org", testBaseURL)
		if err == nil {
			_, err = r.Render("a", nil)
		}
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
