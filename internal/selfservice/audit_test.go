package selfservice_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/selfservice"
	"memberbase/internal/testapp"
	"memberbase/internal/token"
)

// TestSelfServiceChangesAreAuditedAsTheMember: a details change through a
// manage link leaves one audit row naming the member as actor and the
// changed field names, never their values.
func TestSelfServiceChangesAreAuditedAsTheMember(t *testing.T) {
	app, _ := testapp.New(t, nil)
	svc, err := selfservice.FromApp(app)
	if err != nil {
		t.Fatal(err)
	}
	m := testapp.SaveMember(t, app, map[string]any{"phone": "+44 20 7946 0000"})
	col, err := app.FindCollectionByNameOrId(selfservice.LinksCollection)
	if err != nil {
		t.Fatal(err)
	}
	plain, hash, _ := token.New()
	link := core.NewRecord(col)
	link.Set("member", m.Id)
	link.Set("token_hash", hash)
	link.Set("expires_at", time.Now().Add(time.Hour))
	if err := app.Save(link); err != nil {
		t.Fatal(err)
	}
	var before int
	if err := app.DB().NewQuery("SELECT MAX(seq) FROM audit_log").Row(&before); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.UpdateDetails(app, plain, selfservice.Details{FirstName: "Augusta", LastName: "King", Phone: "+44 20 7946 0999"}); err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		ActorType string `db:"actor_type"`
		Actor     string `db:"actor"`
		Action    string `db:"action"`
		Target    string `db:"target"`
		Fields    string `db:"fields"`
	}
	if err := app.DB().NewQuery("SELECT actor_type, actor, action, target, fields FROM audit_log WHERE seq > {:s} AND target = 'members'").
		Bind(map[string]any{"s": before}).All(&rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("audit rows for the member: %+v", rows)
	}
	r := rows[0]
	var fields []string
	if err := json.Unmarshal([]byte(r.Fields), &fields); err != nil {
		t.Fatal(err)
	}
	if r.ActorType != "member" || r.Actor != m.Id || r.Action != "update" ||
		strings.Join(fields, ",") != "first_name,last_name,phone" {
		t.Errorf("audit row %+v (fields %v)", r, fields)
	}
	for _, v := range []string{"Augusta", "King", "0999", "Ada", "Lovelace"} {
		if strings.Contains(r.Fields, v) {
			t.Errorf("audit fields carry the value %q: %s", v, r.Fields)
		}
	}
}
