package privacy_test

import (
	"encoding/json"
	"html"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/privacy"
	"memberbase/internal/testapp"
)

// addConsentText stores an acknowledged statement. consent_texts comes
// with the join flow; where this tree has no such collection yet, the test
// creates one with its SPEC §13 fields.
func addConsentText(t *testing.T, e *env, version, statement, marketing string) {
	t.Helper()
	col, err := e.app.FindCollectionByNameOrId("consent_texts")
	if err != nil {
		col = core.NewBaseCollection("consent_texts")
		col.Fields.Add(&core.TextField{Name: "version"}, &core.TextField{Name: "statement"},
			&core.TextField{Name: "marketing_statement"}, &core.DateField{Name: "published_at"})
		if err := e.app.Save(col); err != nil {
			t.Fatal(err)
		}
	}
	r := core.NewRecord(col)
	r.Set("version", version)
	r.Set("statement", statement)
	r.Set("marketing_statement", marketing)
	r.Set("published_at", "2026-01-15 09:00:00.000Z")
	if err := e.app.Save(r); err != nil {
		t.Fatal(err)
	}
}

func exportOf(t *testing.T, e *env, tok string) (map[string]any, string) {
	t.Helper()
	j, err := e.svc.Download(e.app, tok, privacy.FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	h, err := e.svc.Download(e.app, tok, privacy.FormatHTML)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(j.Body, &doc); err != nil {
		t.Fatal(err)
	}
	return doc, string(h.Body)
}

func TestExportCarriesTheAcknowledgedStatement(t *testing.T) {
	e := newEnv(t)
	statement := "I accept the membership terms & the <privacy notice> of Example Union (test-2026)."
	addConsentText(t, e, "test-2026", statement, "Send me the newsletter.")
	testapp.SaveMember(t, e.app, map[string]any{"consent_version": "test-2026", "consent_at": "2026-02-01 10:00:00.000Z"})
	doc, summary := exportOf(t, e, e.downloadLink())
	c, _ := doc["consent"].(map[string]any)
	if c["version"] != "test-2026" || c["statement"] != statement || c["marketing_statement"] != "Send me the newsletter." ||
		c["acknowledged_at"] != "2026-02-01T10:00:00.000Z" || c["published_at"] != "2026-01-15T09:00:00.000Z" {
		t.Errorf("consent %v", c)
	}
	if !strings.Contains(summary, html.EscapeString(statement)) || !strings.Contains(summary, "Send me the newsletter.") {
		t.Errorf("summary lacks the statement:\n%s", summary)
	}
}

func TestExportWithoutTheStatementOnRecord(t *testing.T) {
	e := newEnv(t)
	testapp.SaveMember(t, e.app, map[string]any{"consent_version": "v-unknown", "consent_at": "2026-02-01 10:00:00.000Z"})
	doc, summary := exportOf(t, e, e.downloadLink())
	c, _ := doc["consent"].(map[string]any)
	if c["version"] != "v-unknown" || c["statement"] != nil || c["acknowledged_at"] != "2026-02-01T10:00:00.000Z" {
		t.Errorf("consent %v", c)
	}
	if !strings.Contains(summary, "The text of this version is not on record.") {
		t.Errorf("summary:\n%s", summary)
	}
	for _, k := range []string{"schema_version", "generated_at", "organisation", "request_id", "member", "consent", "privacy_requests", "privacy_events"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("document lacks %q", k)
		}
	}
}
