package web

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

func TestSocialLinksCacheTTL(t *testing.T) {
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	// The schema comes from pb_migrations, linked into this test binary by
	// the web_test files (through internal/testapp).
	col, err := app.FindCollectionByNameOrId("social_links")
	if err != nil {
		t.Fatal(err)
	}
	add := func(label string) {
		r := core.NewRecord(col)
		r.Set("label", label)
		r.Set("url", "https://x.example.org/")
		r.Set("visible", true)
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Unix(1_800_000_000, 0)
	c := NewSocialLinks()
	c.now = func() time.Time { return now }
	add("A")
	if got := c.Get(app); len(got) != 1 {
		t.Fatalf("first load: %v", got)
	}
	add("B") // written behind the cache's back (no hook bound here)
	if got := c.Get(app); len(got) != 1 {
		t.Fatalf("cached within the TTL: %v", got)
	}
	now = now.Add(socialTTL)
	if got := c.Get(app); len(got) != 2 {
		t.Fatalf("reloaded after the TTL: %v", got)
	}
	add("C")
	c.Invalidate()
	if got := c.Get(app); len(got) != 3 {
		t.Fatalf("reloaded after Invalidate: %v", got)
	}
}
