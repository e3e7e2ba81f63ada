package members_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

// TestImportClashesAreRowErrors: only a row that is the stored member (same
// member ID and email; a tombstone's exported row included) is skipped;
// every other overlap with the register, and a number above the cap, is a
// problem naming its line, in a dry run too, and nothing is written.
func TestImportClashesAreRowErrors(t *testing.T) {
	app, _ := testapp.New(t, nil)
	testapp.SaveMember(t, app, map[string]any{"member_id": "M-000001", "email": "ann@example.org"})
	testapp.SaveMember(t, app, map[string]any{"member_id": "M-000002", "first_name": "", "last_name": "", "email": "", "status": "erased"})
	testapp.SaveMember(t, app, map[string]any{"member_id": "M-000003", "email": "bob@example.org"})
	testapp.SaveMember(t, app, map[string]any{"member_id": "M-000004", "first_name": "", "last_name": "", "email": "", "status": "erased"})
	testapp.SaveMember(t, app, map[string]any{"first_name": "Cem", "email": "cem@example.org"}) // joined online: M-000005
	rows := mustRead(t, "member_id,first_name,last_name,email,status\n"+
		"M-000001,Ann,Lee,ann@example.org,\n"+ // 2: the same member
		"M-000002,,,,erased\n"+ // 3: the same tombstone
		"M-000003,Dan,Dee,dan@example.org,\n"+ // 4: number held by another email
		"M-000010,Cem,Legacy,cem@example.org,\n"+ // 5: email under another number
		",Eve,Ng,bob@example.org,\n"+ // 6: no number, email already there, other details
		"M-000004,Fay,Fox,fay@example.org,\n"+ // 7: number of an erased member
		"M-000099,Gil,Gu,gil@example.org,\n"+ // 8: new
		"M-9223372036854775807,Hal,Ho,hal@example.org,\n") // 9: above the cap
	want := []string{
		"line 4, column member_id: this member ID already belongs to a member with another email.",
		"line 5, column email: already registered under member ID M-000005; the row has another member ID.",
		"line 6, column email: already registered under member ID M-000003 with other details; put that member_id on the row to skip it, or remove the row.",
		"line 7, column member_id: this member ID belongs to an erased member; an erased person is not brought back.",
		"line 9, column member_id: the number is above 1000000000000000, the largest member number accepted.",
	}
	for _, dry := range []bool{true, false} {
		_, err := members.Import(app, rows, members.ImportOptions{Format: idFormat, DryRun: dry})
		var invalid *members.InvalidFileError
		if !errors.As(err, &invalid) {
			t.Fatalf("dry run %v: %v, want the clashes", dry, err)
		}
		var got []string
		for _, p := range invalid.Problems {
			got = append(got, p.Error())
		}
		if !slices.Equal(got, want) {
			t.Errorf("dry run %v: problems\n%q\nwant\n%q", dry, got, want)
		}
	}
	if n := count(t, app); n != 5 {
		t.Errorf("%d members after a refused import, want the 5 stored", n)
	}
	// Nothing moved the sequence: the next member is still an exact number.
	if r := testapp.SaveMember(t, app, map[string]any{"email": "next@example.org"}); r.GetString("member_id") != "M-000006" {
		t.Errorf("next create after the refused import: %q", r.GetString("member_id"))
	}

	// Without the clashes the same file imports, skipping what is there.
	ok := slices.Concat(rows[0:2], rows[6:7])
	res, err := members.Import(app, ok, members.ImportOptions{Format: idFormat})
	if err != nil || res.Created != 1 || res.Skipped != 2 || res.Sequence != 99 {
		t.Errorf("clean import: %+v %v, want 1 created, 2 already present, sequence 99", res, err)
	}
}

// TestImportSkipsRowWithoutIDOnlyWhenIdentical: a row without member ID is
// already present only when the stored member with its email has the same
// value in every column (an interrupted import's own row).
func TestImportSkipsRowWithoutIDOnlyWhenIdentical(t *testing.T) {
	app, _ := testapp.New(t, nil)
	file := "first_name,last_name,email,joined_at,marketing_opt_in\nAnn,Lee,ann@example.org,2025-01-02,true\n"
	if _, err := members.Import(app, mustRead(t, file), members.ImportOptions{Format: idFormat}); err != nil {
		t.Fatal(err)
	}
	res, err := members.Import(app, mustRead(t, file), members.ImportOptions{Format: idFormat})
	if err != nil || res.Skipped != 1 || res.Created != 0 {
		t.Fatalf("identical re-run: %+v %v", res, err)
	}
	changed := "first_name,last_name,email,joined_at,marketing_opt_in\nAnn,Lee,ann@example.org,2025-01-02,false\n"
	_, err = members.Import(app, mustRead(t, changed), members.ImportOptions{Format: idFormat})
	var invalid *members.InvalidFileError
	if !errors.As(err, &invalid) || len(invalid.Problems) != 1 || invalid.Problems[0].Line != 2 {
		t.Errorf("row with other details: %v, want one problem on line 2", err)
	}
}

// TestImportRechecksEachBatch: a member the server creates after the check
// is found when its batch is written; the import stops there, naming the
// line, instead of skipping the row.
func TestImportRechecksEachBatch(t *testing.T) {
	app, _ := testapp.New(t, nil)
	app.OnRecordCreate("members").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("email") == "a@example.org" { // meanwhile, a join
			testapp.SaveMember(t, e.App, map[string]any{"first_name": "Online", "email": "b@example.org"})
		}
		return e.Next()
	})
	rows := mustRead(t, "first_name,last_name,email\nA,A,a@example.org\nB,B,b@example.org\n")
	res, err := members.Import(app, rows, members.ImportOptions{Format: idFormat, BatchSize: 1})
	if err == nil || !strings.Contains(err.Error(), "line 3, column email: already registered under member ID M-000002") {
		t.Fatalf("import: %v, want the clash of line 3", err)
	}
	if res.Created != 1 || count(t, app) != 2 {
		t.Errorf("%+v, %d members; want the first batch and the join", res, count(t, app))
	}
}
