package outbox_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/outbox"
)

// setBodies overwrites a queued row's parts with SQL, the way a row looks
// after its bodies were cleared (or edited by hand in the database).
func setBodies(tb testing.TB, app core.App, key, text, html string) {
	tb.Helper()
	_, err := app.DB().NewQuery(`UPDATE email_outbox SET text_body = {:t}, html_body = {:h} WHERE dedupe_key = {:k}`).
		Bind(dbx.Params{"t": text, "h": html, "k": key}).Execute()
	if err != nil {
		tb.Fatal(err)
	}
}

// A row whose bodies are gone never reaches the SMTP server as an empty
// mail: the attempt fails with a reason the operator can read.
func TestRowWithClearedBodiesIsNeverSent(t *testing.T) {
	app, srv := newSMTPApp(t)
	enqueue(t, app, msg(1))
	setBodies(t, app, "test:1", "", "")
	startWorker(t, app, outbox.Options{MaxAttempts: 1})
	eventually(t, "failed", func() bool { return row(t, app, "test:1").GetString("status") == outbox.StatusFailed })
	if le := row(t, app, "test:1").GetString("last_error"); !strings.Contains(le, "cleared") {
		t.Errorf("last_error %q", le)
	}
	if srv.Count() != 0 {
		t.Fatalf("an empty mail was delivered (%d)", srv.Count())
	}
}

// A row that lost only one part still carries a message: it is sent with
// the part it has.
func TestRowWithOnePartLeftIsSent(t *testing.T) {
	for _, tc := range []struct{ name, text, html string }{
		{"text only", "text body 1", ""},
		{"html only", "", "<p>html body 1</p>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app, srv := newSMTPApp(t)
			enqueue(t, app, msg(1))
			setBodies(t, app, "test:1", tc.text, tc.html)
			startWorker(t, app, outbox.Options{MaxAttempts: 1})
			eventually(t, "sent", func() bool { return row(t, app, "test:1").GetString("status") == outbox.StatusSent })
			m := srv.Messages()
			if len(m) != 1 || !strings.Contains(m[0].Text, "body 1") {
				t.Fatalf("delivered %+v", m)
			}
		})
	}
}
