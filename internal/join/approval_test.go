package join_test

import (
	"strings"
	"testing"

	"memberbase/internal/join"
	"memberbase/internal/testapp"
)

func TestIsApprovalIsTheOneMailedChange(t *testing.T) {
	statuses := []string{"pending_approval", "active", "lapsed", "cancelled", "erased"}
	for _, before := range statuses {
		for _, after := range statuses {
			want := before == "pending_approval" && after == "active"
			if got := join.IsApproval(before, after); got != want {
				t.Errorf("IsApproval(%s, %s) = %v", before, after, got)
			}
		}
	}
}

func TestApprovedQueuesTheMailInTheTransaction(t *testing.T) {
	e := newEnv(t, nil)
	m := testapp.SaveMember(t, e.app, map[string]any{"first_name": "Grace"})
	if err := e.join.Approved(e.app, m); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(1)
	if err := e.join.Approved(e.app, m); err != nil {
		t.Fatal(err)
	}
	mails := e.mails(join.MailApproved)
	if len(mails) != 2 || !mails[0].GetBool("sensitive") || !strings.Contains(mails[0].GetString("text_body"), m.GetString("member_id")) ||
		!strings.Contains(mails[0].GetString("text_body"), "Hello Grace") {
		t.Fatalf("approval mails: %d", len(mails))
	}
	if mails[0].GetString("dedupe_key") == mails[1].GetString("dedupe_key") || strings.Contains(mails[0].GetString("dedupe_key"), "@") {
		t.Error("each approval needs its own key, without the address")
	}
}
