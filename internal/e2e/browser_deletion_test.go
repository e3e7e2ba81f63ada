package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"memberbase/internal/token"
)

// TestBrowserDeletion is the deletion flow, written to SPEC §6 ahead of its
// issue: lookup page → "delete my data" → the confirmation link from the
// mail → confirm → an admin approves through the REST API → the member is
// erased (tombstone: member ID and status only) and gets the completion
// mail; then, with the process stopped, the personal-data scan finds
// neither the person's names and address nor the link's token anywhere it
// wrote, and the token's hash only in privacy_requests. Needs issue 17
// (deletion). An active webhook endpoint subscribed to the member events is
// registered first, so webhook_deliveries holds payloads with the person's
// names and address until the erasure redacts them (issue 25); its https
// URL is a loopback address the production SSRF guard refuses to dial, so
// every delivery fails without a network and the payloads stay stored.
func TestBrowserDeletion(t *testing.T) {
	inst := startProduction(t, nil)
	needRoute(t, inst.newClient(t, "127.0.0.180"), "/privacy/deletion", "issue 17 (deletion)")
	su := inst.superuser(t)
	su.call(http.MethodPost, "/api/collections/webhooks/records", map[string]any{
		"url":    "https://127.0.0.1:9/deletion-hook",
		"events": []string{"member.created", "member.updated", "member.status_changed", "member.erased"},
		"active": true,
	}, http.StatusOK, nil)
	const first, last, email = "Rosalind", "Franklin-Erase", "rosalind.erase@e2e.example.org"
	m := su.createMember(first, last, email)
	if n := su.count("webhook_deliveries", fmt.Sprintf("event='member.created' && payload ~ '%s'", last)); n != 1 {
		t.Fatalf("%d member.created deliveries carry the last name, want 1: the scan would prove nothing", n)
	}
	script := axeScript(t)
	b := newBrowser(t, inst)

	b.lookupRequest("deletion", email)
	link := linkTo(t, inst, email, 0, "/privacy/confirm")
	if res := b.openURL(link); res.Status != http.StatusOK {
		t.Fatalf("confirmation page: %d", res.Status)
	}
	b.axe(script)
	if status, _ := b.submit(`form[action="/privacy/confirm"] button[type=submit]`); status != http.StatusOK {
		t.Fatalf("confirm: %d", status)
	}
	b.axe(script)

	var reqs struct {
		Items []struct{ ID, Kind, Status string }
	}
	filter := url.QueryEscape(fmt.Sprintf("member='%s' && kind='deletion'", m.ID))
	su.call(http.MethodGet, "/api/collections/privacy_requests/records?filter="+filter, nil, http.StatusOK, &reqs)
	if len(reqs.Items) != 1 || reqs.Items[0].Status != "confirmed" {
		t.Fatalf("deletion requests of the member: %+v, want one confirmed", reqs.Items)
	}
	su.call(http.MethodPatch, "/api/collections/privacy_requests/records/"+reqs.Items[0].ID, map[string]string{"status": "approved"}, http.StatusOK, nil)

	var erased member
	waitUntil(t, "the member to be erased", func() bool {
		su.call(http.MethodGet, "/api/collections/members/records/"+m.ID, nil, http.StatusOK, &erased)
		return erased.Status == "erased"
	})
	if erased.MemberID != m.MemberID || erased.FirstName != "" || erased.LastName != "" || erased.Email != "" {
		t.Errorf("tombstone %+v, want member ID %s and nothing else", erased, m.MemberID)
	}
	mailTo(t, inst, email, 1) // the completion mail (after the confirmation)
	waitUntil(t, "the outbox rows of the address to be redacted", func() bool {
		return su.count("email_outbox", fmt.Sprintf("recipient='%s'", email)) == 0
	})
	inst.Stop(t)

	for _, f := range inst.scanWritten(t, first, last, email, tokenOf(link)) {
		t.Errorf("after erasure: %v", f)
	}
	if cols := inst.columnsHolding(t, "data.db", token.Hash(tokenOf(link))); !slices.Equal(cols, []string{"privacy_requests.token_hash"}) {
		t.Errorf("the link's token hash is in %v, want privacy_requests.token_hash only", cols)
	}
}

// waitUntil polls cond every 200 ms for up to 30 s.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
