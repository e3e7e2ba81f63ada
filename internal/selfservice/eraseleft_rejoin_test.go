package selfservice_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/selfservice"
	"memberbase/internal/testapp"
)

// A member who rejoins while the job runs (after it chose whom to erase,
// before it reached them) is not erased and not counted; the others are.
func TestEraseLeftSkipsAMemberWhoRejoinsDuringTheRun(t *testing.T) {
	app, _ := testapp.New(t, nil)
	first := testapp.SaveMember(t, app, map[string]any{"status": "cancelled", "left_at": "2020-01-01 00:00:00.000Z"}).Id
	rejoins := testapp.SaveMember(t, app, map[string]any{"email": "bob@example.org", "status": "cancelled", "left_at": "2020-02-01 00:00:00.000Z"}).Id
	last := testapp.SaveMember(t, app, map[string]any{"email": "cy@example.org", "status": "cancelled", "left_at": "2020-03-01 00:00:00.000Z"}).Id
	var erased []string
	n, err := selfservice.EraseLeft(app, time.Now(), time.Hour, func(tx core.App, m *core.Record) error {
		erased = append(erased, m.Id)
		if m.Id == first {
			// The rejoin lands before the job reaches the member (the
			// writer is this transaction's, so it is written through it).
			if _, err := tx.DB().NewQuery("UPDATE members SET status = 'active', left_at = '' WHERE id = {:id}").
				Bind(map[string]any{"id": rejoins}).Execute(); err != nil {
				t.Error(err)
			}
		}
		return nil
	})
	if err != nil || n != 2 || len(erased) != 2 || erased[0] != first || erased[1] != last {
		t.Fatalf("erased %v (%d, %v), want %s and %s", erased, n, err, first, last)
	}
}
