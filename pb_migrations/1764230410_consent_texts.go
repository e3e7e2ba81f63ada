package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// consent_texts holds the statements the join form asks people to
// acknowledge (SPEC §13), one row per version, never edited once published.
// Version 1 names the organisation as the environment had it at the first
// start (ORG_NAME is the app name by then) and points at the notice.
func init() {
	m.Register(func(app core.App) error {
		c := core.NewBaseCollection("consent_texts")
		c.Fields.Add(
			&core.TextField{Name: "version", Required: true, Max: 40, Presentable: true},
			&core.TextField{Name: "statement", Required: true, Max: 2000},
			&core.TextField{Name: "marketing_statement", Max: 2000},
			// Empty or in the future: a draft, not shown and still editable.
			&core.DateField{Name: "published_at"},
		)
		c.Fields.Add(timestamps()...)
		c.AddIndex("idx_consent_texts_version", true, "version", "")
		c.AddIndex("idx_consent_texts_published", false, "published_at", "")
		published := rule("published_at != '' && published_at <= @now")
		c.ListRule, c.ViewRule = published, published
		if err := app.Save(c); err != nil {
			return err
		}
		org := app.Settings().Meta.AppName
		r := core.NewRecord(c)
		r.Set("version", "1")
		r.Set("statement", "I want to become a member of "+org+". I accept its membership terms and have read its privacy notice.")
		r.Set("marketing_statement", "I would also like to receive news and invitations from "+org+" by email. I can withdraw this at any time.")
		r.Set("published_at", types.NowDateTime())
		return app.Save(r)
	}, func(app core.App) error {
		return deleteCollections(app, "consent_texts")
	}, "1764230410_consent_texts.go")
}
