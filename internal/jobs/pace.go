package jobs

import "time"

// Pacer defaults: SQLite's busy handler, once a writer has waited about
// 300 ms, tries for the lock every 100 ms; a pause longer than that is sure to
// meet one of its tries.
const (
	DefaultPaceEvery = time.Second
	DefaultPacePause = 150 * time.Millisecond
)

// Pacer spaces the write transactions of a long bulk job (an import run from
// the CLI while `serve` answers on the same database) so writers in other
// processes get SQLite's write lock. A bulk writer that begins its next
// transaction right after each commit wins every race against a process that
// is sleeping in its busy handler, and that process's request fails with
// SQLITE_BUSY after busy_timeout. After each second of transactions the
// Pacer leaves the lock free for [DefaultPacePause], so another process waits
// about a second at most and then has the lock for a burst of its own
// transactions. It costs the bulk job about an eighth of its speed.
//
// Writers in the same process need none of this: PocketBase queues them on
// its single writer connection. The zero Pacer uses the defaults.
type Pacer struct {
	Every time.Duration // transaction time between pauses
	Pause time.Duration // lock-free time each pause leaves
	// Sleep replaces time.Sleep in tests.
	Sleep func(time.Duration)

	held time.Duration
}

// Run runs one write transaction fn, then pauses when the transactions since
// the last pause have held the lock for Every. It returns fn's error.
func (p *Pacer) Run(fn func() error) error {
	start := time.Now()
	err := fn()
	p.held += time.Since(start)
	every, pause := p.Every, p.Pause
	if every <= 0 {
		every = DefaultPaceEvery
	}
	if pause <= 0 {
		pause = DefaultPacePause
	}
	if p.held >= every {
		p.held = 0
		sleep := p.Sleep
		if sleep == nil {
			sleep = time.Sleep
		}
		sleep(pause)
	}
	return err
}
