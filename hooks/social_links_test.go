package hooks

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/web"
	_ "memberbase/pb_migrations"
)

// TestSocialLinksInvalidation: within the cache's TTL only the hooks can
// make a change visible, so each step checks that they fired.
func TestSocialLinksInvalidation(t *testing.T) {
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	cache := web.NewSocialLinks()
	bindSocialLinks(app, cache)
	if got := cache.Get(app); len(got) != 0 {
		t.Fatalf("start: %v", got)
	}
	col, err := app.FindCollectionByNameOrId("social_links")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Set("label", "Mastodon")
	r.Set("url", "https://mastodon.example.org/@union")
	r.Set("visible", true)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if got := cache.Get(app); len(got) != 1 || got[0].Label != "Mastodon" {
		t.Fatalf("after create: %v", got)
	}
	r.Set("label", "Fediverse")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if got := cache.Get(app); len(got) != 1 || got[0].Label != "Fediverse" {
		t.Fatalf("after update: %v", got)
	}
	if err := app.Delete(r); err != nil {
		t.Fatal(err)
	}
	if got := cache.Get(app); len(got) != 0 {
		t.Fatalf("after delete: %v", got)
	}
}
