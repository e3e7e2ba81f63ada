package hooks_test

import (
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// addWebhook saves an active endpoint subscribed to events.
func addWebhook(t *testing.T, app core.App, events ...string) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(webhooks.Collection)
	if err != nil {
		t.Fatal(err)
	}
	h := core.NewRecord(col)
	h.Set("url", "http://127.0.0.1:9/in")
	h.Set("events", events)
	h.Set("active", true)
	if err := app.Save(h); err != nil {
		t.Fatal(err)
	}
	return h
}

// queuedBody is one stored delivery, decoded.
type queuedBody struct {
	Event string
	Raw   string
	Data  map[string]any
}

func queuedBodies(t *testing.T, app core.App) []queuedBody {
	t.Helper()
	var rows []struct {
		Event   string `db:"event"`
		Payload string `db:"payload"`
	}
	if err := app.DB().NewQuery("SELECT event, payload FROM webhook_deliveries ORDER BY rowid").All(&rows); err != nil {
		t.Fatal(err)
	}
	out := make([]queuedBody, 0, len(rows))
	for _, r := range rows {
		var b webhooks.Body
		if err := json.Unmarshal([]byte(r.Payload), &b); err != nil {
			t.Fatalf("payload %q: %v", r.Payload, err)
		}
		if b.Type != r.Event {
			t.Errorf("body type %s in a %s delivery", b.Type, r.Event)
		}
		out = append(out, queuedBody{Event: r.Event, Raw: r.Payload, Data: b.Data})
	}
	return out
}

func keys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

// TestWebhookMemberEventsCarryTheAllowListOnly: created, updated and
// status_changed carry the SPEC §17 fields (plan and paid_through
// included), changed field names on updates, and
// never notes; a notes-only change sends nothing.
func TestWebhookMemberEventsCarryTheAllowListOnly(t *testing.T) {
	app, _ := testapp.New(t, nil)
	addWebhook(t, app, webhooks.EventMemberCreated, webhooks.EventMemberUpdated, webhooks.EventMemberStatusChanged)
	m := testapp.SaveMember(t, app, map[string]any{"notes": "owes the treasurer a secret", "phone": "+49 30 1234"})
	m.Set("first_name", "Augusta")
	if err := app.Save(m); err != nil {
		t.Fatal(err)
	}
	m.Set("notes", "another secret")
	if err := app.Save(m); err != nil {
		t.Fatal(err)
	}
	m.Set("status", "cancelled")
	if err := app.Save(m); err != nil {
		t.Fatal(err)
	}

	got := queuedBodies(t, app)
	events := []string{}
	for _, b := range got {
		events = append(events, b.Event)
		if strings.Contains(b.Raw, "secret") || strings.Contains(b.Raw, "notes") {
			t.Errorf("%s payload leaks notes: %s", b.Event, b.Raw)
		}
	}
	want := []string{webhooks.EventMemberCreated, webhooks.EventMemberUpdated, webhooks.EventMemberStatusChanged}
	if !slices.Equal(events, want) {
		t.Fatalf("events %v, want %v", events, want)
	}
	base := []string{"email", "first_name", "id", "last_name", "member_id", "paid_through", "phone", "plan", "status", "updated"}
	if k := keys(got[0].Data); !slices.Equal(k, base) {
		t.Errorf("created keys %v, want %v", k, base)
	}
	withChanged := slices.Sorted(slices.Values(append(slices.Clone(base), "changed")))
	for _, b := range got[1:] {
		if k := keys(b.Data); !slices.Equal(k, withChanged) {
			t.Errorf("%s keys %v, want %v", b.Event, k, withChanged)
		}
	}
	if c := got[1].Data["changed"]; !slices.Equal(toStrings(c), []string{"first_name"}) {
		t.Errorf("updated changed %v", c)
	}
	if c := toStrings(got[2].Data["changed"]); !slices.Contains(c, "status") || slices.Contains(c, "notes") {
		t.Errorf("status_changed changed %v", c)
	}
	if got[2].Data["status"] != "cancelled" || got[0].Data["id"] != m.Id || got[0].Data["phone"] != "+49 30 1234" {
		t.Errorf("values: %v / %v", got[0].Data, got[2].Data)
	}
}

func toStrings(v any) []string {
	var out []string
	for _, s := range v.([]any) {
		out = append(out, s.(string))
	}
	return out
}

