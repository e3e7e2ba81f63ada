package dues_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/audit"
	"memberbase/internal/dues"
	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// bulkStatement pays, in this order: a whole period (M-1); three parts of
// one (M-2) and then credit; a period with a surplus that pays the next
// due period and leaves credit (M-3); a member without plan, as credit
// (M-4); another currency, paying nothing (M-5); a lapsed member, twice:
// a fresh period through the hooks, then that period (M-6); unmatched
// lines; an erased member's ID; and a line already imported.
const bulkStatement = "received_on,amount,currency,reference,payer,external_id\n" +
	"2026-03-01,30.00,EUR,dues M-1,ADA,TX-1\n" +
	"2026-03-01,10.00,EUR,m 2,BOB,TX-2\n" +
	"2026-03-02,8.00,EUR,no ref,NOBODY,TX-3\n" +
	"2026-03-02,15.00,EUR,M-000002,BOB,TX-4\n" +
	"2026-03-02,75.00,EUR,M 3 two years,CAROL,TX-5\n" +
	"2026-03-03,5.00,EUR,M-2,BOB,TX-6\n" +
	"2026-03-03,12.00,EUR,M-2,BOB,TX-7\n" +
	"2026-03-03,20.00,EUR,M-4,DAN,TX-8\n" +
	"2026-03-03,30.00,USD,M-5,EVE,TX-9\n" +
	"2026-03-04,10.00,EUR,M-6,FAY,TX-10\n" +
	"2026-03-04,20.00,EUR,M-1 and M-2,FAMILY,TX-11\n" +
	"2026-03-04,25.00,EUR,M-6,FAY,TX-12\n" +
	"2026-03-05,30.00,EUR,M-7,GONE,TX-13\n" +
	"2026-03-05,30.00,EUR,M-5,EVE,TX-0\n"

// bulkEnv sets up the members of bulkStatement, an endpoint for the
// period and member events, and imports TX-0 first; it returns the
// env and the audit seq the import starts after.
func bulkEnv(t *testing.T) (*env, int64) {
	e := newEnv(t, nil, "2026-01-10")
	testapp.PauseWorkers(t, e.app)
	hook := core.NewRecord(mustCollection(t, e.app, webhooks.Collection))
	hook.Set("url", "http://127.0.0.1:9/in")
	hook.Set("events", []string{webhooks.EventPeriodPaid, webhooks.EventMemberUpdated, webhooks.EventMemberStatusChanged})
	hook.Set("active", true)
	if err := e.app.Save(hook); err != nil {
		t.Fatal(err)
	}
	plan := testapp.SavePlan(t, e.app, nil) // € 30.00 a year
	strict := testapp.SavePlan(t, e.app, map[string]any{"code": "strict", "grace_days": 0})
	for i, fields := range []map[string]any{
		{"plan": plan.Id}, {"plan": plan.Id}, {"plan": plan.Id}, {},
		{"plan": plan.Id}, {"plan": strict.Id}, {"status": "erased"},
	} {
		fields["email"] = fmt.Sprintf("m%d@example.org", i+1)
		testapp.SaveMember(t, e.app, fields)
	}
	m3, err := e.app.FindFirstRecordByData(dues.Members, "member_id", "M-000003")
	if err != nil {
		t.Fatal(err)
	}
	next := core.NewRecord(mustCollection(t, e.app, dues.Periods))
	for k, v := range map[string]any{"member": m3.Id, "plan": plan.Id, "starts_on": "2027-01-10", "ends_on": "2028-01-09",
		"amount": 3000, "currency": "EUR", "status": dues.PeriodDue} {
		next.Set(k, v)
	}
	if err := e.app.Save(next); err != nil {
		t.Fatal(err)
	}
	e.on("2026-02-01")
	e.run() // M-6 lapses (no grace days)
	e.importCSV("received_on,amount,currency,reference,payer,external_id\n2026-03-05,30.00,EUR,M-5,EVE,TX-0\n", false)
	var seq int64
	if err := e.app.DB().NewQuery("SELECT MAX(seq) FROM audit_log").Row(&seq); err != nil {
		t.Fatal(err)
	}
	return e, seq
}

func mustCollection(t *testing.T, app core.App, name string) *core.Collection {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(err)
	}
	return col
}

