package audit_test

import (
	"context"
	"sync"
	"testing"

	"memberbase/internal/audit"
	"memberbase/internal/testapp"
)

func TestQueueWritesEverythingBeforeItStops(t *testing.T) {
	app, _ := testapp.New(t, nil)
	l := audit.From(app)
	if l.Running() {
		t.Fatal("queue runs before serve")
	}
	m := testapp.SaveMember(t, app, nil)
	seq := lastSeq(t, app)
	l.Start()
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			l.Queue(audit.Entry{Actor: audit.Actor{Type: audit.ActorSystem}, Action: audit.ActionView, Target: "members", RecordIDs: []string{m.Id}})
		})
	}
	wg.Wait()
	if err := l.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(rowsAfter(t, app, seq)); n != 50 {
		t.Fatalf("%d of 50 queued rows written by Stop", n)
	}
	// Stopped, the queue writes at once.
	l.Queue(audit.Entry{Actor: audit.Actor{Type: audit.ActorSystem}, Action: audit.ActionView, Target: "members", RecordIDs: []string{m.Id}})
	if n := len(rowsAfter(t, app, seq)); n != 51 {
		t.Fatalf("stopped queue: %d rows", n)
	}
	if _, err := verify(t, app, t.TempDir()+"/none"); err != nil {
		t.Fatal(err)
	}
}
