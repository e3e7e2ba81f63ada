package jobs

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log destination safe for the loop's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestLoopLogsFailedClaims: an operator sees a claim that failed (with the
// job's name and the error) and nothing for claims that worked, or for one
// cut short by the shutdown.
func TestLoopLogsFailedClaims(t *testing.T) {
	var out syncBuffer
	var calls, processed int
	var mu sync.Mutex
	l := &Loop[int]{Name: "outbox", Concurrency: 1, Interval: 10 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(&out, nil)),
		Claim: func(context.Context, int) ([]int, error) {
			mu.Lock()
			defer mu.Unlock()
			calls++
			switch calls {
			case 1:
				return nil, errors.New("disk I/O error")
			case 2:
				return nil, context.Canceled
			case 3:
				return []int{1}, nil
			}
			return nil, nil
		},
		Process: func(context.Context, int) { mu.Lock(); processed++; mu.Unlock() }}
	l.Start()
	waitFor(t, "four claims", func() bool { mu.Lock(); defer mu.Unlock(); return calls >= 4 && processed == 1 })
	if err := l.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	logged := out.String()
	if n := strings.Count(logged, "job claim failed"); n != 1 ||
		!strings.Contains(logged, "job=outbox") || !strings.Contains(logged, "disk I/O error") {
		t.Fatalf("log after one failed claim, one cancelled and good ones:\n%s", logged)
	}
}

// TestLoopLogsPanickingItems: an item whose processing panicked is logged
// with the panic; items that finished are not.
func TestLoopLogsPanickingItems(t *testing.T) {
	var out syncBuffer
	q := &queue{}
	q.push(1, 2, 3)
	done := make(chan int, 3)
	l := &Loop[int]{Name: "intake", Concurrency: 1, Interval: time.Hour, Claim: q.claim,
		Logger: slog.New(slog.NewTextHandler(&out, nil)),
		Process: func(_ context.Context, i int) {
			done <- i
			if i == 2 {
				panic("nil map")
			}
		}}
	l.Start()
	for range 3 {
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("the loop stopped processing after a panic")
		}
	}
	if err := l.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	logged := out.String()
	if n := strings.Count(logged, "job panicked"); n != 1 || !strings.Contains(logged, "nil map") ||
		!strings.Contains(logged, "job=intake") {
		t.Fatalf("log after three items, one panicking:\n%s", logged)
	}
}
