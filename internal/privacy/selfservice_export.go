package privacy

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// emailChanges is the self-service collection of address changes (SPEC
// §14). The export reads it only when it exists.
const emailChanges = "email_changes"

// Marketing is the member's one consent: the choice, when it was given and
// the statement shown beside the box (its version and, when on record, its
// text).
type Marketing struct {
	OptedIn          bool    `json:"opted_in"`
	Since            *string `json:"since"`
	StatementVersion string  `json:"statement_version"`
	Statement        *string `json:"statement"`
}

// EmailChangeEntry is one address change the member asked for: dates and
// status only (the addresses are the member's current one, in member, and
// none other).
type EmailChangeEntry struct {
	RequestedAt *string `json:"requested_at"`
	ExpiresAt   *string `json:"expires_at"`
	Status      string  `json:"status"`
	ConfirmedAt *string `json:"confirmed_at"`
}

// marketingOf returns the member's marketing consent with the statement
// of its version when that is on record.
func marketingOf(app core.App, m *core.Record) (Marketing, error) {
	mk := Marketing{OptedIn: m.GetBool("marketing_opt_in"), Since: dateString(m.GetDateTime("marketing_opt_in_at")),
		StatementVersion: m.GetString("marketing_version")}
	if mk.StatementVersion == "" {
		return mk, nil
	}
	col, err := app.FindCachedCollectionByNameOrId(consentTexts)
	if err != nil {
		return mk, nil // no statements on record in this installation
	}
	t, err := app.FindFirstRecordByFilter(col, "version = {:v}", dbx.Params{"v": mk.StatementVersion})
	if errors.Is(err, sql.ErrNoRows) {
		return mk, nil
	}
	if err != nil {
		return mk, fmt.Errorf("privacy: marketing statement: %w", err)
	}
	mk.Statement = optional(t, "marketing_statement")
	return mk, nil
}

// emailChangesOf lists the member's address changes, oldest first.
func emailChangesOf(app core.App, memberID string) ([]EmailChangeEntry, error) {
	out := []EmailChangeEntry{}
	if _, err := app.FindCachedCollectionByNameOrId(emailChanges); err != nil {
		return out, nil // no self-service in this installation
	}
	rows, err := app.FindAllRecords(emailChanges, dbx.HashExp{"member": memberID})
	if err != nil {
		return nil, fmt.Errorf("privacy: email changes: %w", err)
	}
	for _, r := range rows {
		out = append(out, EmailChangeEntry{RequestedAt: dateString(r.GetDateTime("created")),
			ExpiresAt: dateString(r.GetDateTime("expires_at")), Status: r.GetString("status"),
			ConfirmedAt: dateString(r.GetDateTime("confirmed_at"))})
	}
	return out, nil
}
