package dues_test

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/audit"
	"memberbase/internal/dues"
	"memberbase/internal/webhooks"
)

// TestLifecycleBulkWritesWhatSavesWrote: the job collects new due periods
// and mails and writes them together, without a save each; the same members and
// days run through the ordinary per-record saves (the job before) leave
// the same rows: periods, mails (rendered alike, names with HTML
// characters included), members, one audit row per change with a chain
// that verifies, and the same webhook deliveries (member.status_changed
// for each lapse; a new due period sends none). The members cover every
// way: the plain notice (collected), credit and a free plan (saved at
// once, between collected ones), a never-paid lapse, and a member long
// overdue who gets its period, notice, reminder and lapse in one run.
func TestLifecycleBulkWritesWhatSavesWrote(t *testing.T) {
	days := []string{"2026-12-10", "2027-01-09", "2027-02-09"}
	saves, bulk := lifecycleWorld(t, true, days), lifecycleWorld(t, false, days)
	if !slices.Equal(saves.reports, bulk.reports) {
		t.Errorf("reports: saves %v, bulk %v", saves.reports, bulk.reports)
	}
	for i := 1; i < len(bulk.reports); i += 2 {
		if r := bulk.reports[i]; r.Created+r.Notices+r.Reminders+r.Lapsed != 0 {
			t.Errorf("a second run on the same day did something: %+v", r)
		}
	}
	if got := bulk.reports[0]; got.Created != 4 || got.Notices != 2 || got.Reminders != 1 || got.Lapsed != 2 {
		t.Errorf("the first run did not cover every way: %+v", got)
	}
	for _, part := range []struct {
		name       string
		saves, got []string
	}{
		{"members", saves.members, bulk.members},
		{"periods", saves.periods, bulk.periods},
		{"mails", saves.mails, bulk.mails},
		{"audit rows", saves.audit, bulk.audit},
		{"webhook deliveries", saves.hooks, bulk.hooks},
	} {
		if !slices.Equal(part.saves, part.got) {
			t.Errorf("%s differ:\nsaves: %s\nbulk:  %s", part.name, strings.Join(part.saves, "\n       "), strings.Join(part.got, "\n       "))
		}
	}
	lapses := 0
	for _, h := range bulk.hooks {
		if strings.HasPrefix(h, webhooks.EventMemberStatusChanged+" ") {
			lapses++
		}
	}
	if len(bulk.mails) != 7 || lapses != 3 {
		t.Errorf("%d mails and %d member.status_changed deliveries, want 7 and 3", len(bulk.mails), lapses)
	}
}

// world is what one app holds after the lifecycle runs, with record ids
// replaced by stable names (a member's email, a period's member and start).
type world struct {
	reports                               []dues.Report
	members, periods, mails, audit, hooks []string
}

