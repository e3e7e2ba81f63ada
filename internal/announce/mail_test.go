package announce_test

import (
	"strings"
	"testing"
	"time"

	"memberbase/internal/announce"
)

// The headers and footers as the SMTP server receives them: marketing mail
// carries RFC 8058 one-click unsubscribe, a members notice does not and
// says why it is sent.
func TestMailAsReceived(t *testing.T) {
	app, srv := newApp(t)
	m := member(t, app, "ada", "active", true)
	tok, _ := tokenOf(t, app, m)
	startOutbox(t, app)
	if err := srv.WaitFor(1, 15*time.Second); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()[0]
	h := got.Header
	want := map[string]string{
		"List-Unsubscribe":      "<" + baseURL + "/unsubscribe?token=" + tok + ">",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"List-Id":               "<announcements.members.example.org>",
		"Precedence":            "bulk",
	}
	for k, v := range want {
		if h.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, h.Get(k), v)
		}
	}
	if got.Subject != "General meeting on 12 March" || !strings.Contains(got.Text, "general meeting is on 12 March at the hall (https://example.org/hall)") ||
		!strings.Contains(got.Text, baseURL+"/unsubscribe?token="+tok) || !strings.Contains(got.HTML, `<a href="https://example.org/hall">the hall</a>`) {
		t.Errorf("mail subject=%q text=%q html=%q", got.Subject, got.Text, got.HTML)
	}

	notice := announcement(t, app, announce.AudienceMembers, announce.StatusScheduled)
	step(t, app, service(0))
	_ = notice
	if err := srv.WaitFor(2, 15*time.Second); err != nil {
		t.Fatal(err)
	}
	n := srv.Messages()[1]
	if n.Header.Get("List-Unsubscribe") != "" || n.Header.Get("List-Unsubscribe-Post") != "" || n.Header.Get("Precedence") != "bulk" {
		t.Errorf("members notice headers: %v", n.Header)
	}
	if !strings.Contains(n.Text, "our statutes require us to send it to every member") || strings.Contains(n.Text, "unsubscribe?token") {
		t.Errorf("members notice footer:\n%s", n.Text)
	}
}
