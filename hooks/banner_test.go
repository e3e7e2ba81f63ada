package hooks_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/hooks"
	"memberbase/internal/testapp"
)

// serveWith triggers OnServe as apis.Serve does, with a server listening on
// addr (the final handler stands in for PocketBase's listener set-up).
func serveWith(t *testing.T, app core.App, addr string) {
	t.Helper()
	r, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	se := &core.ServeEvent{App: app, Router: r, Server: &http.Server{Addr: addr}}
	if err := app.OnServe().Trigger(se, func(e *core.ServeEvent) error { return nil }); err != nil {
		t.Fatalf("serve: %v", err)
	}
}

func TestStartBannerDevelopment(t *testing.T) {
	app, cfg := testapp.New(t, nil)
	cfg.UnknownVars = []string{"MEMBERBASE_ALLOWED_HOST"}
	var out bytes.Buffer
	hooks.BindStartBannerForTest(app, cfg, &out)
	serveWith(t, app, "0.0.0.0:8091")
	for _, want := range []string{"Site:      http://127.0.0.1:8091/", "Dashboard: http://127.0.0.1:8091/_/", "SQL log:   off"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, out.String())
		}
	}
	logs := testapp.Logs(app)
	if !strings.Contains(logs, "MB.W013") || !strings.Contains(logs, "MEMBERBASE_ALLOWED_HOSTS") {
		t.Errorf("unknown variable not warned about:\n%s", logs)
	}
}

func TestStartBannerProductionIsOneJSONLine(t *testing.T) {
	app, cfg := testapp.New(t, testapp.Production())
	var out bytes.Buffer
	hooks.BindStartBannerForTest(app, cfg, &out)
	serveWith(t, app, "127.0.0.1:8092")
	if out.Len() != 0 {
		t.Errorf("production printed a banner:\n%s", out.String())
	}
	found := 0
	for _, line := range strings.Split(strings.TrimSpace(testapp.Logs(app)), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not a JSON line: %q", line)
		}
		if m["msg"] == "server started" {
			found++
			if m["address"] != "127.0.0.1:8092" || m["base_url"] != cfg.BaseURL {
				t.Errorf("start line: %v", m)
			}
		}
	}
	if found != 1 {
		t.Errorf("%d start lines, want 1", found)
	}
}

// TestStartBannerNeedsAServer: test apps trigger OnServe without a server;
// nothing is printed then.
func TestStartBannerNeedsAServer(t *testing.T) {
	app, cfg := testapp.New(t, nil)
	var out bytes.Buffer
	hooks.BindStartBannerForTest(app, cfg, &out)
	testapp.Mux(t, app)
	if out.Len() != 0 {
		t.Errorf("banner without a server:\n%s", out.String())
	}
}

func TestBrowserHost(t *testing.T) {
	for in, want := range map[string]string{
		"127.0.0.1:8090": "127.0.0.1:8090",
		"0.0.0.0:8090":   "127.0.0.1:8090",
		"[::]:8090":      "127.0.0.1:8090",
		":8090":          "127.0.0.1:8090",
		"[::1]:8090":     "[::1]:8090",
		"localhost:9000": "localhost:9000",
		"not-an-address": "not-an-address",
	} {
		if got := hooks.BrowserHost(in); got != want {
			t.Errorf("browserHost(%q) = %q, want %q", in, got, want)
		}
	}
}
