package audit_test

import (
	"fmt"
	"testing"
	"time"

	"memberbase/internal/recordid"
	"memberbase/internal/testapp"
)

// TestAppendedRowsGetIDsThatSortByTime: each audit row's id is a
// PocketBase id whose time part ([recordid.New]) lies between the times
// before and after the writes and never goes back along the chain, so
// new rows share the primary-key index's last pages.
func TestAppendedRowsGetIDsThatSortByTime(t *testing.T) {
	s := serve(t, nil)
	seq := lastSeq(t, s.app)
	before := recordid.New(time.Now())
	for i := range 6 {
		testapp.SaveMember(t, s.app, map[string]any{"email": fmt.Sprintf("sorted%d@example.org", i)})
		time.Sleep(2 * time.Millisecond) // the next row's time differs
	}
	after := recordid.New(time.Now())
	rows := rowsAfter(t, s.app, seq)
	if len(rows) < 6 {
		t.Fatalf("%d rows for 6 creates", len(rows))
	}
	prev := before[:8]
	for _, r := range rows {
		if len(r.ID) != 15 || r.ID[:8] < prev || r.ID[:8] > after[:8] {
			t.Errorf("row %d id %q: time part before %q or after %q", r.Seq, r.ID, prev, after[:8])
		}
		prev = r.ID[:8]
	}
}