// TestBulkImportWritesWhatThePerLineImportWrote: the batched import, in
// batches of 3 and of 500, stores the same payments, periods, paid_through,
// credit, audit rows (same order, actor cli, a chain that verifies) and
// webhook deliveries as saving each payment through the hooks.
func TestBulkImportWritesWhatThePerLineImportWrote(t *testing.T) {
	st, err := dues.ReadStatement(strings.NewReader(bulkStatement), dues.StatementOptions{Currency: "EUR"})
	if err != nil {
		t.Fatal(err)
	}
	for _, batch := range []int{3, 500} {
		t.Run(fmt.Sprint(batch), func(t *testing.T) {
			run := func(imp func(core.App, dues.Statement, dues.ImportOptions) (dues.ImportResult, error)) (dues.ImportResult, []string) {
				e, seq := bulkEnv(t)
				e.on("2026-03-06")
				audit.From(e.app).SetDefault(audit.Actor{Type: audit.ActorCLI}, audit.ActionImport)
				res, err := imp(e.app, st, dues.ImportOptions{Format: idFormat, BatchSize: batch})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := audit.Verify(e.app, audit.From(e.app).Keys(), nil); err != nil {
					t.Errorf("audit verify: %v", err)
				}
				return res, snapshot(t, e.app, seq)
			}
			perLineRes, perLine := run(dues.ImportPaymentsPerLine)
			bulkRes, bulk := run(dues.ImportPayments)
			if fmt.Sprint(bulkRes) != fmt.Sprint(perLineRes) {
				t.Errorf("result\n%+v\nper line\n%+v", bulkRes, perLineRes)
			}
			if perLineRes.Credit != 4 || perLineRes.Skipped != 1 || perLineRes.Matched != 10 {
				t.Errorf("the statement does not cover what it should: %+v", perLineRes)
			}
			if d := diff(bulk, perLine); d != "" {
				t.Errorf("batched import differs from the per-line one (-batched +per line):\n%s", d)
			}
			for _, want := range []string{"audit cli import payments", "audit cli update periods [status paid_at]",
				"webhook period.paid", "webhook member.status_changed", "member M-000003 active 2028-01-09"} {
				if !slices.ContainsFunc(bulk, func(s string) bool { return strings.HasPrefix(s, want) }) {
					t.Errorf("no %q in\n%s", want, strings.Join(bulk, "\n"))
				}
			}
		})
	}
}

// snapshot lists, with record ids replaced by stable names, the payments,
// periods and members, then the audit rows after seq and the queued
// webhook deliveries in the order they were written.
func snapshot(t *testing.T, app core.App, seq int64) []string {
	t.Helper()
	name := map[string]string{}
	find := func(col, sort string) []*core.Record {
		rs, err := app.FindRecordsByFilter(col, "", sort, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	ms, ps, pays := find(dues.Members, "member_id"), find(dues.Periods, "starts_on,created"), find(dues.Payments, "external_id")
	for _, m := range ms {
		name[m.Id] = m.GetString("member_id")
	}
	for _, p := range find(dues.Plans, "code") {
		name[p.Id] = "plan/" + p.GetString("code")
	}
	for _, p := range ps {
		name[p.Id] = name[p.GetString("member")] + "/" + day(p, "starts_on")
	}
	for _, p := range pays {
		name[p.Id] = "pay/" + p.GetString("external_id")
	}
	var out []string
	for _, p := range pays {
		out = append(out, fmt.Sprintf("payment %s member=%s period=%s %d %s %s %s %s %s %s", p.GetString("external_id"),
			name[p.GetString("member")], name[p.GetString("period")], p.GetInt("amount"), p.GetString("currency"),
			day(p, "received_on"), p.GetString("status"), p.GetString("method"), p.GetString("reference"), p.GetString("payer")))
	}
	for _, p := range ps {
		out = append(out, fmt.Sprintf("period %s..%s %s paid_at=%s %d %s", name[p.Id], day(p, "ends_on"),
			p.GetString("status"), day(p, "paid_at"), p.GetInt("amount"), p.GetString("currency")))
	}
	for _, m := range ms {
		out = append(out, fmt.Sprintf("member %s %s %s", name[m.Id], m.GetString("status"), day(m, "paid_through")))
	}
	var rows []struct {
		ActorType string `db:"actor_type"`
		Actor     string `db:"actor"`
		Action    string `db:"action"`
		Target    string `db:"target"`
		IDs       string `db:"record_ids"`
		Fields    string `db:"fields"`
	}
	err := app.DB().NewQuery("SELECT actor_type, actor, action, target, record_ids, fields FROM audit_log WHERE seq > {:s} ORDER BY seq").
		Bind(map[string]any{"s": seq}).All(&rows)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		var ids, fields []string
		_ = json.Unmarshal([]byte(r.IDs), &ids)
		_ = json.Unmarshal([]byte(r.Fields), &fields)
		for i, id := range ids {
			ids[i] = name[id]
		}
		out = append(out, fmt.Sprintf("audit %s%s %s %s %v %v", r.ActorType, r.Actor, r.Action, r.Target, fields, ids))
	}
	var deliveries []struct {
		Event   string `db:"event"`
		Payload string `db:"payload"`
	}
	if err := app.DB().NewQuery("SELECT event, payload FROM webhook_deliveries ORDER BY rowid").All(&deliveries); err != nil {
		t.Fatal(err)
	}
	for _, d := range deliveries {
		var b webhooks.Body
		if err := json.Unmarshal([]byte(d.Payload), &b); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"id", "plan"} {
			if id, ok := b.Data[k].(string); ok && name[id] != "" {
				b.Data[k] = name[id]
			}
		}
		delete(b.Data, "updated") // when the test ran
		data, _ := json.Marshal(b.Data)
		out = append(out, fmt.Sprintf("webhook %s %s", d.Event, data))
	}
	return out
}

// diff lists the lines where a and b differ, by position.
func diff(a, b []string) string {
	var out strings.Builder
	for i := range max(len(a), len(b)) {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			fmt.Fprintf(&out, "%d -%s\n%d +%s\n", i, x, i, y)
		}
	}
	return out.String()
}
