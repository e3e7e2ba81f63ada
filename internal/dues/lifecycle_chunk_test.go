package dues_test

import (
	"slices"
	"testing"

	"memberbase/internal/dues"
	"memberbase/internal/testapp"
)

// TestLifecycleChunkKeepsMembersApart: the job reads many members' rows at
// once; what it read of one member never leaks onto another in the same
// transaction. On the notice day the member with credit gets its period
// paid and no mail, the others a due period and one notice each; on the
// reminder day the notice is not sent again and the reminder goes out once,
// however the runs repeat.
func TestLifecycleChunkKeepsMembersApart(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, nil) // 12 months, € 30.00
	var ids []string
	for _, email := range []string{"a@example.org", "b@example.org", "c@example.org"} {
		m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id, "email": email})
		e.pay(m.Id, 3000)
		ids = append(ids, m.Id)
	}
	e.pay(ids[1], 3000) // b pays next year ahead: credit

	e.on("2026-12-10")
	if rep := e.run(); rep.Checked != 3 || rep.Created != 3 || rep.Notices != 2 {
		t.Errorf("notice day: %+v", rep)
	}
	if rep := e.run(); rep.Created != 0 || rep.Notices != 0 {
		t.Errorf("second run on the notice day: %+v", rep)
	}
	for i, want := range []string{"due", "paid", "due"} {
		if got := e.periods(ids[i]); len(got) != 2 || got[1] != "2027-01-10..2028-01-09 "+want {
			t.Errorf("member %d: periods %v", i, got)
		}
	}
	e.on("2027-01-09")
	if rep := e.run(); rep.Notices != 0 || rep.Reminders != 2 {
		t.Errorf("reminder day: %+v", rep)
	}
	if rep := e.run(); rep.Reminders != 0 {
		t.Errorf("second run on the reminder day: %+v", rep)
	}
	var to []string
	for _, m := range e.mails(dues.MailRenewalReminder) {
		to = append(to, m.GetString("recipient"))
	}
	slices.Sort(to)
	if !slices.Equal(to, []string{"a@example.org", "c@example.org"}) {
		t.Errorf("reminders to %v", to)
	}
}
