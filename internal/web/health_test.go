package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

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
	if code, body := get(t, srv.URL+"/readyz"); code != 200 || !strings.Contains(body, `"ready":true`) ||
		!strings.Contains(body, `"outbox":{"running":true`) {
		t.Errorf("readyz = %d %s", code, body)
	}

	// Revert the last migration: readiness must report it pending.
	if _, err := core.NewMigrationsRunner(app, core.AppMigrations).Down(1); err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, srv.URL+"/readyz"); code != 503 || !strings.Contains(body, `"migrations":"pending"`) {
		t.Errorf("readyz with a pending migration = %d %s", code, body)
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
