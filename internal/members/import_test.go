package members_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

var idFormat = members.IDFormat{Prefix: "M-", Width: 6}

// genCSV returns a valid import file of n members without member IDs.
func genCSV(n int) string {
	var b strings.Builder
	b.WriteString("first_name,last_name,email,status,joined_at,marketing_opt_in\n")
	for i := range n {
		fmt.Fprintf(&b, "First%d,Last%d,m%d@example.org,active,2025-01-02,%t\n", i, i, i, i%2 == 0)
	}
	return b.String()
}

func mustRead(t testing.TB, csv string) []members.Row {
	t.Helper()
	rows, err := members.ReadCSV(strings.NewReader(csv))
	if err != nil {
		t.Fatalf("ReadCSV: %v", err)
	}
	return rows
}

func count(t testing.TB, app core.App) int64 {
	t.Helper()
	n, err := app.CountRecords("members")
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportDryRunWritesNothing(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rows := mustRead(t, "member_id,first_name,last_name,email\nM-000900,Ann,Lee,ann@example.org\n,Bob,Ng,bob@example.org\n")
	res, err := members.Import(app, rows, members.ImportOptions{Format: idFormat, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 2 || count(t, app) != 0 || res.Sequence != 0 {
		t.Errorf("dry run: %+v, %d members in the database", res, count(t, app))
	}
}

func TestOneBadRowAmongThousandWritesNothing(t *testing.T) {
	lines := strings.Split(genCSV(1000), "\n")
	lines[637] = "First,Last,not-an-address,active,2025-01-02,false" // line 638 of the file
	_, err := members.ReadCSV(strings.NewReader(strings.Join(lines, "\n")))
	var invalid *members.InvalidFileError
	if !errors.As(err, &invalid) || len(invalid.Problems) != 1 {
		t.Fatalf("got %v, want one problem", err)
	}
	if got := invalid.Problems[0].Error(); !strings.HasPrefix(got, "line 638, column email: ") {
		t.Errorf("problem %q does not name line 638 and the email column", got)
	}
}

func TestImportKeepsGivenIDsAndAssignsOthers(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rows := mustRead(t, "member_id,first_name,last_name,email,status\n"+
		",Ann,A,a@example.org,\n"+
		"M-000010,Bob,B,b@example.org,lapsed\n"+
		"OLD-7,Cem,C,c@example.org,cancelled\n"+
		"M-000005,,,,erased\n"+
		",Dan,D,d@example.org,pending_approval\n")
	res, err := members.Import(app, rows, members.ImportOptions{Format: idFormat})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a@example.org": "M-000011", "b@example.org": "M-000010", "c@example.org": "OLD-7", "d@example.org": "M-000012"}
	for email, id := range want {
		r, err := app.FindFirstRecordByData("members", "email", email)
		if err != nil || r.GetString("member_id") != id {
			t.Errorf("%s: member_id %q (%v), want %s", email, r.GetString("member_id"), err, id)
		}
	}
	if tomb, err := app.FindFirstRecordByData("members", "member_id", "M-000005"); err != nil || tomb.GetString("status") != "erased" {
		t.Errorf("tombstone: %v", err)
	}
	if res.Created != 5 || res.Sequence != 12 {
		t.Errorf("result %+v, want 5 created, sequence 12", res)
	}
	// Numbers handed out after the import continue above it.
	col, _ := app.FindCollectionByNameOrId("members")
	r := core.NewRecord(col)
	r.Set("first_name", "E")
	r.Set("last_name", "E")
	r.Set("email", "e@example.org")
	if err := app.Save(r); err != nil || r.GetString("member_id") != "M-000013" {
		t.Errorf("next create: %q %v", r.GetString("member_id"), err)
	}
}

func TestImportResumesAfterInterruption(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rows := mustRead(t, genCSV(1200))
	// Simulate a crash in the middle of the 8th batch of 100.
	id := app.OnRecordCreate("members").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("email") == "m750@example.org" {
			return errors.New("simulated interruption")
		}
		return e.Next()
	})
	opts := members.ImportOptions{Format: idFormat, BatchSize: 100}
	if _, err := members.Import(app, rows, opts); err == nil || !strings.Contains(err.Error(), "line 752") {
		t.Fatalf("first run: %v, want the simulated failure at line 752", err)
	}
	if n := count(t, app); n != 700 {
		t.Fatalf("after the interruption %d members, want the 7 committed batches (700)", n)
	}
	app.OnRecordCreate("members").Unbind(id)
	res, err := members.Import(app, rows, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 500 || res.Skipped != 700 || count(t, app) != 1200 || res.Sequence != 1200 {
		t.Errorf("resume: %+v, %d members; want 500 created, 700 skipped, 1200 members, sequence 1200", res, count(t, app))
	}
	var distinct int
	if err := app.DB().NewQuery("SELECT COUNT(DISTINCT member_id) FROM members").Row(&distinct); err != nil || distinct != 1200 {
		t.Errorf("distinct member IDs %d (%v), want 1200", distinct, err)
	}
}

// An import of many members reports its progress per batch; it does not log
// a "member created" line per row, which would bury everything else an
// operator reads. A member created one at a time still gets its line.
func TestImportLogsBatchesNotRows(t *testing.T) {
	app, _ := testapp.New(t, map[string]string{"LOG_FORMAT": "json"})
	var progress strings.Builder
	res, err := members.Import(app, mustRead(t, genCSV(250)), members.ImportOptions{Format: idFormat, BatchSize: 100, Progress: &progress})
	if err != nil || res.Created != 250 {
		t.Fatalf("import: %+v %v", res, err)
	}
	if n := strings.Count(progress.String(), "members import:"); n != 3 {
		t.Errorf("%d progress lines for 3 batches:\n%s", n, progress.String())
	}
	if n := strings.Count(testapp.Logs(app), `"member created"`); n != 0 {
		t.Errorf("%d per-member log lines from an import", n)
	}
	testapp.SaveMember(t, app, map[string]any{"first_name": "One", "last_name": "Off", "email": "one@example.org"})
	if n := strings.Count(testapp.Logs(app), `"member created"`); n != 1 {
		t.Errorf("%d log lines for a member created alone, want 1", n)
	}
}
