package members_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

// registerCSV covers every column, a tombstone, a foreign ID, an ID wider
// than the width and a quoted comma.
const registerCSV = "member_id,first_name,last_name,email,phone,status,joined_at,consent_version,consent_at,marketing_opt_in,left_at,leave_reason,leave_note\n" +
	"M-1000000,Wide,Number,wide@example.org,,active,2024-05-06,,,false,,,\n" +
	"M-000002,\"Lee, Jr.\",Zoë,zoe@example.org,+49 30 1,lapsed,2023-01-01T10:11:12+02:00,v3,2023-01-01T08:11:12.345Z,true,,,\n" +
	"M-000003,,,,,erased,2022-02-02,v2,2022-02-02T00:00:00Z,false,,,\n" +
	"OLD-7,Old,Timer,old@example.org,,cancelled,,,,false,2025-03-04T06:06:07.89+01:00,moving,\"Moved away, sorry\"\n" +
	",New,Comer,new@example.org,,pending_approval,,,,true,,,\n"

func export(t testing.TB, app core.App, format string) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := members.Export(app, &b, format); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func importCSV(t testing.TB, app core.App, csv string) members.ImportResult {
	t.Helper()
	res, err := members.Import(app, mustRead(t, csv), members.ImportOptions{Format: idFormat})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestExportImportRoundTrip(t *testing.T) {
	a, _ := testapp.New(t, nil)
	importCSV(t, a, registerCSV)
	first := export(t, a, members.FormatCSV)
	want := "member_id,first_name,last_name,email,phone,status,joined_at,consent_version,consent_at,marketing_opt_in,left_at,leave_reason,leave_note,plan,paid_through,branch\n" +
		"OLD-7,Old,Timer,old@example.org,,cancelled,,,,false,2025-03-04T05:06:07.890Z,moving,\"Moved away, sorry\",,,\n" +
		"M-000002,\"Lee, Jr.\",Zoë,zoe@example.org,+49 30 1,lapsed,2023-01-01T08:11:12.000Z,v3,2023-01-01T08:11:12.345Z,true,,,,,,\n" +
		"M-000003,,,,,erased,2022-02-02T00:00:00.000Z,v2,2022-02-02T00:00:00.000Z,false,,,,,,\n" +
		"M-1000000,Wide,Number,wide@example.org,,active,2024-05-06T00:00:00.000Z,,,false,,,,,,\n" +
		"M-1000001,New,Comer,new@example.org,,pending_approval,,,,true,,,,,,\n"
	if first != want {
		t.Errorf("export:\n%s\nwant:\n%s", first, want)
	}

	b, _ := testapp.New(t, nil)
	res := importCSV(t, b, first)
	if res.Created != 5 || res.Sequence != 1000001 {
		t.Errorf("re-import: %+v", res)
	}
	if second := export(t, b, members.FormatCSV); second != first {
		t.Errorf("round trip differs:\n%s\nvs\n%s", first, second)
	}
	if ja, jb := export(t, a, members.FormatJSON), export(t, b, members.FormatJSON); ja != jb {
		t.Errorf("JSON exports differ:\n%s\nvs\n%s", ja, jb)
	}
}

func TestExportJSONHasImportColumns(t *testing.T) {
	app, _ := testapp.New(t, nil)
	if got := export(t, app, members.FormatJSON); got != "[]\n" {
		t.Errorf("empty JSON export %q", got)
	}
	if got := export(t, app, members.FormatCSV); got != strings.Join(members.Columns(), ",")+"\n" {
		t.Errorf("empty CSV export %q", got)
	}
	importCSV(t, app, registerCSV)
	var docs []map[string]any
	if err := json.Unmarshal([]byte(export(t, app, members.FormatJSON)), &docs); err != nil {
		t.Fatal(err)
	}
	if len(docs) != 5 {
		t.Fatalf("%d members, want 5", len(docs))
	}
	for _, d := range docs {
		if len(d) != len(members.Columns()) {
			t.Errorf("keys %v, want exactly %v", d, members.Columns())
		}
		if _, ok := d["marketing_opt_in"].(bool); !ok {
			t.Errorf("marketing_opt_in is not a JSON boolean: %v", d["marketing_opt_in"])
		}
	}
}

func TestImportNeverMovesSequenceBack(t *testing.T) {
	app, _ := testapp.New(t, nil)
	err := app.RunInTransaction(func(tx core.App) error { return members.AdvancePast(tx, 5000) })
	if err != nil {
		t.Fatal(err)
	}
	if res := importCSV(t, app, registerCSV); res.Sequence != 1000001 {
		t.Errorf("sequence %d", res.Sequence)
	}
	small := "member_id,first_name,last_name,email\nM-000004,Four,F,four@example.org\n"
	if res := importCSV(t, app, small); res.Sequence != 1000001 {
		t.Errorf("sequence moved back to %d", res.Sequence)
	}
}
