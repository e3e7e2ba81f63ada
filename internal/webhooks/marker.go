package webhooks

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"
)

// outcome is what became of one claimed delivery, for the marker.
type outcome struct {
	c      claimed
	status string // the delivery's new status
	now    time.Time
	next   string // next_attempt_at when queued again; "" keeps it
	// result: last_status and last_error are set to code and err (a
	// delivery put back unposted keeps those of its previous attempt).
	result bool
	code   int
	err    string
	undo   bool // the claim does not count as an attempt

	posted     bool   // a post was attempted
	hookID     string // the endpoint, when it still exists
	delivered  bool
	failed     bool // counts towards the endpoint's failure run
	wasFailing bool // the endpoint had failing_since when it was read
}

// marker records outcomes many per transaction: a mark per delivery
// would be one more write transaction per event competing with the app's
// changes. It gathers for MarkDelay (or until Batch outcomes), then writes
// them together; a crash before that only means those deliveries are
// posted again when their lease ends (delivery is at least once).
type marker struct {
	w       *Worker
	in      chan outcome
	quit    chan struct{}
	done    chan struct{}
	once    sync.Once
	started bool
	// stopped is set, under mu, before the final drain: every outcome
	// handed over before it is in m.in and drained, every one after it
	// is written by add itself. room wakes an add waiting for space.
	stopped bool
	room    *sync.Cond
	writes  int64 // mark transactions committed (tests count them)
	mu      sync.Mutex
}

func newMarker(w *Worker) *marker {
	m := &marker{w: w, in: make(chan outcome, w.opts.Batch), quit: make(chan struct{}), done: make(chan struct{})}
	m.room = sync.NewCond(&m.mu)
	return m
}

func (m *marker) start() {
	m.once.Do(func() {
		m.mu.Lock()
		m.started = true
		m.mu.Unlock()
		go m.run()
	})
}

// add hands an outcome over, waiting while m.in is full; once the marker
// has stopped (a post that outlived a shutdown's deadline) it is written
// at once. The hand-over happens under mu, so none can slip in after the
// final drain and be left unread.
func (m *marker) add(o outcome) {
	m.mu.Lock()
	for !m.stopped {
		select {
		case m.in <- o:
			m.mu.Unlock()
			return
		default:
			m.room.Wait()
		}
	}
	m.mu.Unlock()
	m.write([]outcome{o})
}

// took wakes the adds waiting for room in m.in.
func (m *marker) took() {
	m.mu.Lock()
	m.room.Broadcast()
	m.mu.Unlock()
}

// finish stops the hand-overs and writes batch with every outcome left in m.in.
func (m *marker) finish(batch []outcome) {
	m.mu.Lock()
	m.stopped = true
	m.room.Broadcast()
	m.mu.Unlock()
	m.write(m.drain(batch))
}

// stop writes what is gathered and ends the marker, waiting until ctx ends.
func (m *marker) stop(ctx context.Context) error {
	m.mu.Lock()
	started := m.started
	m.mu.Unlock()
	if !started {
		return nil
	}
	select {
	case <-m.quit:
	default:
		close(m.quit)
	}
	select {
	case <-m.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("webhooks: results not recorded before the stop deadline: %w", ctx.Err())
	}
}

func (m *marker) run() {
	defer close(m.done)
	for {
		var batch []outcome
		select {
		case o := <-m.in:
			batch = append(batch, o)
		case <-m.quit:
			m.finish(nil)
			return
		}
		timer := time.NewTimer(m.w.opts.MarkDelay)
	gather:
		for len(batch) < m.w.opts.Batch {
			select {
			case o := <-m.in:
				batch = append(batch, o)
			case <-timer.C:
				break gather
			case <-m.quit:
				timer.Stop()
				m.finish(batch)
				return
			}
		}
		timer.Stop()
		m.took()
		m.write(batch)
	}
}

// drain appends the outcomes already handed over.
func (m *marker) drain(batch []outcome) []outcome {
	for {
		select {
		case o := <-m.in:
			batch = append(batch, o)
		default:
			return batch
		}
	}
}

// write records batch in one statement ([markAll]), then each endpoint's failure
// run from its last outcome in the batch.
func (m *marker) write(batch []outcome) {
	if len(batch) == 0 {
		return
	}
	log := m.w.opts.Logger
	m.w.requests.Yield(context.Background(), m.w.opts.YieldMax)
	rows := make([]markRow, len(batch))
	for i, o := range batch {
		rows[i] = o.row()
	}
	rowsJSON, err := json.Marshal(rows)
	if err == nil {
		err = markAll(m.w.app, batch, rowsJSON, log)
	}
	if err != nil {
		log.Error("webhooks: could not record the results", "deliveries", len(batch), "error", err)
		return
	}
	m.mu.Lock()
	m.writes++
	m.mu.Unlock()
	last := map[string]outcome{}
	var order []string
	recovering := map[string]bool{}
	for _, o := range batch {
		if o.hookID == "" || !(o.delivered || o.failed) {
			continue
		}
		if _, seen := last[o.hookID]; !seen {
			order = append(order, o.hookID)
		}
		last[o.hookID] = o
		recovering[o.hookID] = recovering[o.hookID] || o.wasFailing || o.failed
	}
	for _, id := range order {
		o := last[id]
		var err error
		switch {
		case o.failed:
			err = m.w.failing(id, o.now)
		case recovering[id]:
			err = m.w.recovered(id)
		}
		if err != nil {
			log.Error("webhooks: could not record the endpoint's state", "webhook", id, "error", err)
		}
	}
}
