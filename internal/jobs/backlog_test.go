package jobs_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/jobs"
)

// queueTable creates a queue table as the outbox's and the webhook
// deliveries' are (status and created columns) holding rows of the given
// statuses and created times.
func queueTable(t *testing.T, app *tests.TestApp, rows [][2]string) {
	t.Helper()
	if _, err := app.DB().NewQuery(`CREATE TABLE q (id INTEGER PRIMARY KEY, status TEXT NOT NULL, created TEXT NOT NULL)`).Execute(); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if _, err := app.DB().Insert("q", map[string]any{"status": r[0], "created": r[1]}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBacklogCountsWhatTheStatusPageShows: the workers' status reports as
// pending the rows queued or sending, as failed only the rows failed for
// good (sent rows are neither), and the age of the oldest queued row (a
// sending row is not waiting).
func TestBacklogCountsWhatTheStatusPageShows(t *testing.T) {
	app, err := tests.NewTestApp()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)
	queueTable(t, app, [][2]string{
		{"sending", "2026-01-01 08:00:00.000Z"},
		{"queued", "2026-01-02 09:30:00.000Z"},
		{"queued", "2026-01-03 10:00:00.000Z"},
		{"queued", "2026-01-04 10:00:00.000Z"},
		{"failed", "2025-12-01 10:00:00.000Z"},
		{"failed", "2026-01-05 10:00:00.000Z"},
		{"sent", "2025-11-01 10:00:00.000Z"},
	})
	b, err := jobs.ReadBacklog(app, "q")
	if err != nil {
		t.Fatal(err)
	}
	if b.Pending != 4 || b.Failed != 2 {
		t.Errorf("pending %d, failed %d; want 4 (3 queued + 1 sending) and 2", b.Pending, b.Failed)
	}
	if got := b.OldestQueued.String(); got != "2026-01-02 09:30:00.000Z" {
		t.Errorf("oldest queued %q, want the queued row of 2 January", got)
	}
}

// TestBacklogOfAnEmptyQueue: nothing pending or failed, and no oldest row
// (the status page shows no age rather than one of 2,000 years).
func TestBacklogOfAnEmptyQueue(t *testing.T) {
	app, err := tests.NewTestApp()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)
	queueTable(t, app, [][2]string{{"sent", "2026-01-01 08:00:00.000Z"}})
	b, err := jobs.ReadBacklog(app, "q")
	if err != nil {
		t.Fatal(err)
	}
	if b.Pending != 0 || b.Failed != 0 || !b.OldestQueued.IsZero() {
		t.Errorf("empty queue read as %+v", b)
	}
}

// TestBacklogOfAMissingTableIsAnError: a table that cannot be read gives an
// error naming it, not a backlog of zero that would look healthy.
func TestBacklogOfAMissingTableIsAnError(t *testing.T) {
	app, err := tests.NewTestApp()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)
	if _, err := jobs.ReadBacklog(app, "nosuchqueue"); err == nil {
		t.Fatal("ReadBacklog of a missing table returned no error")
	}
}