// TestWebhookDeliveryOnlyForCommittedChanges: one delivery per committed
// change and per subscribed endpoint, none for a rolled-back change or a
// refused one, none for an inactive or unsubscribed endpoint.
func TestWebhookDeliveryOnlyForCommittedChanges(t *testing.T) {
	app, _ := testapp.New(t, nil)
	addWebhook(t, app, webhooks.EventMemberCreated)
	addWebhook(t, app, webhooks.EventMemberUpdated)
	off := addWebhook(t, app, webhooks.EventMemberCreated)
	off.Set("active", false)
	if err := app.Save(off); err != nil {
		t.Fatal(err)
	}

	boom := errors.New("boom")
	err := app.RunInTransaction(func(tx core.App) error {
		if err := tx.Save(testapp.NewMember(t, tx, nil)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if err := app.Save(testapp.NewMember(t, app, map[string]any{"email": "not an address"})); err == nil {
		t.Fatal("an invalid member saved")
	}
	if n := len(queuedBodies(t, app)); n != 0 {
		t.Fatalf("%d deliveries for changes that never committed", n)
	}
	testapp.SaveMember(t, app, nil)
	if got := queuedBodies(t, app); len(got) != 1 || got[0].Event != webhooks.EventMemberCreated {
		t.Fatalf("deliveries %+v", got)
	}
}

// TestWebhookPrivacyRequestStatusChanged carries id, kind, status and the
// member ID only.
func TestWebhookPrivacyRequestStatusChanged(t *testing.T) {
	app, _ := testapp.New(t, nil)
	addWebhook(t, app, webhooks.EventPrivacyStatusChanged)
	m := testapp.SaveMember(t, app, nil)
	col, _ := app.FindCollectionByNameOrId("privacy_requests")
	r := core.NewRecord(col)
	r.Set("kind", "details")
	r.Set("member", m.Id)
	r.Set("member_ref", m.GetString("member_id"))
	r.Set("status", "awaiting_confirmation")
	r.Set("reason", "private words")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	r.Set("status", "confirmed")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	got := queuedBodies(t, app)
	if len(got) != 1 || got[0].Event != webhooks.EventPrivacyStatusChanged {
		t.Fatalf("deliveries %+v", got)
	}
	if k := keys(got[0].Data); !slices.Equal(k, []string{"id", "kind", "member_id", "status"}) {
		t.Errorf("keys %v", k)
	}
	if got[0].Data["member_id"] != m.GetString("member_id") || got[0].Data["status"] != "confirmed" || got[0].Data["kind"] != "details" {
		t.Errorf("data %v", got[0].Data)
	}
}

// TestWebhookErasureRedactsQueuedPayloads: erasing a member removes the
// personal fields from every stored payload about them, queued ones
// included, and member.erased carries the id and member ID only.
func TestWebhookErasureRedactsQueuedPayloads(t *testing.T) {
	app, _ := testapp.New(t, nil)
	addWebhook(t, app, webhooks.EventMemberCreated, webhooks.EventMemberUpdated, webhooks.EventMemberErased)
	m := testapp.SaveMember(t, app, map[string]any{"phone": "+49 30 1234"})
	other := testapp.SaveMember(t, app, map[string]any{"first_name": "Grace", "email": "grace@example.org"})
	m.Set("last_name", "King")
	if err := app.Save(m); err != nil {
		t.Fatal(err)
	}
	er, err := members.EraserFrom(app)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.RunInTransaction(func(tx core.App) error {
		fresh, err := tx.FindRecordById("members", m.Id)
		if err != nil {
			return err
		}
		return er.Erase(tx, fresh)
	}); err != nil {
		t.Fatal(err)
	}

	var erased int
	for _, b := range queuedBodies(t, app) {
		switch {
		case b.Data["id"] == other.Id:
			if b.Data["email"] != "grace@example.org" {
				t.Errorf("another member's payload was redacted: %s", b.Raw)
			}
		case b.Event == webhooks.EventMemberErased:
			erased++
			if k := keys(b.Data); !slices.Equal(k, []string{"id", "member_id"}) || b.Data["member_id"] != m.GetString("member_id") {
				t.Errorf("member.erased data %v", b.Data)
			}
		default:
			for _, s := range []string{"Ada", "Lovelace", "King", "ada@example.org", "+49"} {
				if strings.Contains(b.Raw, s) {
					t.Errorf("%s payload still holds %q: %s", b.Event, s, b.Raw)
				}
			}
			if b.Data["member_id"] != m.GetString("member_id") {
				t.Errorf("%s lost the member ID: %s", b.Event, b.Raw)
			}
		}
	}
	if erased != 1 {
		t.Errorf("%d member.erased deliveries", erased)
	}
}

// TestWebhookChangesAreAudited: endpoint writes land in the audit log by
// field name, never with the secret's value.
func TestWebhookChangesAreAudited(t *testing.T) {
	app, _ := testapp.New(t, nil)
	h := addWebhook(t, app, webhooks.EventMemberCreated)
	var rows []struct {
		Action string `db:"action"`
		Fields string `db:"fields"`
	}
	if err := app.DB().Select("action", "fields").From("audit_log").Where(dbx.HashExp{"target": webhooks.Collection}).All(&rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || !strings.Contains(rows[0].Fields, "secret") || strings.Contains(rows[0].Fields, h.GetString("secret")) {
		t.Errorf("audit rows %+v", rows)
	}
}

// TestWebhookPingEndpoint: superusers queue a ping (202); anonymous
// callers get 401, staff 403, an unknown endpoint 404.
func TestWebhookPingEndpoint(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	testapp.PauseWorkers(t, app)
	h := addWebhook(t, app, webhooks.EventMemberCreated)
	root := testapp.Superuser(t, app)
	staff := testapp.Staff(t, app, "editor")
	url := srv.URL + "/api/memberbase/webhooks/" + h.Id + "/test"

	for _, c := range []struct {
		name, token, url string
		want             int
	}{
		{"anonymous", "", url, http.StatusUnauthorized},
		{"staff", staff, url, http.StatusForbidden},
		{"unknown", root, srv.URL + "/api/memberbase/webhooks/nosuchendpoint1/test", http.StatusNotFound},
		{"superuser", root, url, http.StatusAccepted},
	} {
		req, _ := http.NewRequest(http.MethodPost, c.url, nil)
		if c.token != "" {
			req.Header.Set("Authorization", c.token)
		}
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != c.want {
			t.Errorf("%s: %d, want %d", c.name, res.StatusCode, c.want)
		}
	}
	got := queuedBodies(t, app)
	if len(got) != 1 || got[0].Event != webhooks.EventPing || got[0].Data["webhook"] != h.Id {
		t.Errorf("deliveries %+v", got)
	}
}

// TestWebhookServedWorkerDeliversAfterCommit: on a served app the worker
// started by OnServe wakes after the commit and posts the delivery to a
// real receiver.
func TestWebhookServedWorkerDeliversAfterCommit(t *testing.T) {
	app, _ := testapp.New(t, nil)
	got := make(chan http.Header, 4)
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Clone()
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(rcv.Close)
	testapp.Serve(t, app)
	t.Cleanup(func() { testapp.PauseWorkers(t, app) })
	h := addWebhook(t, app, webhooks.EventMemberCreated)
	h.Set("url", rcv.URL)
	if err := app.Save(h); err != nil {
		t.Fatal(err)
	}
	testapp.SaveMember(t, app, nil)
	select {
	case hdr := <-got:
		if hdr.Get("webhook-id") == "" || !strings.HasPrefix(hdr.Get("webhook-signature"), "v1,") {
			t.Errorf("headers %v", hdr)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no delivery reached the receiver")
	}
}

// TestWebhookPeriodPaid: a payment that pays a period queues period.paid
// with the period's SPEC §17 fields and the member ID, once; the due
// period it replaces and later saves of the paid one send nothing.
func TestWebhookPeriodPaid(t *testing.T) {
	app, _ := testapp.New(t, nil)
	addWebhook(t, app, webhooks.EventPeriodPaid)
	plan := testapp.SavePlan(t, app, nil)
	m := testapp.SaveMember(t, app, map[string]any{"plan": plan.Id})
	if got := queuedBodies(t, app); len(got) != 0 {
		t.Fatalf("a due period queued %+v", got)
	}
	col, err := app.FindCollectionByNameOrId("payments")
	if err != nil {
		t.Fatal(err)
	}
	p := core.NewRecord(col)
	p.Set("member", m.Id)
	p.Set("amount", 3000)
	p.Set("received_on", "2026-12-01")
	p.Set("method", "cash")
	if err := app.Save(p); err != nil {
		t.Fatal(err)
	}
	got := queuedBodies(t, app)
	if len(got) != 1 || got[0].Event != webhooks.EventPeriodPaid {
		t.Fatalf("deliveries %+v", got)
	}
	if k := keys(got[0].Data); !slices.Equal(k, []string{"amount", "currency", "ends_on", "id", "member_id", "starts_on"}) {
		t.Errorf("keys %v", k)
	}
	if got[0].Data["member_id"] != m.GetString("member_id") || got[0].Data["amount"] != float64(3000) {
		t.Errorf("data %v", got[0].Data)
	}
	period, err := app.FindRecordById("periods", got[0].Data["id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Save(period); err != nil {
		t.Fatal(err)
	}
	if n := len(queuedBodies(t, app)); n != 1 {
		t.Errorf("saving the paid period again queued another event: %d", n)
	}
}
