package audit_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/audit"
	"memberbase/internal/testapp"
)

// TestBufferedWritesChainLikeDirectOnes: saves made with a buffer's
// context write no row until Flush, which then writes the rows the direct
// saves write (same actions, fields and actor, in the order the saves
// finished) in a chain that verifies; Created adds the row of a record
// inserted without the hooks.
func TestBufferedWritesChainLikeDirectOnes(t *testing.T) {
	rows := func(buffered bool) []string {
		app, _ := testapp.New(t, nil)
		l := audit.From(app)
		l.SetDefault(audit.Actor{Type: audit.ActorCLI}, audit.ActionImport)
		var start int64
		if err := app.DB().NewQuery("SELECT COALESCE(MAX(seq), 0) FROM audit_log").Row(&start); err != nil {
			t.Fatal(err)
		}
		err := app.RunInTransaction(func(tx core.App) error {
			ctx, b := context.Background(), &audit.Buffer{}
			if buffered {
				ctx = audit.WithBuffer(ctx, b)
			}
			m := testapp.NewMember(t, tx, nil)
			if err := tx.SaveWithContext(ctx, m); err != nil {
				return err
			}
			m.Set("phone", "+49 30 1234567")
			if err := tx.SaveWithContext(ctx, m); err != nil {
				return err
			}
			if !buffered {
				return nil
			}
			var n int64
			if err := tx.DB().NewQuery("SELECT COALESCE(MAX(seq), 0) FROM audit_log").Row(&n); err != nil || n != start {
				return fmt.Errorf("rows written before Flush: seq %d, %v", n, err)
			}
			b.Created(l, ctx, m) // as if inserted without the hooks
			return l.Flush(tx, b)
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := audit.Verify(app, l.Keys(), nil); err != nil {
			t.Errorf("verify: %v", err)
		}
		var out []struct {
			Actor  string `db:"actor_type"`
			Action string `db:"action"`
			Target string `db:"target"`
			Fields string `db:"fields"`
		}
		err = app.DB().NewQuery("SELECT actor_type, action, target, fields FROM audit_log WHERE seq > {:s} ORDER BY seq").
			Bind(map[string]any{"s": start}).All(&out)
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, r := range out {
			s = append(s, r.Actor+" "+r.Action+" "+r.Target+" "+r.Fields)
		}
		return s
	}
	direct, buffered := rows(false), rows(true)
	if len(direct) != 2 || len(buffered) != 3 {
		t.Fatalf("direct %v\nbuffered %v", direct, buffered)
	}
	for i := range direct {
		if direct[i] != buffered[i] {
			t.Errorf("row %d: direct %q, buffered %q", i, direct[i], buffered[i])
		}
	}
	if want := `cli import members ["member_id","first_name","last_name","email","phone","status"]`; buffered[2] != want {
		t.Errorf("Created wrote %q, want %q", buffered[2], want)
	}
}
