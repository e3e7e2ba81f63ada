package audit_test

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
)

// TestAReadThatFailsRecordsNothing: a staff list that fails part-way (a
// later handler refuses one of the records) answers an error and sends no
// member, so it leaves no read row; the same list once it succeeds does.
func TestAReadThatFailsRecordsNothing(t *testing.T) {
	s := serve(t, nil)
	staffID, tok := account(t, s.app, "viewer")
	var ids []string
	for i := range 3 {
		ids = append(ids, testapp.SaveMember(t, s.app, map[string]any{"email": fmt.Sprintf("fail%d@example.org", i)}).Id)
	}
	var refuse atomic.Bool
	refuse.Store(true)
	s.app.OnRecordEnrich("members").BindFunc(func(e *core.RecordEnrichEvent) error {
		if refuse.Load() && e.Record.Id == ids[2] {
			return errors.New("refused")
		}
		return e.Next()
	})

	seq := lastSeq(t, s.app)
	if code, body := s.do(t, "GET", "/api/collections/members/records?sort=created", tok, nil); code < 400 {
		t.Fatalf("list with a refused record: %d %s", code, body)
	}
	if rows := rowsAfter(t, s.app, seq); len(rows) != 0 {
		t.Fatalf("a failed list left %+v", rows)
	}

	refuse.Store(false)
	if code, body := s.do(t, "GET", "/api/collections/members/records?sort=created", tok, nil); code != 200 {
		t.Fatalf("list: %d %s", code, body)
	}
	only(t, rowsAfter(t, s.app, seq), "staff", staffID, "list", "members", ids...)
}
