package dues_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"memberbase/internal/dues"
	"memberbase/internal/intake"
	"memberbase/internal/join"
	"memberbase/internal/testapp"
)

// joinWithPlan runs a join with the plan through intake and confirmation,
// as the public pages do, and returns the new member's id.
func joinWithPlan(t *testing.T, e *env, planID string) string {
	t.Helper()
	if err := join.Submit(e.app, join.Request{Email: "ada@example.org", FirstName: "Ada", LastName: "Lovelace",
		ConsentVersion: "1", ConsentAt: e.now, Plan: planID}); err != nil {
		t.Fatal(err)
	}
	w, err := intake.FromApp(e.app)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	js, err := join.FromApp(e.app)
	if err != nil {
		t.Fatal(err)
	}
	body := e.mails(join.MailConfirm)[0].GetString("text_body")
	i := strings.Index(body, "token=")
	res, err := js.Confirm(e.app, body[i+6:i+6+43])
	if err != nil {
		t.Fatal(err)
	}
	m, err := e.app.FindFirstRecordByData("members", "member_id", res.MemberID)
	if err != nil {
		t.Fatal(err)
	}
	return m.Id
}

// TestWholeCycle: join with a plan → period due → paid → renewal notice
// before paid_through → reminder on the day → lapse after grace → a payment
// reactivates with a new period from its date, and the history shows the gap.
func TestWholeCycle(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, nil) // 12 months, € 30.00, 30 days' grace
	id := joinWithPlan(t, e, plan.Id)
	if got := e.periods(id); !slices.Equal(got, []string{"2026-01-10..2027-01-09 due"}) {
		t.Fatalf("after join: %v", got)
	}

	e.on("2026-01-15")
	e.pay(id, 3000)
	if m := e.member(id); day(m, "paid_through") != "2027-01-09" || m.GetString("status") != "active" {
		t.Fatalf("after payment: %s %s", day(m, "paid_through"), m.GetString("status"))
	}

	e.on("2026-12-09") // 31 days before paid_through: nothing yet
	if rep := e.run(); rep.Checked != 0 || rep.Created != 0 || rep.Notices != 0 {
		t.Errorf("too early (the member is not even selected): %+v", rep)
	}
	e.on("2026-12-10") // RENEWAL_NOTICE_DAYS (30) before
	if rep := e.run(); rep.Created != 1 || rep.Notices != 1 {
		t.Errorf("notice day: %+v", rep)
	}
	due := e.mails(dues.MailRenewalDue)
	if len(due) != 1 {
		t.Fatalf("renewal_due mails: %d", len(due))
	}
	for _, want := range []string{"€ 30.00", "10 January 2027", "M-000001", "IBAN DE00", "9 January 2027"} {
		if !strings.Contains(due[0].GetString("text_body"), want) {
			t.Errorf("renewal_due lacks %q:\n%s", want, due[0].GetString("text_body"))
		}
	}
	// Idempotent: a second run the same day changes nothing, mails nothing.
	periods, outboxRows := e.count("periods"), e.count("email_outbox")
	if rep := e.run(); rep.Created+rep.Notices+rep.Reminders+rep.Lapsed != 0 || e.count("periods") != periods || e.count("email_outbox") != outboxRows {
		t.Errorf("second run changed something: %+v", rep)
	}

	e.on("2027-01-09") // paid_through itself
	if rep := e.run(); rep.Reminders != 1 || len(e.mails(dues.MailRenewalReminder)) != 1 {
		t.Errorf("reminder day: %+v", rep)
	}
	e.on("2027-02-08") // paid_through + grace: still in grace
	if rep := e.run(); rep.Lapsed != 0 || e.member(id).GetString("status") != "active" {
		t.Errorf("lapsed within grace: %+v", rep)
	}
	e.on("2027-02-09")
	if rep := e.run(); rep.Lapsed != 1 || e.member(id).GetString("status") != "lapsed" || len(e.mails(dues.MailLapsed)) != 1 {
		t.Errorf("after grace: %+v, status %s", rep, e.member(id).GetString("status"))
	}
	if rep := e.run(); rep.Checked != 0 || len(e.mails(dues.MailLapsed)) != 1 {
		t.Errorf("second run after the lapse: %+v", rep)
	}

	e.on("2027-03-01")
	e.pay(id, 3000)
	m := e.member(id)
	if m.GetString("status") != "active" || day(m, "paid_through") != "2028-02-29" {
		t.Errorf("reactivated: %s through %s", m.GetString("status"), day(m, "paid_through"))
	}
	want := []string{"2026-01-10..2027-01-09 paid", "2027-01-10..2028-01-09 void", "2027-03-01..2028-02-29 paid"}
	if got := e.periods(id); !slices.Equal(got, want) {
		t.Errorf("history %v, want %v (the gap January–February 2027 shows the lapse)", got, want)
	}
}

// TestNeverPaidLapses: a member who never pays lapses after the first
// period's start plus grace.
func TestNeverPaidLapses(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, map[string]any{"grace_days": 14})
	m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id})
	e.on("2026-01-24")
	if e.run(); e.member(m.Id).GetString("status") != "active" {
		t.Error("lapsed on the last day of grace")
	}
	e.on("2026-01-25")
	if rep := e.run(); rep.Lapsed != 1 || e.member(m.Id).GetString("status") != "lapsed" {
		t.Errorf("never paid: %+v", rep)
	}
}

