package web_test

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/logger"

	"memberbase/internal/testapp"
)

// TestLogRedaction writes real entries into PocketBase's _logs (MaxDays > 0,
// the 3 s batch waited out) and checks that no token or filter value is in
// them, while a protected file's ?token= URL still works.
func TestLogRedaction(t *testing.T) {
	var fileURL, fileToken string
	s := newSite(t, prodEnv(nil), siteOpts{routes: echoIP, before: func(app *tests.TestApp) {
		col := core.NewBaseCollection("testfiles")
		col.Fields.Add(&core.FileField{Name: "doc", Protected: true, MaxSelect: 1, MaxSize: 1 << 20})
		if err := app.Save(col); err != nil {
			t.Fatal(err)
		}
		rec := core.NewRecord(col)
		f, err := filesystem.NewFileFromBytes([]byte("file body"), "doc.txt")
		if err != nil {
			t.Fatal(err)
		}
		rec.Set("doc", f)
		if err := app.Save(rec); err != nil {
			t.Fatal(err)
		}
		su := core.NewRecord(must(app.FindCollectionByNameOrId(core.CollectionNameSuperusers)))
		su.SetEmail("admin@example.org")
		su.SetPassword("a-long-test-password-123")
		if err := app.Save(su); err != nil {
			t.Fatal(err)
		}
		if fileToken, err = su.NewFileToken(); err != nil {
			t.Fatal(err)
		}
		fileURL = "/api/files/testfiles/" + rec.Id + "/" + rec.GetString("doc")
	}})

	// Serving saved the environment's settings (a week of logs, warnings and
	// up); let successes in too, so that path is covered.
	s.app.Settings().Logs.MinLevel = 0
	s.app.Logger().Handler().(*logger.BatchHandler).SetLevel(slog.LevelInfo)

	resp, body := s.req("GET", fileURL+"?token="+fileToken, nil, map[string]string{
		"Referer": "https://members.example.org/privacy/confirm?token=REFERER-SECRET&x=1",
	})
	if resp.StatusCode != http.StatusOK || body != "file body" {
		t.Fatalf("protected file with ?token=: %d %q", resp.StatusCode, body)
	}
	if resp, _ := s.req("GET", fileURL, nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("protected file without token: %d", resp.StatusCode)
	}
	// PocketBase does not log successful file downloads (nor /api/health);
	// a logged success of our own:
	s.req("GET", "/test/ip?token=HEALTH-SECRET", nil, map[string]string{
		"Referer": "https://members.example.org/join/confirm?token=REFERER-SECRET",
	})
	s.req("GET", "/no-such-page?token=PAGE-SECRET&keep=visible", nil, nil)
	s.req("GET", "/api/collections/testfiles/records?filter=(email%3D'FILTER-SECRET%40example.org')", nil, nil)
	s.req("GET", "/api/nope?TOKEN=CASE-SECRET", nil, map[string]string{"Referer": "https://members.example.org/api/x?filter=REF-FILTER-SECRET"})
	// Security events land in the same log, structured.
	s.req("GET", "/", nil, map[string]string{"Host": "evil.example"})

	// Wait for the rows the assertions below look for.
	testapp.PBLogs(t, s.app, "SELECT message || data FROM _logs", func(rows []string) bool {
		all := strings.Join(rows, "\n")
		return len(rows) >= 6 && strings.Count(all, "REDACTED") >= 4 && strings.Contains(all, `"event":"disallowed_host"`)
	})
	type row struct {
		Message string `db:"message"`
		Data    string `db:"data"`
	}
	var rows []row
	if err := s.app.AuxDB().NewQuery("SELECT message, data FROM _logs").All(&rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) < 6 {
		t.Fatalf("expected request log rows, got %d", len(rows))
	}
	redacted := 0
	for _, r := range rows {
		all := r.Message + r.Data
		for _, secret := range []string{fileToken, "REFERER-SECRET", "HEALTH-SECRET", "PAGE-SECRET", "FILTER-SECRET", "CASE-SECRET", "REF-FILTER-SECRET"} {
			if strings.Contains(all, secret) {
				t.Errorf("log row leaks %q: %s", secret[:min(len(secret), 20)], all)
			}
		}
		if strings.Contains(all, "REDACTED") {
			redacted++
		}
	}
	if redacted < 4 {
		t.Errorf("only %d rows show REDACTED", redacted)
	}
	joined := ""
	for _, r := range rows {
		joined += r.Message + r.Data
	}
	if !contains(joined, "security event: disallowed_host", `"event":"disallowed_host"`, `"request_id":"`) {
		t.Errorf("no structured security event for the bad host")
	}
	// On stdout each security event appears once: not again through the
	// _logs mirror after the batch is written.
	if n := strings.Count(testapp.Logs(s.app), `disallowed_host`); n != 1 {
		t.Errorf("the disallowed_host event is on stdout %d times, want once:\n%s", n, testapp.Logs(s.app))
	}
	if !strings.Contains(joined, `"meta":{"request_id":"`) {
		t.Errorf("request log rows lack the request id")
	}
	if !strings.Contains(joined, "keep=visible") {
		t.Errorf("other query values must stay readable")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
