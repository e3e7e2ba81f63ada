package hooks

import (
	"github.com/pocketbase/pocketbase/core"
)

// seedDevelopment adds demo footer links to an empty development database so
// `make run` shows a complete page. It never runs in production.
func seedDevelopment(app core.App) error {
	n, err := app.CountRecords("social_links")
	if err != nil || n > 0 {
		return err
	}
	col, err := app.FindCollectionByNameOrId("social_links")
	if err != nil {
		return err
	}
	for i, l := range []struct{ label, url string }{
		{"Mastodon", "https://mastodon.example.org/@association"},
		{"Newsletter", "https://news.example.org/"},
	} {
		r := core.NewRecord(col)
		r.Set("label", l.label)
		r.Set("url", l.url)
		r.Set("sort_order", i+1)
		r.Set("visible", true)
		if err := app.Save(r); err != nil {
			return err
		}
	}
	return nil
}
