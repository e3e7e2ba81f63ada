package audit_test

import (
	"context"
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/audit"
	"memberbase/internal/testapp"
)

// TestCreatedIsTheRowASaveWrites: for a record created outside a request,
// Created returns the row the write hook stored for its save (actor,
// action, target, id, field names), with the default actor or the
// context's; appended, it chains like any other row.
func TestCreatedIsTheRowASaveWrites(t *testing.T) {
	app, _ := testapp.New(t, nil)
	l := audit.From(app)
	staff := audit.Actor{Type: audit.ActorStaff, ID: "s00000000000001"}
	for code, ctx := range map[string]context.Context{"by-system": context.Background(), "by-staff": audit.WithActor(context.Background(), staff)} {
		seq := lastSeq(t, app)
		col, err := app.FindCollectionByNameOrId("plans")
		if err != nil {
			t.Fatal(err)
		}
		p := core.NewRecord(col)
		for k, v := range map[string]any{"name": "Regular", "code": code, "kind": "rolling", "months": 12, "fee": 3000, "currency": "EUR", "grace_days": 30} {
			p.Set(k, v)
		}
		if err := app.SaveWithContext(ctx, p); err != nil {
			t.Fatal(err)
		}
		rows := rowsAfter(t, app, seq)
		if len(rows) != 1 {
			t.Fatalf("rows of one save: %+v", rows)
		}
		saved, e := rows[0], l.Created(ctx, p)
		if saved.ActorType != e.Actor.Type || saved.Actor != e.Actor.ID || saved.Action != e.Action ||
			saved.Target != e.Target || !slices.Equal(saved.ids(), e.RecordIDs) || !slices.Equal(saved.fields(), e.Fields) {
			t.Errorf("%s: saved row %+v, Created %+v", code, saved, e)
		}
		if want := map[string]string{"by-system": audit.ActorSystem, "by-staff": audit.ActorStaff}[code]; e.Actor.Type != want || len(e.Fields) == 0 {
			t.Errorf("%s: Created %+v, want actor %s and field names", code, e, want)
		}
	}
	seq := lastSeq(t, app)
	if err := l.Append(app, audit.Entry{Actor: staff, Action: audit.ActionCreate, Target: "plans", RecordIDs: []string{"x"}, Fields: []string{"name"}},
		audit.Entry{Actor: staff, Action: audit.ActionCreate, Target: "plans", RecordIDs: []string{"y"}, Fields: []string{"name"}}); err != nil {
		t.Fatal(err)
	}
	if rows := rowsAfter(t, app, seq); len(rows) != 2 || rows[1].PrevHash == "" || rows[0].Seq != seq+1 || rows[1].Seq != seq+2 {
		t.Errorf("appended rows: %+v", rows)
	}
	if _, err := audit.Verify(app, l.Keys(), nil); err != nil {
		t.Errorf("chain: %v", err)
	}
}
