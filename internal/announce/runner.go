package announce

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/audit"
)

// Step does the announcements' background work once: scheduled ones that
// are due start sending; sending ones are expanded batch by batch into the
// outbox, their counts refreshed, and marked sent once every row has an
// outcome. It stops between batches when ctx ends; the cursor resumes.
func (s *Service) Step(ctx context.Context, app core.App) error {
	due, err := app.FindRecordsByFilter(Collection, "status = {:s} && (send_at = '' || send_at <= {:now})", "created", 0, 0,
		dbx.Params{"s": StatusScheduled, "now": dbTime(s.now())})
	if err != nil {
		return fmt.Errorf("announce: step: %w", err)
	}
	for _, a := range due {
		a.Set("status", StatusSending)
		if err := app.SaveWithContext(systemActor(), a); err != nil {
			return fmt.Errorf("announce: start sending: %w", err)
		}
	}
	sending, err := app.FindRecordsByFilter(Collection, "status = {:s}", "created", 0, 0, dbx.Params{"s": StatusSending})
	if err != nil {
		return fmt.Errorf("announce: step: %w", err)
	}
	for _, a := range sending {
		if err := s.advance(ctx, app, a.Id); err != nil {
			return err
		}
	}
	return nil
}

// advance expands announcement id to the end, then records its progress.
func (s *Service) advance(ctx context.Context, app core.App, id string) error {
	for {
		if ctx.Err() != nil {
			return nil
		}
		done, err := s.ExpandBatch(app, id)
		if errors.Is(err, ErrNotSending) {
			return nil
		}
		if err != nil {
			return err
		}
		if done {
			break
		}
	}
	return app.RunInTransaction(func(tx core.App) error {
		a, err := tx.FindRecordById(Collection, id)
		if err != nil || a.GetString("status") != StatusSending {
			return err
		}
		c, err := CountsOf(tx, id)
		if err != nil {
			return err
		}
		if c.Pending > 0 {
			_, err := tx.DB().NewQuery(`UPDATE announcements SET sent_count = {:sent}, failed_count = {:failed} WHERE id = {:id}`).
				Bind(dbx.Params{"sent": c.Sent, "failed": c.Failed, "id": id}).Execute()
			return err
		}
		a.Set("sent_count", c.Sent)
		a.Set("failed_count", c.Failed)
		a.Set("status", StatusSent)
		return tx.SaveWithContext(systemActor(), a)
	})
}

func systemActor() context.Context {
	return audit.WithActor(context.Background(), audit.Actor{Type: audit.ActorSystem})
}

// Runner calls [Service.Step] every Interval and when woken, one step at a
// time, from Start until Stop.
type Runner struct {
	App      core.App
	Service  *Service
	Interval time.Duration
	Logger   *slog.Logger

	once    sync.Once
	wake    chan struct{}
	stop    chan struct{}
	done    chan struct{}
	cancel  context.CancelFunc
	running bool
	mu      sync.Mutex
}

// Start launches the runner; it steps at once.
func (r *Runner) Start() {
	r.once.Do(func() {
		if r.Interval <= 0 {
			r.Interval = 30 * time.Second
		}
		if r.Logger == nil {
			r.Logger = slog.Default()
		}
		r.wake, r.stop, r.done = make(chan struct{}, 1), make(chan struct{}), make(chan struct{})
		ctx, cancel := context.WithCancel(context.Background())
		r.cancel = cancel
		r.mu.Lock()
		r.running = true
		r.mu.Unlock()
		go r.run(ctx)
	})
}

func (r *Runner) run(ctx context.Context) {
	defer close(r.done)
	t := time.NewTicker(r.Interval)
	defer t.Stop()
	for {
		if err := r.Service.Step(ctx, r.App); err != nil {
			r.Logger.Error("announcements step failed", "error", err)
		}
		select {
		case <-r.stop:
			return
		case <-r.wake:
		case <-t.C:
		}
	}
}

// Wake asks for a step now (coalesced; never blocks; a no-op before Start).
func (r *Runner) Wake() {
	if r.wake == nil {
		return
	}
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Running reports whether the runner was started and not stopped.
func (r *Runner) Running() bool { r.mu.Lock(); defer r.mu.Unlock(); return r.running }

// Stop ends the runner: a step in progress stops after its current batch.
func (r *Runner) Stop(ctx context.Context) error {
	if r.stop == nil {
		return nil
	}
	r.mu.Lock()
	if !r.running {
		r.mu.Unlock()
		return nil
	}
	r.running = false
	r.mu.Unlock()
	close(r.stop)
	r.cancel()
	select {
	case <-r.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("announce: stop: %w", ctx.Err())
	}
}