// TestArrears: on a plan with arrears, a lapsed member's payment pays the
// stale due period first; no new period starts.
func TestArrears(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, map[string]any{"arrears": true, "grace_days": 0})
	m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id})
	e.on("2026-01-11")
	e.run()
	e.on("2026-06-01")
	e.pay(m.Id, 3000)
	got := e.member(m.Id)
	if want := []string{"2026-01-10..2027-01-09 paid"}; !slices.Equal(e.periods(m.Id), want) || got.GetString("status") != "active" {
		t.Errorf("arrears: %v %s", e.periods(m.Id), got.GetString("status"))
	}
}

// TestNoMailToErasedCancelledOrPlanless: the job selects active members on a
// plan only; the others get no period and no mail.
func TestNoMailToErasedCancelledOrPlanless(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, map[string]any{"grace_days": 0})
	testapp.SaveMember(t, e.app, map[string]any{"email": "none@example.org"})
	cancelled := testapp.SaveMember(t, e.app, map[string]any{"email": "left@example.org", "plan": plan.Id})
	erased := testapp.SaveMember(t, e.app, map[string]any{"email": "gone@example.org", "plan": plan.Id})
	for _, id := range []string{cancelled.Id, erased.Id} {
		e.pay(id, 3000)
	}
	cancelled = e.member(cancelled.Id)
	cancelled.Set("status", "cancelled")
	if err := e.app.Save(cancelled); err != nil {
		t.Fatal(err)
	}
	eraseMember(t, e, erased.Id)

	for _, d := range []string{"2026-12-10", "2027-01-09", "2027-02-10"} {
		e.on(d)
		if rep := e.run(); rep.Checked != 0 {
			t.Errorf("%s: %+v", d, rep)
		}
	}
	for _, k := range []string{dues.MailRenewalDue, dues.MailRenewalReminder, dues.MailLapsed} {
		if n := len(e.mails(k)); n != 0 {
			t.Errorf("%d %s mails", n, k)
		}
	}
}

// TestLifecycleBatches: more members than one batch are all handled.
func TestLifecycleBatches(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, map[string]any{"grace_days": 0})
	const n = 230
	for i := range n {
		testapp.SaveMember(t, e.app, map[string]any{"email": "m" + string(rune('a'+i%26)) + strings.Repeat("x", i/26) + "@example.org", "plan": plan.Id})
	}
	e.on("2026-01-11")
	if rep := e.run(); rep.Checked != n || rep.Lapsed != n {
		t.Errorf("%+v", rep)
	}
}

// TestComingBackRestartsFromToday: an admin setting a lapsed member back
// to active (or a new join of it) voids the stale due period and starts a
// new one that day; the gap stays visible.
func TestComingBackRestartsFromToday(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, map[string]any{"grace_days": 0})
	m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id})
	e.on("2026-01-11")
	e.run()
	e.on("2026-05-04")
	m = e.member(m.Id)
	m.Set("status", "active")
	if err := e.app.Save(m); err != nil {
		t.Fatal(err)
	}
	want := []string{"2026-01-10..2027-01-09 void", "2026-05-04..2027-05-03 due"}
	if got := e.periods(m.Id); !slices.Equal(got, want) {
		t.Errorf("periods %v, want %v", got, want)
	}
	// The new period's own grace counts, not the stale one's.
	if rep := e.run(); rep.Lapsed != 0 {
		t.Errorf("lapsed again at once: %+v", rep)
	}
}

// TestApprovalStartsTheFirstPeriod: with JOIN_REQUIRES_APPROVAL, the first
// period starts when an admin approves, not when the member confirmed.
func TestApprovalStartsTheFirstPeriod(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, nil)
	m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id, "status": "pending_approval"})
	e.on("2026-03-01")
	m = e.member(m.Id)
	m.Set("status", "active")
	if err := e.app.Save(m); err != nil {
		t.Fatal(err)
	}
	want := []string{"2026-01-10..2027-01-09 void", "2026-03-01..2027-02-28 due"}
	if got := e.periods(m.Id); !slices.Equal(got, want) {
		t.Errorf("periods %v, want %v", got, want)
	}
	if rep := e.run(); rep.Lapsed != 0 {
		t.Errorf("lapsed right after approval: %+v", rep)
	}
}

// TestOneFailingMemberDoesNotStopTheJob: a member whose step fails (here a
// row broken behind the server's back, which cannot be saved) is reported
// and skipped; the members in its transaction group are still handled.
func TestOneFailingMemberDoesNotStopTheJob(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, map[string]any{"grace_days": 0})
	var ids []string
	for _, email := range []string{"a@example.org", "b@example.org", "c@example.org"} {
		ids = append(ids, testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id, "email": email}).Id)
	}
	if _, err := e.app.DB().NewQuery("UPDATE members SET first_name = '' WHERE id = {:id}").Bind(map[string]any{"id": ids[1]}).Execute(); err != nil {
		t.Fatal(err)
	}
	e.on("2026-01-11")
	rep, err := e.svc.RunLifecycle(context.Background(), e.app)
	if err == nil || !strings.Contains(err.Error(), ids[1]) || rep.Failed != 1 || rep.Lapsed != 2 || rep.Checked != 3 {
		t.Errorf("report %+v, error %v", rep, err)
	}
	for i, id := range ids {
		want := "lapsed"
		if i == 1 {
			want = "active"
		}
		if got := e.member(id).GetString("status"); got != want {
			t.Errorf("member %d: %s, want %s", i, got, want)
		}
	}
	if n := len(e.mails(dues.MailLapsed)); n != 2 {
		t.Errorf("%d lapsed mails, want 2", n)
	}
}