// lifecycleWorld runs the job twice on each of days over the same members,
// through per-record saves or not, and returns what it left.
func lifecycleWorld(t *testing.T, perRecord bool, days []string) world {
	t.Helper()
	e := newEnv(t, nil, "2026-01-10")
	e.svc.SetPerRecordForTest(perRecord)
	addWebhook(t, e, webhooks.EventMemberStatusChanged, webhooks.EventPeriodPaid)
	plan := savePlan(t, e, nil)
	free := savePlan(t, e, map[string]any{"code": "free", "name": "Free", "fee": 0})
	a := saveMember(t, e, "a@example.org", "Zoë & <Ann>", plan.Id, "")
	e.pay(a, 3000)
	b := saveMember(t, e, "b@example.org", `Bob "B" O'Neil+1`, plan.Id, "")
	e.pay(b, 3000)
	e.pay(b, 3000) // next year ahead: credit
	saveMember(t, e, "c@example.org", "Cy", free.Id, "")
	saveMember(t, e, "d@example.org", "Di", plan.Id, "") // never pays
	saveMember(t, e, "e@example.org", "Ed", plan.Id, "2026-10-01")

	var w world
	for _, d := range days {
		e.on(d)
		w.reports = append(w.reports, e.run(), e.run())
	}
	names := map[string]string{}
	var ms []dbx.NullStringMap
	must(t, e.app.DB().NewQuery("SELECT * FROM members ORDER BY email").All(&ms))
	for _, m := range ms {
		names[m["id"].String] = m["email"].String
		w.members = append(w.members, m["email"].String+" "+m["status"].String+" "+m["paid_through"].String+" "+m["member_id"].String)
	}
	var ps []dbx.NullStringMap
	must(t, e.app.DB().NewQuery("SELECT p.*, pl.code FROM periods p JOIN plans pl ON pl.id = p.plan").All(&ps))
	for _, p := range ps {
		names[p["id"].String] = names[p["member"].String] + "@" + p["starts_on"].String
	}
	w.periods = rows(ps, names, "plan")
	var mails []dbx.NullStringMap
	must(t, e.app.DB().NewQuery("SELECT * FROM email_outbox WHERE kind IN ('renewal_due', 'renewal_reminder', 'lapsed')").All(&mails))
	for _, m := range mails {
		kind, period, _ := strings.Cut(m["dedupe_key"].String, ":")
		m["dedupe_key"] = sql.NullString{String: kind + ":" + names[period], Valid: true}
	}
	w.mails = rows(mails, names)
	// Payments' rows are left out: their ids have no stable name here.
	var rs []dbx.NullStringMap
	must(t, e.app.DB().NewQuery("SELECT actor_type, actor, action, target, record_ids, fields FROM audit_log WHERE target IN ('periods', 'members') ORDER BY seq").All(&rs))
	w.audit = rows(rs, names)
	var hs []dbx.NullStringMap
	must(t, e.app.DB().NewQuery("SELECT event, payload FROM webhook_deliveries ORDER BY rowid").All(&hs))
	for _, h := range hs {
		var body webhooks.Body
		must(t, json.Unmarshal([]byte(h["payload"].String), &body))
		w.hooks = append(w.hooks, fmt.Sprintf("%s %v %v", h["event"].String, body.Data["member_id"], body.Data["status"]))
	}
	slices.Sort(w.hooks) // the job goes by record id, random in each app
	if _, err := audit.Verify(e.app, audit.From(e.app).Keys(), nil); err != nil {
		t.Errorf("audit chain: %v", err)
	}
	return w
}

// rows renders rows as sorted lines of their columns but ids, timestamps
// and drop, ids in values replaced by names.
func rows(rs []dbx.NullStringMap, names map[string]string, drop ...string) []string {
	var out []string
	for _, r := range rs {
		var cols []string
		for _, k := range slices.Sorted(maps.Keys(r)) {
			if k == "id" || k == "created" || k == "updated" || slices.Contains(drop, k) {
				continue
			}
			v := r[k].String
			for id, name := range names {
				v = strings.ReplaceAll(v, id, name)
			}
			cols = append(cols, fmt.Sprintf("%s=%q", k, v))
		}
		out = append(out, strings.Join(cols, " "))
	}
	slices.Sort(out)
	return out
}

func addWebhook(t *testing.T, e *env, events ...string) {
	t.Helper()
	col, err := e.app.FindCollectionByNameOrId(webhooks.Collection)
	must(t, err)
	h := core.NewRecord(col)
	h.Set("url", "http://127.0.0.1:9/in")
	h.Set("events", events)
	h.Set("active", true)
	must(t, e.app.Save(h))
}

func savePlan(t *testing.T, e *env, fields map[string]any) *core.Record {
	t.Helper()
	col, err := e.app.FindCachedCollectionByNameOrId(dues.Plans)
	must(t, err)
	p := core.NewRecord(col)
	for k, v := range map[string]any{"name": "Regular", "code": "regular", "kind": "rolling", "months": 12,
		"fee": 3000, "currency": "EUR", "grace_days": 30, "active": true, "payment_instructions": "IBAN DE00 & <ref>"} {
		p.Set(k, v)
	}
	for k, v := range fields {
		p.Set(k, v)
	}
	must(t, e.app.Save(p))
	return p
}

// saveMember saves an active member on plan; paidThrough, when given,
// stands for an imported paid period ending on it.
func saveMember(t *testing.T, e *env, email, first, plan, paidThrough string) string {
	t.Helper()
	col, err := e.app.FindCachedCollectionByNameOrId(dues.Members)
	must(t, err)
	m := core.NewRecord(col)
	for k, v := range map[string]any{"first_name": first, "last_name": "Test", "email": email, "status": "active", "plan": plan} {
		m.Set(k, v)
	}
	if paidThrough != "" {
		m.Set(dues.FieldPaidThrough, paidThrough)
	}
	must(t, e.app.Save(m))
	return m.Id
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
