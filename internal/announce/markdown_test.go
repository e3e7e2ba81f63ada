package announce_test

import (
	"strings"
	"testing"

	"memberbase/internal/announce"
)

func TestRenderBodySanitises(t *testing.T) {
	src := strings.Join([]string{
		"# General meeting",
		"",
		"Join us on **12 March** at the [hall](https://example.org/hall?x=1&y=2).",
		"",
		"<script>alert(1)</script>",
		"",
		"<div onclick=\"x()\">raw block</div>",
		"",
		"Inline <b>bold</b> and <img src=x onerror=y> here.",
		"",
		"![pixel](https://tracker.example.com/p.gif) and [click](javascript:alert(1)) and [data](data:text/html,hi)",
		"",
		"- first item",
		"- second item with <https://example.org/auto>",
		"",
		"Write to [us](mailto:office@example.org).",
	}, "\n")
	b, err := announce.RenderBody(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "alert(1)", "<div", "onclick", "<b>", "<img", "tracker.example.com", "javascript:", "data:", "raw HTML"} {
		if strings.Contains(b.HTML, bad) {
			t.Errorf("HTML keeps %q:\n%s", bad, b.HTML)
		}
		if strings.Contains(b.Text, bad) {
			t.Errorf("text keeps %q:\n%s", bad, b.Text)
		}
	}
	for _, good := range []string{"<h1>General meeting</h1>", "<strong>12 March</strong>",
		`<a href="https://example.org/hall?x=1&amp;y=2">hall</a>`, "pixel", ">click<", "<li>first item</li>",
		`<a href="https://example.org/auto">`, `<a href="mailto:office@example.org">us</a>`} {
		if !strings.Contains(b.HTML, good) && !strings.Contains(b.HTML, strings.Trim(good, "><")) {
			t.Errorf("HTML lacks %q:\n%s", good, b.HTML)
		}
	}
	for _, good := range []string{"General meeting", "Join us on 12 March at the hall (https://example.org/hall?x=1&y=2).",
		"- first item", "- second item with https://example.org/auto", "us (mailto:office@example.org)", "pixel and click and data"} {
		if !strings.Contains(b.Text, good) {
			t.Errorf("text lacks %q:\n%s", good, b.Text)
		}
	}
}
