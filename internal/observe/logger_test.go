package observe_test

import (
	"bytes"
	"strings"
	"testing"

	"memberbase/internal/observe"
	"memberbase/internal/testapp"
)

func TestLoggerFormatsAndLastLineRedaction(t *testing.T) {
	var buf bytes.Buffer
	prod := observe.NewLogger(testapp.Config(t, testapp.Production()), &buf)
	prod.Debug("hidden at info level")
	prod.Info("mail queued", "recipient", "ann@example.org", "first_name", "Ann", "token", "t0k", "kind", "welcome")
	out := buf.String()
	if !strings.HasPrefix(out, "{") || strings.Contains(out, "hidden at info") {
		t.Errorf("production log is not JSON at info: %q", out)
	}
	for _, s := range []string{"ann@example.org", `"Ann"`, "t0k"} {
		if strings.Contains(out, s) {
			t.Errorf("%q logged: %s", s, out)
		}
	}
	if !strings.Contains(out, `"kind":"welcome"`) {
		t.Errorf("harmless attribute lost: %s", out)
	}

	buf.Reset()
	dev := observe.NewLogger(testapp.Config(t, nil), &buf)
	dev.Debug("visible in development")
	if !strings.Contains(buf.String(), "level=DEBUG msg=\"visible in development\"") {
		t.Errorf("development log is not text at debug: %q", buf.String())
	}
}
