package observe_test

import (
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"memberbase/internal/observe"
	"memberbase/internal/testapp"
)

func readyz(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestReadinessReportsWorkers(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	var running atomic.Bool
	running.Store(true)
	backlogCalls := 0
	observe.WorkersOf(app).Add("test_worker", observe.Probe{
		Running: running.Load,
		Backlog: func() (observe.Backlog, error) {
			backlogCalls++
			return observe.Backlog{Queued: 3, Oldest: 90 * time.Second}, nil
		},
	})
	code, body := readyz(t, srv.URL)
	if code != 200 || !strings.Contains(body, `"worker:test_worker":"pass"`) || strings.Contains(body, "3") {
		t.Fatalf("readyz = %d %s", code, body)
	}
	running.Store(false)
	if code, body := readyz(t, srv.URL); code != 503 || !strings.Contains(body, `"worker:test_worker":"fail"`) {
		t.Errorf("readyz with a stopped worker = %d %s", code, body)
	}
	if backlogCalls != 0 {
		t.Errorf("the public readyz asked the backlog %d times", backlogCalls)
	}
	rep := observe.WorkersOf(app).Reports()["test_worker"]
	if rep.Running || rep.Queued != 3 || rep.OldestSeconds != 90 {
		t.Errorf("superuser report = %+v", rep)
	}
}

func TestReadinessFailsWithDatabaseClosed(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	if err := app.ConcurrentDB().(*dbx.DB).Close(); err != nil {
		t.Fatal(err)
	}
	if code, body := readyz(t, srv.URL); code != 503 || !strings.Contains(body, `"database":"fail"`) {
		t.Errorf("readyz with the database closed = %d %s", code, body)
	}
}
