package web_test

import (
	"strings"
	"testing"

	"memberbase/internal/testapp"
)

// An error page that renders fine is not itself reported as an error: the
// operator's log holds the 404, not a false "render error page" alarm.
func TestRenderedErrorPageRaisesNoRenderAlarm(t *testing.T) {
	s := newSite(t, prodEnv(nil), siteOpts{})
	resp, body := s.req("GET", "/no-such-page", nil, nil)
	if resp.StatusCode != 404 || !strings.Contains(body, "Page not found") {
		t.Fatalf("%d %q", resp.StatusCode, body)
	}
	if logs := testapp.Logs(s.app); strings.Contains(logs, "render error page") {
		t.Errorf("a rendered error page was logged as a render failure:\n%s", logs)
	}
}
