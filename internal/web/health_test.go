package web_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/outbox"
	"memberbase/internal/testapp"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestHealthAndReadiness(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)

	if code, body := get(t, srv.URL+"/healthz"); code != 200 || !strings.Contains(body, `"ok"`) {
		t.Errorf("healthz = %d %s", code, body)
	}
	want := `{"ready":true,"checks":{"database":"pass","migrations":"pass","worker:announcements":"pass","worker:audit":"pass","worker:intake":"pass","worker:outbox":"pass","worker:webhooks":"pass"}}`
	if code, body := get(t, srv.URL+"/readyz"); code != 200 || strings.TrimSpace(body) != want {
		t.Errorf("readyz = %d %s, want %s", code, body, want)
	}

	// Revert the last migration: readiness must report it pending.
	if _, err := core.NewMigrationsRunner(app, core.AppMigrations).Down(1); err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, srv.URL+"/readyz"); code != 503 || !strings.Contains(body, `"migrations":"fail"`) {
		t.Errorf("readyz with a pending migration = %d %s", code, body)
	}
}

// queueLater stores one mail that is due in an hour: the worker keeps
// running but leaves it queued, as a mail waiting for a retry.
func queueLater(t *testing.T, app core.App, key string) {
	t.Helper()
	err := app.RunInTransaction(func(tx core.App) error {
		if err := outbox.Enqueue(tx, outbox.Message{To: "member@example.org", Kind: "member_id", Subject: "Your member ID",
			Text: "M-000001", HTML: "<p>M-000001</p>", DedupeKey: key}); err != nil {
			return err
		}
		_, err := tx.DB().NewQuery("UPDATE email_outbox SET next_attempt_at = {:t} WHERE dedupe_key = {:k}").
			Bind(dbx.Params{"t": time.Now().Add(time.Hour).UTC().Format("2006-01-02 15:04:05.000Z"), "k": key}).Execute()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestReadinessIsNoMembershipOracle(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	readyz := func() (http.Header, string) {
		res, err := http.Get(srv.URL + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		res.Header.Del("Date")
		res.Header.Del("X-Request-Id")
		return res.Header, string(b)
	}
	h0, before := readyz()
	queueLater(t, app, "oracle-1")
	h1, after := readyz()
	if before != after || !strings.Contains(before, `"ready":true`) {
		t.Errorf("readyz body changed with a queued mail:\n%s\n%s", before, after)
	}
	if a, b := mustJSON(t, h0), mustJSON(t, h1); a != b {
		t.Errorf("readyz headers changed with a queued mail:\n%s\n%s", a, b)
	}

	// With the worker paused (so only the handler's statements run), the
	// public check never touches a queue.
	testapp.PauseWorkers(t, app)
	var mu sync.Mutex
	var stmts []string
	for _, b := range []dbx.Builder{app.ConcurrentDB(), app.NonconcurrentDB()} {
		db := b.(*dbx.DB)
		db.QueryLogFunc = func(_ context.Context, _ time.Duration, q string, _ *sql.Rows, _ error) {
			mu.Lock()
			stmts = append(stmts, q)
			mu.Unlock()
		}
		db.ExecLogFunc = func(_ context.Context, _ time.Duration, q string, _ sql.Result, _ error) {
			mu.Lock()
			stmts = append(stmts, q)
			mu.Unlock()
		}
	}
	readyz()
	mu.Lock()
	defer mu.Unlock()
	if len(stmts) == 0 {
		t.Fatal("the statement log saw nothing: SELECT 1 must have run")
	}
	for _, q := range stmts {
		if strings.Contains(q, "email_outbox") || strings.Contains(q, "intake") {
			t.Errorf("public readyz ran a statement over a queue: %s", q)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestStatusEndpointIsForSuperusers(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	su := testapp.Superuser(t, app)
	viewer := testapp.Staff(t, app, "viewer")
	queueLater(t, app, "status-1")

	call := func(token string) (int, string) {
		req, _ := http.NewRequest("GET", srv.URL+"/api/memberbase/status", nil)
		if token != "" {
			req.Header.Set("Authorization", token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := call(""); code != 401 || strings.Contains(body, "backlog") {
		t.Errorf("anonymous status = %d %s", code, body)
	}
	if code, body := call(viewer); code != 403 || strings.Contains(body, "backlog") {
		t.Errorf("staff status = %d %s", code, body)
	}
	code, body := call(su)
	var got struct {
		Ready   bool `json:"ready"`
		Workers map[string]struct {
			Running bool    `json:"running"`
			Backlog int     `json:"backlog"`
			Oldest  float64 `json:"oldest_queued_seconds"`
		} `json:"workers"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || code != 200 {
		t.Fatalf("superuser status = %d %s (%v)", code, body, err)
	}
	if ob := got.Workers["outbox"]; !got.Ready || !ob.Running || ob.Backlog != 1 || ob.Oldest < 0 {
		t.Errorf("superuser status = %s", body)
	}
}

func TestHomePageRenders(t *testing.T) {
	app, _ := testapp.New(t, map[string]string{"ORG_NAME": "Harbour Workers Union"})
	srv := testapp.Serve(t, app)
	code, body := get(t, srv.URL+"/")
	if code != 200 || !strings.Contains(body, "<h1>Harbour Workers Union</h1>") || !strings.Contains(body, `href="/join"`) {
		t.Errorf("home = %d %s", code, body)
	}
}
