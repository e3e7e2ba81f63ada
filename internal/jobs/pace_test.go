package jobs_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"memberbase/internal/jobs"
)

// openWriter opens one writer connection to path, as a separate process
// would have: its own SQLite handle, BEGIN IMMEDIATE, its own busy timeout,
// and any extra pragmas (as "&_pragma=...").
func openWriter(t *testing.T, path string, busy time.Duration, pragmas string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout("+
		strconv.FormatInt(busy.Milliseconds(), 10)+")&_txlock=immediate"+pragmas)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec("CREATE TABLE IF NOT EXISTS t (v TEXT)"); err != nil {
		t.Fatal(err)
	}
	return db
}

// insert writes rows in one transaction, calling begun (when not nil) once
// it holds the write lock.
func insert(db *sql.DB, rows int, begun func()) error {
	tx, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		return err
	}
	if begun != nil {
		begun()
	}
	for range rows {
		if _, err := tx.Exec("INSERT INTO t (v) VALUES (hex(randomblob(64)))"); err != nil {
			_ = tx.Rollback()
			return err
		}
	}
	return tx.Commit()
}

func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}

// contend runs a bulk writer (transactions back to back through run) while a
// second writer with a short busy timeout tries attempts single inserts, and
// returns how many of those failed with SQLITE_BUSY (stopping at the first
// one when firstBusy).
//
// The bulk writer does not checkpoint: SQLite runs an automatic checkpoint
// inside COMMIT once the WAL passes 1,000 pages (every ~125 of these
// transactions), after it has let go of the write lock, so the lock stayed
// free for the milliseconds of the checkpoint and the other writer's busy
// handler, polling every 1–100 ms, got in during about half of its attempts.
// Without those gaps the only time the lock is free is the microseconds
// between one COMMIT and the next BEGIN, and the pacer's pauses.
func contend(t *testing.T, run func(func() error) error, attempts int, firstBusy bool) (busy int) {
	path := filepath.Join(t.TempDir(), "data.db")
	bulk := openWriter(t, path, 10*time.Second, "&_pragma=wal_autocheckpoint(0)")
	other := openWriter(t, path, 700*time.Millisecond, "")
	stop := make(chan struct{})
	inTx := make(chan struct{}, 1) // the bulk writer holds the lock
	begun := func() {
		select {
		case inTx <- struct{}{}:
		default:
		}
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if err := run(func() error { return insert(bulk, 200, begun) }); err != nil {
				t.Errorf("bulk writer: %v", err)
				return
			}
		}
	})
	for range attempts {
		// Each attempt starts while the bulk writer holds the lock, as a
		// request would meet a running import. A fixed sleep instead let a
		// loaded machine deschedule the bulk writer between two transactions
		// while all the attempts went through in its absence.
		select {
		case <-inTx: // drop a signal from an earlier transaction
		default:
		}
		<-inTx
		err := insert(other, 1, nil)
		if isBusy(err) {
			busy++
			if firstBusy {
				break
			}
		} else if err != nil {
			t.Errorf("other writer: %v", err)
		}
	}
	close(stop)
	wg.Wait()
	return busy
}

// TestPacerLetsAnotherProcessWrite: with back-to-back bulk transactions, a
// second connection (another process's, as `serve` beside a CLI import) never
// gets the write lock before its busy timeout; with a Pacer it always does.
func TestPacerLetsAnotherProcessWrite(t *testing.T) {
	if busy := contend(t, func(fn func() error) error { return fn() }, 5, true); busy == 0 {
		t.Fatal("unpaced bulk writer: the other writer never hit SQLITE_BUSY; the test no longer shows the starvation")
	}
	p := &jobs.Pacer{Every: 200 * time.Millisecond, Pause: 150 * time.Millisecond}
	if busy := contend(t, p.Run, 8, false); busy != 0 {
		t.Fatalf("paced bulk writer: %d of 8 writes of the other connection failed with SQLITE_BUSY", busy)
	}
}

// TestPacerPausesAfterEverySecondOfWork checks the schedule itself: no pause
// while the transactions since the last one add up to less than Every, one
// of Pause when they reach it, and fn's error passed through.
func TestPacerPausesAfterEverySecondOfWork(t *testing.T) {
	var pauses []time.Duration
	p := &jobs.Pacer{Every: 200 * time.Millisecond, Pause: 7 * time.Millisecond,
		Sleep: func(d time.Duration) { pauses = append(pauses, d) }}
	quick := func() error { return nil }
	for range 100 {
		_ = p.Run(quick)
	}
	if len(pauses) != 0 {
		t.Fatalf("quick transactions paused: %v", pauses)
	}
	_ = p.Run(func() error { time.Sleep(200 * time.Millisecond); return nil })
	if len(pauses) != 1 || pauses[0] != 7*time.Millisecond {
		t.Fatalf("after 200 ms of work: pauses %v, want one of 7ms", pauses)
	}
	_ = p.Run(quick)
	if len(pauses) != 1 {
		t.Fatalf("the count restarts after a pause: pauses %v", pauses)
	}
	boom := errors.New("boom")
	if err := p.Run(func() error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("Run returned %v, want fn's error", err)
	}
}
