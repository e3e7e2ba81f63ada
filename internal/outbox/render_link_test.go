package outbox_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"memberbase/internal/outbox"
)

// Links in mails are exactly BASE_URL plus the path, with a query string
// only when the template passes query pairs: a bare link never ends in "?".
func TestMailLinksCarryAQueryOnlyWhenGivenOne(t *testing.T) {
	fsys := fstest.MapFS{
		"emails/layout.txt":  {Data: []byte(`{{define "layout"}}{{template "body" .}}{{end}}`)},
		"emails/layout.html": {Data: []byte(`{{define "layout"}}{{template "body" .}}{{end}}`)},
		"emails/links.txt": {Data: []byte(`{{define "subject"}}Links{{end}}{{define "body"}}` +
			`bare={{link "/lookup"}} query={{link "/privacy/download" "token" "a b&c"}}{{end}}`)},
		"emails/links.html": {Data: []byte(`{{define "body"}}<a href="{{link "/lookup"}}">x</a>{{end}}`)},
	}
	r, err := outbox.NewRenderer(fsys, "Org", "https://members.example.org/")
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.Render("links", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "bare=https://members.example.org/lookup query=https://members.example.org/privacy/download?token=a+b%26c\n"
	if got.Text != want {
		t.Errorf("text %q, want %q", got.Text, want)
	}
	if !strings.Contains(got.HTML, `href="https://members.example.org/lookup"`) {
		t.Errorf("html %q", got.HTML)
	}
}
