package web_test

import (
	"compress/gzip"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/logger"

	"memberbase/internal/observe"
	"memberbase/internal/testapp"
)

// sentrySink is a loopback Sentry endpoint for the real sentry-go transport.
type sentrySink struct {
	mu     sync.Mutex
	bodies []string
}

func (f *sentrySink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		if zr, err := gzip.NewReader(r.Body); err == nil {
			body = zr
		}
	}
	b, _ := io.ReadAll(body)
	f.mu.Lock()
	f.bodies = append(f.bodies, string(b))
	f.mu.Unlock()
	_, _ = w.Write([]byte(`{"id":"0"}`))
}

func (f *sentrySink) all() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.bodies, "\n")
}

// The tokens of the privacy links, in query strings and in Referer, reach
// none of the logs: stdout, PocketBase's _logs (written for failures: 410s
// and a 500) and the Sentry event of that 500. Addresses neither.
func TestPrivacyTokensStayOutOfLogs(t *testing.T) {
	sink := &sentrySink{}
	sentry := httptest.NewServer(sink)
	defer sentry.Close()
	dsn := strings.Replace(sentry.URL, "http://", "http://publickey@", 1) + "/42"
	s, srv := mailSite(t, map[string]string{"SENTRY_DSN": dsn}, func(app *tests.TestApp) {
		testapp.SaveMember(t, app, map[string]any{"member_id": "M-000042", "last_name": "Byron-Secret"})
	})
	s.app.Settings().Logs.MaxDays = 7
	s.app.Settings().Logs.MinLevel = 0
	s.app.Logger().Handler().(*logger.BatchHandler).SetLevel(slog.LevelInfo)
	ref := func(path, tok string) map[string]string {
		return map[string]string{"Referer": "https://members.example.org" + path + "?token=" + tok}
	}

	b := &browser{s: s}
	csrf := b.token("/lookup")
	b.submit("/privacy/details", csrf, "ada@example.org")
	if err := srv.WaitFor(1, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	_, tok := linkIn(t, srv.Messages()[0])
	b.do("GET", "/privacy/confirm?token="+tok, nil, nil)
	confirm := url.Values{"csrf_token": {csrf}, "token": {tok}}
	if resp, _ := b.do("POST", "/privacy/confirm", confirm, ref("/privacy/confirm", tok)); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", resp.StatusCode)
	}
	if err := srv.WaitFor(2, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	_, dl := linkIn(t, srv.Messages()[1])
	b.do("GET", "/privacy/download?token="+dl, nil, ref("/privacy/confirm", tok))
	b.do("POST", "/privacy/download", url.Values{"csrf_token": {csrf}, "token": {dl}, "format": {"json"}}, ref("/privacy/download", dl))

	// Failures are logged with their URL: replays (410) …
	if resp, _ := b.do("GET", "/privacy/confirm?token="+tok, nil, ref("/privacy/download", dl)); resp.StatusCode != http.StatusGone {
		t.Fatalf("replay: %d", resp.StatusCode)
	}
	b.do("POST", "/privacy/confirm", confirm, ref("/privacy/confirm", tok))
	// … and a 500: the database loses the table under the download route.
	if _, err := s.app.DB().NewQuery("ALTER TABLE privacy_requests RENAME TO privacy_requests_away").Execute(); err != nil {
		t.Fatal(err)
	}
	resp, _ := b.do("GET", "/privacy/download?token="+dl, nil, ref("/privacy/confirm", tok))
	if _, err := s.app.DB().NewQuery("ALTER TABLE privacy_requests_away RENAME TO privacy_requests").Execute(); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusInternalServerError {
		t.Fatalf("broken table: %d", resp.StatusCode)
	}

	mon := observe.MonitorFrom(s.app)
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(sink.all(), "GET /privacy/download") && time.Now().Before(deadline) {
		mon.Flush(time.Second)
		time.Sleep(50 * time.Millisecond)
	}
	events := sink.all()
	if !strings.Contains(events, "GET /privacy/download") {
		t.Fatalf("no Sentry event for the 500: %q", events)
	}

	pbLogs := strings.Join(testapp.PBLogs(t, s.app, "SELECT message || ' ' || data FROM _logs", func(rows []string) bool {
		all := strings.Join(rows, "\n")
		return strings.Count(all, "REDACTED") >= 3 && strings.Contains(all, "/privacy/confirm") && strings.Contains(all, "/privacy/download")
	}), "\n")
	if strings.Count(pbLogs, "REDACTED") < 3 || !strings.Contains(pbLogs, "/privacy/confirm") || !strings.Contains(pbLogs, "/privacy/download") {
		t.Errorf("expected redacted request rows for the failures in _logs:\n%s", pbLogs)
	}
	for name, text := range map[string]string{"_logs": pbLogs, "stdout": testapp.Logs(s.app), "Sentry": events} {
		for _, secret := range []string{tok, dl, "ada@example.org", "Byron-Secret"} {
			if strings.Contains(text, secret) {
				t.Errorf("%s contains %q", name, secret[:min(len(secret), 12)])
			}
		}
	}
}
