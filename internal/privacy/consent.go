package privacy

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// consentOf returns the member's acknowledgement; the statement comes from
// consent_texts when that collection exists and has the version.
func consentOf(app core.App, m *core.Record) (Consent, error) {
	c := Consent{Version: m.GetString("consent_version"), AcknowledgedAt: dateString(m.GetDateTime("consent_at"))}
	if c.Version == "" {
		return c, nil
	}
	col, err := app.FindCachedCollectionByNameOrId(consentTexts)
	if err != nil {
		return c, nil // no statements on record in this installation
	}
	t, err := app.FindFirstRecordByFilter(col, "version = {:v}", dbx.Params{"v": c.Version})
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("privacy: consent text: %w", err)
	}
	c.Statement = optional(t, "statement")
	c.MarketingStatement = optional(t, "marketing_statement")
	if t.Collection().Fields.GetByName("published_at") != nil {
		c.PublishedAt = dateString(t.GetDateTime("published_at"))
	}
	return c, nil
}

// optional is a text field's value, or nil when the collection lacks it.
func optional(r *core.Record, name string) *string {
	if r.Collection().Fields.GetByName(name) == nil {
		return nil
	}
	v := r.GetString(name)
	return &v
}
