package observe_test

import (
	"io"
	"net/http"
	"strings"
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
	running := true
	observe.WorkersOf(app).Add("test_worker", func() observe.WorkerStatus {
		return observe.WorkerStatus{Running: running, Backlog: 3, Oldest: 90 * time.Second}
	})
	code, body := readyz(t, srv.URL)
	if code != 200 || !strings.Contains(body, `"test_worker":{"running":true,"backlog":3,"oldest_queued_seconds":90}`) {
		t.Fatalf("readyz = %d %s", code, body)
	}
	running = false
	if code, body := readyz(t, srv.URL); code != 503 || !strings.Contains(body, `"running":false`) {
		t.Errorf("readyz with a stopped worker = %d %s", code, body)
	}
}

func TestReadinessFailsWithDatabaseClosed(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	if err := app.ConcurrentDB().(*dbx.DB).Close(); err != nil {
		t.Fatal(err)
	}
	if code, body := readyz(t, srv.URL); code != 503 || !strings.Contains(body, `"database":"unavailable"`) {
		t.Errorf("readyz with the database closed = %d %s", code, body)
	}
}
