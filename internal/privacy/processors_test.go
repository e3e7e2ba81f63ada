package privacy_test

import (
	"strings"
	"testing"

	"memberbase/internal/intake"
	"memberbase/internal/privacy"
	"memberbase/internal/testapp"
)

func TestMemberIDGoesToMembersOnly(t *testing.T) {
	e := newEnv(t)
	testapp.SaveMember(t, e.app, map[string]any{"member_id": "M-000042"})
	testapp.SaveMember(t, e.app, map[string]any{"email": "gone@example.org", "status": "erased", "member_id": "M-000043"})
	e.ask(intake.KindMemberID, "stranger@example.org")
	e.ask(intake.KindMemberID, "gone@example.org")
	e.ask(intake.KindMemberID, "ada@example.org")
	got := e.mails()
	if len(got) != 1 {
		t.Fatalf("%d mails queued, want 1: %+v", len(got), got)
	}
	m := got[0]
	if m.Recipient != "ada@example.org" || m.Kind != privacy.MailMemberID || !m.Sensitive ||
		!strings.Contains(m.Text, "M-000042") || !strings.Contains(m.Text, "https://members.example.org/lookup") {
		t.Errorf("member ID mail: %+v", m)
	}
	// An active member without a plan can hold a card: the mail links it.
	if !strings.Contains(m.Text, "https://members.example.org/card?c=ey") {
		t.Errorf("member ID mail without the card link:\n%s", m.Text)
	}
	if n := e.count("intake", "1=1", nil); n != 0 {
		t.Errorf("%d intake rows left", n)
	}
}

func TestDetailsRequestOnlyForMembersAndOlderLinksStayValid(t *testing.T) {
	e := newEnv(t)
	ada := testapp.SaveMember(t, e.app, map[string]any{"member_id": "M-000042"})
	testapp.SaveMember(t, e.app, map[string]any{"email": "gone@example.org", "status": "erased", "member_id": "M-000043"})
	e.ask(intake.KindDetails, "stranger@example.org")
	e.ask(intake.KindDetails, "gone@example.org")
	if n := len(e.requests()) + len(e.mails()); n != 0 {
		t.Fatalf("a stranger or an erased member got %d requests/mails", n)
	}
	e.ask(intake.KindDetails, "ada@example.org")
	e.ask(intake.KindDetails, "ada@example.org")
	reqs, mails := e.requests(), e.mails()
	if len(reqs) != 2 || len(mails) != 2 {
		t.Fatalf("%d requests, %d mails; want 2 each", len(reqs), len(mails))
	}
	for i, r := range reqs {
		if r.GetString("kind") != privacy.KindDetails || r.GetString("status") != privacy.StatusAwaiting ||
			r.GetString("member") != ada.Id || r.GetString("member_ref") != "M-000042" || len(r.GetString("token_hash")) != 64 {
			t.Errorf("request %d: %v", i, r.FieldsData())
		}
		if d := r.GetDateTime("expires_at").Time().Sub(e.clock.Now()); d < privacy.ConfirmTTL-1e9 || d > privacy.ConfirmTTL {
			t.Errorf("request %d expires in %s", i, d)
		}
		if got := e.events(r.Id); len(got) != 1 || got[0] != ">awaiting_confirmation:system" {
			t.Errorf("request %d events %q", i, got)
		}
		m := mails[i]
		if m.Recipient != "ada@example.org" || m.Kind != privacy.MailDetailsConfirm || !m.Sensitive {
			t.Errorf("mail %d: %+v", i, m)
		}
		if strings.Contains(m.Text, r.GetString("token_hash")) {
			t.Error("the mail carries the stored hash")
		}
	}
	// Asking again voided nothing: both links still open their page.
	for i, m := range mails {
		p, err := e.svc.Pending(e.app, e.tokenIn(m))
		if err != nil || p.Kind != privacy.KindDetails || p.MaskedEmail != "a***@e***.org" {
			t.Errorf("link %d: %+v, %v", i, p, err)
		}
	}
}

func TestCapCountsPerIntakeKind(t *testing.T) {
	e := newEnv(t)
	testapp.SaveMember(t, e.app, nil)
	for range 4 {
		e.ask(intake.KindMemberID, "ada@example.org")
	}
	for range 4 {
		e.ask(intake.KindDetails, "ada@example.org")
	}
	kinds := map[string]int{}
	for _, m := range e.mails() {
		kinds[m.Kind]++
	}
	if kinds[privacy.MailMemberID] != 3 || kinds[privacy.MailDetailsConfirm] != 3 || len(e.requests()) != 3 {
		t.Errorf("mails per kind %v, %d requests; want 3 each (the 4th dropped silently)", kinds, len(e.requests()))
	}
	if n := e.count("intake", "1=1", nil); n != 0 {
		t.Errorf("%d intake rows left: dropped requests must be deleted too", n)
	}
}
