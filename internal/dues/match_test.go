package dues_test

import (
	"fmt"
	"testing"

	"memberbase/internal/dues"
	"memberbase/internal/testapp"
)

// TestImportMatchesAnyPadding: member IDs kept from an older register in
// another width ("M-42", "M-0000043") and the usual ones are found from
// references with or without the padding, or a bare number (a payroll
// list's member ID column); a number two stored IDs stand for, and one
// nobody holds, stay unmatched with a reason naming the line.
func TestImportMatchesAnyPadding(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, nil)
	holders := map[string]string{}
	for i, id := range []string{"M-42", "M-0000043", "M-000044", "M-45", "M-000045"} {
		m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id, "member_id": id, "email": fmt.Sprintf("m%d@example.org", i)})
		holders[m.Id] = id
	}
	file := "received_on,amount,reference,external_id\n" +
		"2026-01-12,10.00,M-42,A\n" + // as stored
		"2026-01-12,10.00,42,B\n" + // bare
		"2026-01-12,10.00,m 000042,C\n" + // padded to the format's width
		"2026-01-12,10.00,dues M-43,D\n" +
		"2026-01-12,10.00,44,E\n" +
		"2026-01-12,10.00,M-45,F\n" + // ambiguous
		"2026-01-12,10.00,M-99,G\n" + // nobody
		"2026-01-12,10.00,transfer,H\n" // no ID
	res := e.importCSV(file, false)
	want := dues.ImportResult{Rows: 8, Matched: 5, Unmatched: 3, UnmatchedRows: []dues.UnmatchedRow{
		{Line: 7, Reason: "M-000045 and M-45 both stand for number 45: not guessed."},
		{Line: 8, Reason: "no member holds M-000099."},
		{Line: 9, Reason: "no member ID in the reference."}}}
	if !equalResult(res, want) {
		t.Fatalf("import %+v\nwant %+v", res, want)
	}
	for ext, id := range map[string]string{"A": "M-42", "B": "M-42", "C": "M-42", "D": "M-0000043", "E": "M-000044"} {
		p, err := e.app.FindFirstRecordByData(dues.Payments, "external_id", ext)
		if err != nil || holders[p.GetString("member")] != id {
			t.Errorf("payment %s went to %q, want %s (%v)", ext, holders[p.GetString("member")], id, err)
		}
	}
	if dry := e.importCSV(file, true); !equalResult(dry, dues.ImportResult{Rows: 8, Skipped: 8}) {
		t.Errorf("dry run after the import: %+v", dry)
	}
}
