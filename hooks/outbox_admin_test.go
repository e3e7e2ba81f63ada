package hooks_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/outbox"
	"memberbase/internal/testapp"
)

// outboxRow stores a row as the worker would have left it.
func outboxRow(t *testing.T, app core.App, key, status string, sensitive bool) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(outbox.Collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Load(map[string]any{"recipient": "ada@example.org", "kind": "test", "subject": "s " + key,
		"text_body": "token abc", "html_body": "<p>token abc</p>", "sensitive": sensitive, "status": status,
		"attempts": 1, "dedupe_key": key,
		// Not due for years: the running worker leaves it alone.
		"next_attempt_at": "2999-01-01 00:00:00.000Z"})
	if status == outbox.StatusSending {
		r.Set("lease_until", "2999-01-01 00:00:00.000Z")
	}
	if err := app.SaveNoValidate(r); err != nil {
		t.Fatal(err)
	}
	return r
}

func adminToken(t *testing.T, app core.App) string {
	t.Helper()
	su, err := superuser(app)
	if err != nil {
		t.Fatal(err)
	}
	token, err := su.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func TestDashboardCannotTouchAMailBeingSent(t *testing.T) {
	app, srv := smtpApp(t)
	mux := testapp.Mux(t, app)
	token := adminToken(t, app)
	r := outboxRow(t, app, "inflight", outbox.StatusSending, true)
	for _, to := range []string{outbox.StatusQueued, outbox.StatusCancelled} {
		rec := patchStatus(t, mux, token, r.Id, to)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "being sent") {
			t.Errorf("%s on a row in sending: %d %s", to, rec.Code, rec.Body.String())
		}
	}
	got, err := app.FindRecordById(outbox.Collection, r.Id)
	if err != nil {
		t.Fatal(err)
	}
	if got.GetString("status") != outbox.StatusSending || got.GetInt("attempts") != 1 || got.GetString("text_body") == "" {
		t.Errorf("row changed: status=%s attempts=%d", got.GetString("status"), got.GetInt("attempts"))
	}
	time.Sleep(100 * time.Millisecond)
	if srv.Count() != 0 {
		t.Errorf("%d mails sent", srv.Count())
	}
}

func TestDashboardCancelClearsASensitiveMailInTheSameSave(t *testing.T) {
	app, _ := smtpApp(t)
	mux := testapp.Mux(t, app)
	token := adminToken(t, app)
	var inTx atomic.Bool
	app.OnRecordUpdate(outbox.Collection).Bind(&hook.Handler[*core.RecordEvent]{
		Id: "test.tx", Priority: 1000,
		Func: func(e *core.RecordEvent) error { inTx.Store(e.App.IsTransactional()); return e.Next() },
	})
	r := outboxRow(t, app, "secret", outbox.StatusQueued, true)
	rec := patchStatus(t, mux, token, r.Id, outbox.StatusCancelled)
	if rec.Code != http.StatusOK {
		t.Fatalf("cancel: %d %s", rec.Code, rec.Body.String())
	}
	if strings.Contains(rec.Body.String(), "token abc") {
		t.Error("the response still carries the body")
	}
	got, err := app.FindRecordById(outbox.Collection, r.Id)
	if err != nil {
		t.Fatal(err)
	}
	if got.GetString("status") != outbox.StatusCancelled || got.GetString("text_body") != "" || got.GetString("html_body") != "" {
		t.Errorf("after cancel: status=%s text=%q html=%q", got.GetString("status"), got.GetString("text_body"), got.GetString("html_body"))
	}
	if !inTx.Load() {
		t.Error("the REST update did not run in a transaction: the worker could claim the row between the check and the write")
	}
}
