package outbox_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/outbox"
	"memberbase/internal/testapp"
)

func TestRetentionRules(t *testing.T) {
	app, _ := testapp.New(t, nil)
	now := time.Now().UTC()
	day := 24 * time.Hour
	rows := []struct {
		key       string
		status    string
		sensitive bool
		age       time.Duration // sent_at and updated this long ago
	}{
		{"sent-sensitive-fresh", "sent", true, time.Hour},
		{"failed-sensitive-fresh", "failed", true, time.Hour},
		{"sent-plain-fresh", "sent", false, 29 * day},
		{"sent-plain-old", "sent", false, 31 * day},
		{"failed-plain-89d", "failed", false, 89 * day},
		{"failed-plain-91d", "failed", false, 91 * day},
		{"cancelled-91d", "cancelled", false, 91 * day},
		{"queued-sensitive-old", "queued", true, 200 * day},
	}
	for i, r := range rows {
		m := msg(i)
		m.DedupeKey, m.Sensitive = r.key, r.sensitive
		enqueue(t, app, m)
		ts := now.Add(-r.age).Format(types.DefaultDateLayout)
		sentAt := ""
		if r.status == "sent" {
			sentAt = ts
		}
		_, err := app.DB().NewQuery(`UPDATE email_outbox SET status = {:s}, sent_at = {:sent}, updated = {:ts} WHERE dedupe_key = {:k}`).
			Bind(dbx.Params{"s": r.status, "sent": sentAt, "ts": ts, "k": r.key}).Execute()
		if err != nil {
			t.Fatal(err)
		}
	}
	res, err := outbox.Retain(app, now)
	if err != nil {
		t.Fatal(err)
	}
	if res.Cleared != 2 || res.Redacted != 1 || res.Purged != 2 {
		t.Errorf("result %+v, want 2 cleared, 1 redacted, 2 purged", res)
	}
	check := func(key string, wantRecipient, wantBody bool) {
		t.Helper()
		r := row(t, app, key)
		if (r.GetString("recipient") != "") != wantRecipient || (r.GetString("text_body") != "") != wantBody || (r.GetString("html_body") != "") != wantBody {
			t.Errorf("%s: recipient=%q text=%q html=%q", key, r.GetString("recipient"), r.GetString("text_body"), r.GetString("html_body"))
		}
	}
	check("sent-sensitive-fresh", true, false)
	check("failed-sensitive-fresh", true, false)
	check("sent-plain-fresh", true, true)
	check("sent-plain-old", false, false)
	check("failed-plain-89d", true, true)
	check("queued-sensitive-old", true, true) // still waiting to be sent
	for _, gone := range []string{"failed-plain-91d", "cancelled-91d"} {
		if _, err := app.FindFirstRecordByData(outbox.Collection, "dedupe_key", gone); err == nil {
			t.Errorf("%s not purged", gone)
		}
	}
	// A second run finds nothing more to do.
	if res, _ := outbox.Retain(app, now); res != (outbox.RetentionResult{}) {
		t.Errorf("second run %+v", res)
	}
}
