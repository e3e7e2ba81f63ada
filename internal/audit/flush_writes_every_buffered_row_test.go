package audit_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/audit"
	"memberbase/internal/testapp"
)

// TestFlushWritesEveryBufferedRow: a bulk transaction larger than one
// insert's worth of rows (a payments import batch) gets a create row for
// every save, in the order of the saves, in a chain that verifies.
func TestFlushWritesEveryBufferedRow(t *testing.T) {
	app, _ := testapp.New(t, nil)
	l := audit.From(app)
	seq := lastSeq(t, app)
	var ids []string
	err := app.RunInTransaction(func(tx core.App) error {
		b := &audit.Buffer{}
		ctx := audit.WithBuffer(context.Background(), b)
		for i := range 25 {
			m := testapp.NewMember(t, tx, map[string]any{"email": fmt.Sprintf("bulk%d@example.org", i)})
			if err := tx.SaveWithContext(ctx, m); err != nil {
				return err
			}
			ids = append(ids, m.Id)
		}
		return l.Flush(tx, b)
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rowsAfter(t, app, seq) {
		if r.Action != "create" || r.Target != "members" || len(r.ids()) != 1 {
			t.Errorf("row %+v", r)
		}
		got = append(got, r.ids()...)
	}
	if !slices.Equal(got, ids) {
		t.Errorf("%d rows for 25 saves, or not in the order of the saves", len(got))
	}
	if _, err := audit.Verify(app, l.Keys(), nil); err != nil {
		t.Errorf("chain: %v", err)
	}
}
