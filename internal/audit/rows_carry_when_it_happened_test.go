package audit_test

import (
	"context"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/audit"
	"memberbase/internal/testapp"
)

// createdAfter returns the created time of the rows newer than seq, oldest
// first.
func createdAfter(t *testing.T, app core.App, seq int64) []time.Time {
	t.Helper()
	audit.From(app).Sync()
	var rows []struct {
		Created string `db:"created"`
	}
	if err := app.DB().NewQuery("SELECT created FROM audit_log WHERE seq > {:seq} ORDER BY seq").
		Bind(map[string]any{"seq": seq}).All(&rows); err != nil {
		t.Fatal(err)
	}
	var out []time.Time
	for _, r := range rows {
		d, err := types.ParseDateTime(r.Created)
		if err != nil {
			t.Fatalf("created %q: %v", r.Created, err)
		}
		out = append(out, d.Time())
	}
	return out
}

// TestRowsCarryTheTimeOfWhatTheyRecord: a row's created time is when the
// read or change happened, to the millisecond: the time a queued or
// appended entry names, the time of a save, and for a bulk transaction's
// buffered rows the time of each save, not of the flush that writes them.
func TestRowsCarryTheTimeOfWhatTheyRecord(t *testing.T) {
	app, _ := testapp.New(t, nil)
	l := audit.From(app)
	m := testapp.SaveMember(t, app, nil)
	at := time.Date(2026, 3, 4, 5, 6, 7, 89e6, time.UTC)
	read := audit.Entry{Actor: audit.Actor{Type: audit.ActorSystem}, Action: audit.ActionView, Target: "members", RecordIDs: []string{m.Id}, At: at}

	seq := lastSeq(t, app)
	l.Queue(read)
	if err := l.Append(app, read); err != nil {
		t.Fatal(err)
	}
	for i, c := range createdAfter(t, app, seq) {
		if !c.Equal(at) {
			t.Errorf("entry %d at %v: row created %v", i, at, c)
		}
	}

	seq = lastSeq(t, app)
	before := time.Now().Truncate(time.Millisecond)
	testapp.SaveMember(t, app, map[string]any{"email": "timed@example.org"})
	after := time.Now()
	if c := createdAfter(t, app, seq); len(c) != 1 || c[0].Before(before) || c[0].After(after) {
		t.Errorf("save between %v and %v: rows created %v", before, after, c)
	}

	seq = lastSeq(t, app)
	var saved time.Time
	err := app.RunInTransaction(func(tx core.App) error {
		b := &audit.Buffer{}
		ctx := audit.WithBuffer(context.Background(), b)
		m.Set("phone", "+49 30 7654321")
		if err := tx.SaveWithContext(ctx, m); err != nil {
			return err
		}
		saved = time.Now()
		time.Sleep(20 * time.Millisecond) // the flush comes later
		return l.Flush(tx, b)
	})
	if err != nil {
		t.Fatal(err)
	}
	if c := createdAfter(t, app, seq); len(c) != 1 || c[0].After(saved) {
		t.Errorf("buffered save done by %v: rows created %v", saved, c)
	}
}
