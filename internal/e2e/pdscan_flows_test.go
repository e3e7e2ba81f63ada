package e2e

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"memberbase/internal/token"
)

// TestTokensStayInTheirTables runs every mailed-link flow that exists over
// HTTP (join and its confirmation, issue 15; the data copy with its
// confirmation and download links, issue 16; the manage link and the
// email change, issue 21), stops the process, and
// checks with the personal-data scan that no link token is anywhere the
// process wrote (stdout, data.db, auxiliary.db, storage) and that each
// token's hash sits in its own table's column only.
func TestTokensStayInTheirTables(t *testing.T) {
	inst := startProduction(t, nil)
	c := inst.newClient(t, "127.0.0.190")
	for _, f := range publicForms() {
		needRoute(t, c, f.Post, f.Issue)
	}
	su := inst.superuser(t)
	own := map[string]string{} // plain token → its table.column
	// join confirmation.
	{
		const email = "token.join@e2e.example.org"
		createMemberElsewhere(t, inst, su, email)
		link := linkTo(t, inst, email, 0, "/join/confirm")
		own[tokenOf(link)] = "join_requests.token_hash"
	}
	// data export: confirmation and download.
	{
		m := su.createMember("Token", "Details", "token.details@e2e.example.org")
		f := publicForms()[2]
		before := inst.SMTP.Count()
		expectRedirect(t, c.PostForm(f.Post, c.validFields(f, m.Email)), f.Sent)
		confirm := linkTo(t, inst, m.Email, before, "/privacy/confirm")
		page := c.Get(strings.TrimPrefix(confirm, inst.Base))
		if res := c.PostForm("/privacy/confirm", hiddenFields(page.Body)); res.Status != http.StatusSeeOther {
			t.Fatalf("confirm: %d", res.Status)
		}
		download := linkTo(t, inst, m.Email, before+1, "/privacy/download")
		own[tokenOf(confirm)] = "privacy_requests.token_hash"
		own[tokenOf(download)] = "privacy_requests.download_token_hash"
	}
	// self-service: manage link and email change.
	{
		m := su.createMember("Token", "Manage", "token.manage@e2e.example.org")
		const newEmail = "token.manage.new@e2e.example.org"
		f := publicForm{Post: "/privacy/manage", Page: "/lookup", Sent: "/privacy/sent"}
		before := inst.SMTP.Count()
		expectRedirect(t, c.PostForm(f.Post, c.validFields(f, m.Email)), f.Sent)
		manage := linkTo(t, inst, m.Email, before, "/manage")
		page := c.Get(strings.TrimPrefix(manage, inst.Base))
		fields := hiddenFields(page.Body)
		fields.Set("action", "email")
		fields.Set("new_email", newEmail)
		before = inst.SMTP.Count()
		expectRedirect(t, c.PostForm("/manage", fields), "/manage/email-sent")
		change := linkTo(t, inst, newEmail, before, "/manage/email")
		own[tokenOf(manage)] = "manage_links.token_hash"
		own[tokenOf(change)] = "email_changes.token_hash"
	}
	// Sensitive outbox bodies are cleared once sent: wait for it.
	waitUntil(t, "sent mails with tokens to be cleared", func() bool {
		return su.count("email_outbox", "sensitive=true && text_body!=''") == 0
	})
	inst.Stop(t)

	for plain, col := range own {
		for _, f := range inst.scanWritten(t, plain) {
			cols := inst.columnsHolding(t, "data.db", plain)
			t.Errorf("a link token (for %s) was written: %v, in columns %v", col, f, cols)
			if len(cols) == 0 {
				t.Log("  in no live row: a cleared value left in a free page, which SQLite's secure_delete (SPEC §9) overwrites")
			}
		}
		if cols := inst.columnsHolding(t, "data.db", token.Hash(plain)); !slices.Equal(cols, []string{col}) {
			t.Errorf("token hash held in %v, want %s only", cols, col)
		}
	}
	t.Logf("%d link tokens checked", len(own))
}
