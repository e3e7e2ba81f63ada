package web

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/filesystem"
)

// A footer link with an uploaded icon points the image at PocketBase's
// public file URL on our own origin; a link without one has no image.
func TestFooterLinkIconURL(t *testing.T) {
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	col, err := app.FindCollectionByNameOrId("social_links")
	if err != nil {
		t.Fatal(err)
	}
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	icon, err := filesystem.NewFileFromBytes(img.Bytes(), "mastodon.png")
	if err != nil {
		t.Fatal(err)
	}
	with := core.NewRecord(col)
	with.Load(map[string]any{"label": "Mastodon", "url": "https://social.example.org/@union", "visible": true, "sort_order": 1})
	with.Set("icon", icon)
	without := core.NewRecord(col)
	without.Load(map[string]any{"label": "Blog", "url": "https://blog.example.org/", "visible": true, "sort_order": 2})
	for _, r := range []*core.Record{with, without} {
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	links := NewSocialLinks().Get(app)
	if len(links) != 2 {
		t.Fatalf("links %+v", links)
	}
	want := "/api/files/" + col.Id + "/" + with.Id + "/" + with.GetString("icon")
	if links[0].Icon != want || !strings.HasPrefix(with.GetString("icon"), "mastodon") {
		t.Errorf("icon %q, want %q", links[0].Icon, want)
	}
	if links[1].Icon != "" {
		t.Errorf("link without icon has %q", links[1].Icon)
	}
}
