package members_test

import (
	"bytes"
	"strings"
	"testing"

	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

// resumeCSV is an exported register: given member IDs, and a tombstone
// (no name, no email) that must still be recognised as already there.
const resumeCSV = "member_id,first_name,last_name,email,status\n" +
	"M-000001,Ann,Lee,ann@example.org,active\n" +
	"M-000002,,,,erased\n" +
	"M-000003,Bob,Ng,bob@example.org,lapsed\n"

// Importing the same register again, after a completed or interrupted run,
// skips every row that is already there by member ID, tombstones included,
// and the dry run announces exactly that.
func TestReimportSkipsRowsPresentByMemberID(t *testing.T) {
	app, _ := testapp.New(t, nil)
	opts := members.ImportOptions{Format: idFormat}
	if res, err := members.Import(app, mustRead(t, resumeCSV), opts); err != nil || res.Created != 3 {
		t.Fatalf("first run: %+v %v", res, err)
	}
	opts.DryRun = true
	res, err := members.Import(app, mustRead(t, resumeCSV), opts)
	if err != nil || res.Created != 0 || res.Skipped != 3 || res.Sequence != 3 {
		t.Fatalf("dry re-run: %+v %v; want 0 created, 3 skipped, sequence 3", res, err)
	}
	opts.DryRun = false
	res, err = members.Import(app, mustRead(t, resumeCSV), opts)
	if err != nil || res.Created != 0 || res.Skipped != 3 || count(t, app) != 3 {
		t.Fatalf("re-run: %+v %v, %d members; want 0 created, 3 skipped", res, err, count(t, app))
	}
}

// A dry run of a partly imported file counts what is new and what is
// already there.
func TestDryRunCountsNewAndPresentRows(t *testing.T) {
	app, _ := testapp.New(t, nil)
	lines := strings.SplitAfter(resumeCSV, "\n")
	first := strings.Join(lines[:2], "") // header and Ann
	if _, err := members.Import(app, mustRead(t, first), members.ImportOptions{Format: idFormat}); err != nil {
		t.Fatal(err)
	}
	res, err := members.Import(app, mustRead(t, resumeCSV), members.ImportOptions{Format: idFormat, DryRun: true})
	if err != nil || res.Rows != 3 || res.Created != 2 || res.Skipped != 1 {
		t.Fatalf("dry run: %+v %v; want 3 rows, 2 to create, 1 present", res, err)
	}
}

// A long import reports progress once per batch, the last line with the
// totals.
func TestImportReportsProgressPerBatch(t *testing.T) {
	app, _ := testapp.New(t, nil)
	var out bytes.Buffer
	res, err := members.Import(app, mustRead(t, genCSV(5)), members.ImportOptions{Format: idFormat, BatchSize: 2, Progress: &out})
	if err != nil || res.Created != 5 {
		t.Fatalf("%+v %v", res, err)
	}
	want := "members import: 2/5 rows (2 created, 0 already present)\n" +
		"members import: 4/5 rows (4 created, 0 already present)\n" +
		"members import: 5/5 rows (5 created, 0 already present)\n"
	if out.String() != want {
		t.Errorf("progress:\n%s\nwant:\n%s", out.String(), want)
	}
	out.Reset()
	if _, err := members.Import(app, mustRead(t, genCSV(4)), members.ImportOptions{Format: idFormat, BatchSize: 2, Progress: &out}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(out.String(), "\n"); got != 2 || !strings.HasSuffix(out.String(), "4/4 rows (0 created, 4 already present)\n") {
		t.Errorf("re-run of 4 rows in batches of 2:\n%s", out.String())
	}
}

// When the member sequence cannot be moved past the file's numbers, the
// import stops before writing any member, so no assigned number can clash
// with a given one.
func TestImportStopsWhenTheSequenceCannotAdvance(t *testing.T) {
	app, _ := testapp.New(t, nil)
	if _, err := app.DB().NewQuery(`CREATE TRIGGER sequence_locked BEFORE UPDATE ON member_sequence
		BEGIN SELECT RAISE(ABORT, 'database is locked'); END`).Execute(); err != nil {
		t.Fatal(err)
	}
	_, err := members.Import(app, mustRead(t, resumeCSV), members.ImportOptions{Format: idFormat})
	if err == nil || !strings.Contains(err.Error(), "database is locked") {
		t.Fatalf("import: %v", err)
	}
	if n := count(t, app); n != 0 {
		t.Fatalf("%d members written", n)
	}
}
