package testapp

import (
	"sync"
	"testing"
	"time"
)

func TestClockMovesOnlyWhenAdvanced(t *testing.T) {
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := NewClock(start)
	// Time does not pass on its own.
	first := c.Now()
	time.Sleep(time.Millisecond)
	if !first.Equal(start) || !c.Now().Equal(start) {
		t.Fatalf("Now = %v then %v, want %v both times", first, c.Now(), start)
	}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() { c.Advance(time.Minute); _ = c.Now() })
	}
	wg.Wait()
	if want := start.Add(10 * time.Minute); !c.Now().Equal(want) {
		t.Errorf("after ten advances of a minute Now = %v, want %v", c.Now(), want)
	}
}
