package observe_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
)

func logLines(t *testing.T, app core.App) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(testapp.Logs(app)), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		out = append(out, m)
	}
	return out
}

func fetch(t *testing.T, req *http.Request) *http.Response {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

func TestRequestLinesAreJSONInProduction(t *testing.T) {
	env := testapp.Production()
	env["ALLOWED_HOSTS"] = "127.0.0.1"
	env["SECURE_SSL_REDIRECT"] = "false"
	app, _ := testapp.New(t, env)
	srv := testapp.Serve(t, app)

	paths := []string{"/", "/api/collections/social_links/records?filter=" + "label%3D%27ann%40example.org%27", "/healthz"}
	ids := map[string]bool{}
	for _, p := range paths {
		req, _ := http.NewRequest("GET", srv.URL+p, nil)
		req.Header.Set("Cookie", "secret_cookie=s3cr3t")
		req.Header.Set("Authorization", "Bearer tok-abc-123")
		res := fetch(t, req)
		ids[res.Header.Get("X-Request-ID")] = true
	}

	var requests []map[string]any
	if strings.Count(testapp.Logs(app), `"request_id"`) != strings.Count(testapp.Logs(app), "\n") {
		t.Errorf("not every line carries exactly one request_id:\n%s", testapp.Logs(app))
	}
	for _, l := range logLines(t, app) {
		if l["msg"] == "request" {
			requests = append(requests, l)
		}
	}
	if len(requests) != len(paths) {
		t.Fatalf("got %d request lines for %d requests:\n%s", len(requests), len(paths), testapp.Logs(app))
	}
	for _, l := range requests {
		for _, k := range []string{"time", "level", "msg", "request_id", "method", "route", "status", "duration_ms", "bytes"} {
			if _, ok := l[k]; !ok {
				t.Errorf("request line lacks %q: %v", k, l)
			}
		}
		if _, ok := l["client_ip"]; ok {
			t.Errorf("client IP logged with LOG_IP=false: %v", l)
		}
		if id, _ := l["request_id"].(string); id == "" || !ids[id] {
			t.Errorf("logged request_id %q is not one the responses carried (%v)", id, ids)
		}
	}
	all := testapp.Logs(app)
	for _, secret := range []string{"ann@example.org", "s3cr3t", "tok-abc-123"} {
		if strings.Contains(all, secret) {
			t.Errorf("log contains %q:\n%s", secret, all)
		}
	}
}

func TestClientIPOnlyWithLogIP(t *testing.T) {
	app, _ := testapp.New(t, map[string]string{"LOG_FORMAT": "json", "LOG_IP": "true"})
	srv := testapp.Serve(t, app)
	req, _ := http.NewRequest("GET", srv.URL+"/healthz", nil)
	fetch(t, req)
	lines := logLines(t, app)
	found := false
	for _, l := range lines {
		if l["msg"] == "request" && l["client_ip"] == "127.0.0.1" {
			found = true
		}
	}
	if !found {
		t.Errorf("no request line with client_ip: %v", lines)
	}
}

func TestMemberCreatedAndSuperuserLoginFailure(t *testing.T) {
	app, _ := testapp.New(t, map[string]string{"LOG_FORMAT": "json"})
	srv := testapp.Serve(t, app)

	testapp.SaveMember(t, app, map[string]any{"first_name": "Ann", "last_name": "Example", "email": "ann@example.org", "member_id": "M-000042"})

	body := `{"identity":"root@example.org","password":"wrong-password"}`
	req, _ := http.NewRequest("POST", srv.URL+"/api/collections/_superusers/auth-with-password", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if res := fetch(t, req); res.StatusCode != 400 {
		t.Fatalf("failed login answered %d", res.StatusCode)
	}

	var created, failed bool
	for _, l := range logLines(t, app) {
		if l["msg"] == "member created" && l["member_id"] == "M-000042" {
			created = true
		}
		if l["event"] == "superuser_login_failed" && l["category"] == "security" {
			failed = true
		}
	}
	if !created || !failed {
		t.Errorf("created=%v loginFailed=%v\n%s", created, failed, testapp.Logs(app))
	}
	for _, pii := range []string{"ann@example.org", "root@example.org", "Ann", "wrong-password"} {
		if strings.Contains(testapp.Logs(app), pii) {
			t.Errorf("log contains %q", pii)
		}
	}
}

// TestRequestLineNamesAnInternalCause: a bare error (a database failure that
// PocketBase answers as a generic 400) gets its redacted cause on the request
// line; a deliberate 4xx never does, since its wrapped error may quote what
// the client sent.
func TestRequestLineNamesAnInternalCause(t *testing.T) {
	app, _ := testapp.New(t, map[string]string{"LOG_FORMAT": "json"})
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/test/bare", func(e *core.RequestEvent) error {
			return errors.New("database is locked while saving ann@example.org")
		})
		se.Router.GET("/test/deliberate", func(e *core.RequestEvent) error {
			return e.BadRequestError("Bad input.", errors.New("invalid character in bob@example.org"))
		})
		se.Router.GET("/test/internal", func(e *core.RequestEvent) error {
			return e.InternalServerError("", errors.New("disk I/O error"))
		})
		return se.Next()
	})
	srv := testapp.Serve(t, app)
	for _, p := range []string{"/test/bare", "/test/deliberate", "/test/internal"} {
		req, _ := http.NewRequest("GET", srv.URL+p, nil)
		fetch(t, req)
	}
	causes := map[string]any{}
	for _, l := range logLines(t, app) {
		if l["msg"] == "request" {
			causes[l["route"].(string)] = l["error"]
		}
	}
	want := map[string]any{
		"GET /test/bare":       "database is locked while saving [email]",
		"GET /test/deliberate": nil,
		"GET /test/internal":   "disk I/O error",
	}
	for route, cause := range want {
		if causes[route] != cause {
			t.Errorf("%s: error %v, want %v", route, causes[route], cause)
		}
	}
	if strings.Contains(testapp.Logs(app), "example.org") {
		t.Errorf("an address reached the log:\n%s", testapp.Logs(app))
	}
}
