package hooks_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/dues"
	"memberbase/internal/testapp"
)

const (
	periodsURL  = "/api/collections/periods/records"
	paymentsURL = "/api/collections/payments/records"
	plansURL    = "/api/collections/plans/records"
)

// periodsOf returns a member's periods, oldest first.
func periodsOf(t testing.TB, app core.App, memberID string) []*core.Record {
	t.Helper()
	ps, err := dues.PeriodsOf(app, memberID)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// TestDuesREST: an editor creates a member with a plan (its first period
// is due), records a payment (the period is paid, paid_through moves) and
// cannot rewrite a period; a viewer cannot mark a period paid; paid_through
// is server-owned; every step is audited.
func TestDuesREST(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	editor := testapp.Staff(t, app, "editor")
	viewer := newStaff(t, app, "viewer2@staff.example.org", "viewer")
	plan := testapp.SavePlan(t, app, nil)
	today := dues.Day(time.Now())

	res := doJSON(t, srv.Client(), http.MethodPost, srv.URL+membersURL, editor,
		map[string]any{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org", "plan": plan.Id, "paid_through": "2030-01-01"})
	if res.Status != 400 || res.fieldCode("paid_through") != "validation_server_owned" {
		t.Fatalf("paid_through from a client: %d %v", res.Status, res.Body)
	}
	res = doJSON(t, srv.Client(), http.MethodPost, srv.URL+membersURL, editor,
		map[string]any{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org", "plan": plan.Id})
	if res.Status != 200 {
		t.Fatalf("create: %d %v", res.Status, res.Body)
	}
	id := res.Body["id"].(string)
	ps := periodsOf(t, app, id)
	if len(ps) != 1 || ps[0].GetString("status") != dues.PeriodDue || ps[0].GetInt("amount") != 3000 ||
		!ps[0].GetDateTime("starts_on").Time().Equal(today) {
		t.Fatalf("first period: %d %v", len(ps), ps)
	}
	period := ps[0]

	// A viewer reads periods but cannot mark one paid.
	if res := doJSON(t, srv.Client(), http.MethodGet, srv.URL+periodsURL, viewer, nil); res.Status != 200 || res.Body["totalItems"].(float64) != 1 {
		t.Errorf("viewer list: %d %v", res.Status, res.Body)
	}
	if res := doJSON(t, srv.Client(), http.MethodPatch, srv.URL+periodsURL+"/"+period.Id, viewer, map[string]any{"status": "paid"}); res.Status < 400 {
		t.Errorf("viewer marked a period paid: %d", res.Status)
	}
	if res := doJSON(t, srv.Client(), http.MethodPost, srv.URL+paymentsURL, viewer, map[string]any{"member": id, "amount": 3000, "received_on": "2026-01-05", "method": "cash"}); res.Status < 400 {
		t.Errorf("viewer recorded a payment: %d", res.Status)
	}
	// A payment naming another member's period is refused.
	other := testapp.SaveMember(t, app, map[string]any{"email": "other@example.org", "plan": plan.Id})
	if res := doJSON(t, srv.Client(), http.MethodPost, srv.URL+paymentsURL, editor,
		map[string]any{"member": other.Id, "period": period.Id, "amount": 100, "received_on": "2026-01-05", "method": "cash"}); res.Status != 400 {
		t.Errorf("payment for another member's period: %d %v", res.Status, res.Body)
	}
	// An editor cannot rewrite a period's amount, nor move a paid one back.
	if res := doJSON(t, srv.Client(), http.MethodPatch, srv.URL+periodsURL+"/"+period.Id, editor, map[string]any{"amount": 1}); res.Status != 400 {
		t.Errorf("amount change: %d %v", res.Status, res.Body)
	}

	res = doJSON(t, srv.Client(), http.MethodPost, srv.URL+paymentsURL, editor,
		map[string]any{"member": id, "amount": 3000, "received_on": today.Format(time.DateOnly), "method": "bank_transfer", "reference": "M-000001", "status": "matched"})
	if res.Status != 200 || res.Body["status"] != dues.PaymentMatched || res.Body["period"] != period.Id || res.Body["currency"] != "EUR" {
		t.Fatalf("payment: %d %v", res.Status, res.Body)
	}
	m, _ := app.FindRecordById("members", id)
	want := today.AddDate(1, 0, -1)
	if got := m.GetDateTime("paid_through").Time(); !got.Equal(want) {
		t.Errorf("paid_through %v, want %v", got, want)
	}
	if p, _ := app.FindRecordById("periods", period.Id); p.GetString("status") != dues.PeriodPaid || p.GetDateTime("paid_at").IsZero() {
		t.Errorf("period after payment: %v", p.FieldsData())
	}
	if res := doJSON(t, srv.Client(), http.MethodPatch, srv.URL+periodsURL+"/"+period.Id, editor, map[string]any{"status": "due"}); res.Status != 400 {
		t.Errorf("paid → due: %d", res.Status)
	}

	// A payment without a member waits unmatched.
	res = doJSON(t, srv.Client(), http.MethodPost, srv.URL+paymentsURL, editor,
		map[string]any{"amount": 500, "received_on": "2026-01-05", "method": "cash", "status": "matched"})
	if res.Status != 200 || res.Body["status"] != dues.PaymentUnmatched {
		t.Fatalf("unmatched payment: %d %v", res.Status, res.Body)
	}
	stray := res.Body["id"].(string)
	if res := doJSON(t, srv.Client(), http.MethodPatch, srv.URL+paymentsURL+"/"+stray, editor, map[string]any{"status": "matched"}); res.Status != 400 {
		t.Errorf("matched without a member: %d", res.Status)
	}
	// Assigning it to a member pays that member's oldest due period.
	otherPeriod := periodsOf(t, app, other.Id)[0]
	otherPeriod.Set("amount", 500)
	if err := app.Save(otherPeriod); err != nil {
		t.Fatal(err)
	}
	res = doJSON(t, srv.Client(), http.MethodPatch, srv.URL+paymentsURL+"/"+stray, editor, map[string]any{"member": other.Id})
	if res.Status != 200 || res.Body["status"] != dues.PaymentMatched || res.Body["period"] != otherPeriod.Id {
		t.Errorf("assigning: %d %v", res.Status, res.Body)
	}
	if p, _ := app.FindRecordById("periods", otherPeriod.Id); p.GetString("status") != dues.PeriodPaid {
		t.Errorf("assigned payment did not pay: %s", p.GetString("status"))
	}

	for target, min := range map[string]int{"periods": 2, "payments": 2, "plans": 1} {
		var n int
		if err := app.DB().Select("COUNT(*)").From("audit_log").Where(dbx.HashExp{"target": target}).Row(&n); err != nil || n < min {
			t.Errorf("audit rows for %s: %d (%v)", target, n, err)
		}
	}
	// The viewer's list of periods is a read row (written off the request
	// path: wait for it).
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int
		_ = app.DB().Select("COUNT(*)").From("audit_log").Where(dbx.HashExp{"target": "periods", "action": "list"}).Row(&n)
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Error("no audit row for the viewer's list of periods")
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestEditorMarksWaived: marking a period waived moves paid_through like a
// payment; a plan with fee 0 waives its periods at creation.
func TestEditorMarksWaived(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	editor := testapp.Staff(t, app, "editor")
	plan := testapp.SavePlan(t, app, map[string]any{"kind": "calendar", "renews_on": "12-31"})
	free := testapp.SavePlan(t, app, map[string]any{"code": "honorary", "kind": "lifetime", "fee": 0})

	m := testapp.SaveMember(t, app, map[string]any{"plan": plan.Id})
	p := periodsOf(t, app, m.Id)[0]
	if res := doJSON(t, srv.Client(), http.MethodPatch, srv.URL+periodsURL+"/"+p.Id, editor, map[string]any{"status": "waived"}); res.Status != 200 {
		t.Fatalf("waive: %d %v", res.Status, res.Body)
	}
	m, _ = app.FindRecordById("members", m.Id)
	if got := m.GetDateTime("paid_through").Time(); got.Month() != 12 || got.Day() != 31 {
		t.Errorf("paid_through after waiving a calendar period: %v", got)
	}

	h := testapp.SaveMember(t, app, map[string]any{"plan": free.Id, "email": "h@example.org"})
	ps := periodsOf(t, app, h.Id)
	if len(ps) != 1 || ps[0].GetString("status") != dues.PeriodWaived || ps[0].GetString("ends_on") != "" {
		t.Errorf("free lifetime period: %v", ps)
	}
	if h, _ = app.FindRecordById("members", h.Id); !h.GetDateTime("paid_through").Time().Equal(dues.Forever) {
		t.Errorf("lifetime paid_through %v", h.GetDateTime("paid_through"))
	}
}

// TestPlansPublicList: guests list active public plans only; writes are
// superusers'.
func TestPlansPublicList(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	testapp.SavePlan(t, app, nil)
	testapp.SavePlan(t, app, map[string]any{"code": "hidden", "public": false})
	testapp.SavePlan(t, app, map[string]any{"code": "old", "active": false})
	if res := doJSON(t, srv.Client(), http.MethodGet, srv.URL+plansURL, "", nil); res.Status != 200 || res.Body["totalItems"].(float64) != 1 {
		t.Errorf("guest list: %d %v", res.Status, res.Body)
	}
	editor := testapp.Staff(t, app, "editor")
	if res := doJSON(t, srv.Client(), http.MethodPost, srv.URL+plansURL, editor, map[string]any{"name": "X", "code": "x", "kind": "lifetime"}); res.Status < 400 {
		t.Errorf("editor created a plan: %d", res.Status)
	}
	root := newSuperuser(t, app)
	res := doJSON(t, srv.Client(), http.MethodPost, srv.URL+plansURL, root, map[string]any{"name": "Monthly", "code": "monthly", "kind": "rolling", "months": 1, "fee": 500})
	if res.Status != 200 || res.Body["grace_days"].(float64) != 30 || res.Body["currency"] != "EUR" {
		t.Errorf("superuser create with defaults: %d %v", res.Status, res.Body)
	}
	if res := doJSON(t, srv.Client(), http.MethodPost, srv.URL+plansURL, root, map[string]any{"name": "Bad", "code": "bad", "kind": "calendar", "renews_on": "02-29"}); res.Status != 400 {
		t.Errorf("02-29 accepted: %d", res.Status)
	}
}

// TestDeleteMemberWithDues: a superuser's delete of a member on a plan
// removes its periods; its payments stay (the money was received), without
// a member or period.
func TestDeleteMemberWithDues(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	root := newSuperuser(t, app)
	plan := testapp.SavePlan(t, app, nil)
	m := testapp.SaveMember(t, app, map[string]any{"plan": plan.Id})
	col, _ := app.FindCollectionByNameOrId("payments")
	p := core.NewRecord(col)
	for k, v := range map[string]any{"member": m.Id, "amount": 3000, "received_on": "2026-01-05", "method": "cash"} {
		p.Set(k, v)
	}
	if err := app.Save(p); err != nil {
		t.Fatal(err)
	}
	if res := doJSON(t, srv.Client(), http.MethodDelete, srv.URL+membersURL+"/"+m.Id, root, nil); res.Status != 204 {
		t.Fatalf("delete: %d %v", res.Status, res.Body)
	}
	if n, _ := app.CountRecords("periods"); n != 0 {
		t.Errorf("%d periods left", n)
	}
	got, err := app.FindRecordById("payments", p.Id)
	if err != nil || got.GetString("member") != "" || got.GetString("period") != "" || got.GetInt("amount") != 3000 {
		t.Errorf("payment after the delete: %v %v", got, err)
	}
}
