package jobs_test

import (
	"testing"
	"time"

	"memberbase/internal/jobs"
)

// TestZeroPacerPausesAfterASecond: the pacer the importers use, built with
// no settings, lets quick transactions run without a pause, then after a
// second of them leaves the lock free for 150 ms (longer than the 100 ms
// between the tries of another process's busy handler; not a pause of
// nothing, nor one after every transaction).
func TestZeroPacerPausesAfterASecond(t *testing.T) {
	var pauses []time.Duration
	p := &jobs.Pacer{Sleep: func(d time.Duration) { pauses = append(pauses, d) }}
	for range 100 {
		_ = p.Run(func() error { return nil })
	}
	if len(pauses) != 0 {
		t.Fatalf("the zero pacer paused after quick transactions: %v", pauses)
	}
	_ = p.Run(func() error { time.Sleep(time.Second); return nil })
	if len(pauses) != 1 || pauses[0] != 150*time.Millisecond {
		t.Fatalf("after a second of transactions: pauses %v, want one of 150ms", pauses)
	}
}
