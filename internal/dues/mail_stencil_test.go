package dues_test

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"memberbase/internal/dues"
	"memberbase/internal/outbox"
	"memberbase/templates"
)

// stencilNames are first names and member IDs the lifecycle's stencils
// fill in (letters, digits, spaces, hyphens, dots, non-ASCII letters) and
// ones they leave to a full render (HTML characters, an apostrophe, a
// plus, edges and runs of spaces).
var stencilNames = [][2]string{
	{"Ed", "M-000001"},
	{"José María", "M-000002"},
	{"Zoë Ann-Marie J.", "2026.17"},
	{"Łukasz", "ÅÄÖ"},
	{" Ann ", "M-000003"},
	{"Ann  Lee", "M  4"},
	{"Zoë & <Ann>", "M-000005"},
	{`Bob "B" O'Neil+1`, "M-000006"},
	{"Ann", "<b>7</b>"},
	{"", ""},
}

// TestStencilsRenderWhatTheTemplatesRender: each dues mail rendered
// from its stencil, for every kind, is what rendering it in full gives,
// for names the stencil fills in and names it does not, and mails of
// different amounts, dates and plans do not share a stencil.
func TestStencilsRenderWhatTheTemplatesRender(t *testing.T) {
	rd, err := outbox.NewRenderer(templates.FS, "Org & Co", "https://members.example.org")
	must(t, err)
	shared := []dues.Mail{
		{PlanName: "Regular", Amount: "€30.00", DueDate: "1 January 2027", PaidThrough: "31 December 2026", Instructions: "IBAN DE00 & <ref>"},
		{PlanName: "Reduced <b>", Amount: "€10.00", DueDate: "2 January 2027", PaidThrough: "1 January 2027"},
	}
	for _, kind := range []string{dues.MailRenewalDue, dues.MailRenewalReminder, dues.MailLapsed} {
		var data []dues.Mail
		for _, s := range shared {
			for _, n := range stencilNames {
				d := s
				d.FirstName, d.MemberID = n[0], n[1]
				data = append(data, d)
			}
		}
		got, err := dues.RenderMailsForTest(rd, kind, data)
		must(t, err)
		for i, d := range data {
			want, err := rd.Render(kind, d)
			must(t, err)
			if got[i] != want {
				t.Errorf("%s for %q/%q/%s:\nstencil %+v\nfull    %+v", kind, d.FirstName, d.MemberID, d.PlanName, got[i], want)
			}
		}
	}
}

// TestStencilsFollowOtherTemplates: with templates that put the first
// name and member ID where escaping changes letters or spaces (a link's
// query, an unquoted attribute), each mail is rendered in full; with a
// name at the edge of the text and in the subject, filled-in mails are
// trimmed and folded as rendering does. Either way each mail comes out as
// rendering gives it.
func TestStencilsFollowOtherTemplates(t *testing.T) {
	for name, tpl := range map[string][2]string{
		"transforming": {
			`{{define "subject"}}Dear {{.Data.FirstName}}{{end}}{{define "body"}}{{link "/pay" "ref" .Data.MemberID "n" .Data.FirstName}}{{end}}`,
			`{{define "body"}}<a title={{.Data.FirstName}} href="/pay?ref={{.Data.MemberID}}">{{.Data.FirstName}}</a>{{end}}`,
		},
		"edges": {
			`{{define "subject"}}  {{.Data.FirstName}}  {{.Data.MemberID}}{{end}}{{define "body"}}{{.Data.FirstName}}{{end}}`,
			`{{define "body"}}<p>{{.Data.FirstName}} {{.Data.MemberID}}</p>{{end}}`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			rd := rendererWith(t, dues.MailRenewalDue, tpl[0], tpl[1])
			var data []dues.Mail
			for _, n := range stencilNames {
				data = append(data, dues.Mail{PlanName: "Regular", Amount: "€30.00", DueDate: "1 January 2027", FirstName: n[0], MemberID: n[1]})
			}
			got, err := dues.RenderMailsForTest(rd, dues.MailRenewalDue, data)
			must(t, err)
			for i, d := range data {
				want, err := rd.Render(dues.MailRenewalDue, d)
				must(t, err)
				if got[i] != want {
					t.Errorf("for %q/%q:\nstencil %+v\nfull    %+v", d.FirstName, d.MemberID, got[i], want)
				}
			}
		})
	}
}

// rendererWith is the mail renderer of the app's templates with kind's
// text and HTML templates replaced.
func rendererWith(t *testing.T, kind, text, html string) *outbox.Renderer {
	t.Helper()
	fsys := fstest.MapFS{}
	must(t, fs.WalkDir(templates.FS, "emails", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templates.FS, p)
		fsys[p] = &fstest.MapFile{Data: b}
		return err
	}))
	fsys["emails/"+kind+".txt"] = &fstest.MapFile{Data: []byte(text)}
	fsys["emails/"+kind+".html"] = &fstest.MapFile{Data: []byte(html)}
	rd, err := outbox.NewRenderer(fsys, "Org", "https://members.example.org")
	must(t, err)
	return rd
}
