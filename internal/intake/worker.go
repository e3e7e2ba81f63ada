package intake

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"regexp"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/jobs"
)

// MaxAttempts is how often a row is tried before it is left for an admin.
const MaxAttempts = 5

// Options tune a [Worker]; zero values take the defaults.
type Options struct {
	// Concurrency and Interval left zero take [jobs.Loop]'s defaults.
	Concurrency int           // transactions in flight at once (default 4: SQLite has one writer)
	Batch       int           // rows processed per transaction (default 32)
	Interval    time.Duration // idle poll for retries and expired leases (default 30 s)
	Lease       time.Duration // how long a claim is exclusive (default 2 min)
	// YieldMax bounds how long a batch waits for request-path submits in
	// flight before it takes SQLite's writer (default 20 ms; see yield).
	YieldMax time.Duration
	Quota    Quota
	Now      func() time.Time
	Jitter   func() float64 // in [0,1)
	Logger   *slog.Logger   // default app.Logger()
	// OnDead is told about every row that failed MaxAttempts times.
	OnDead func(id, kind string)
}

func (o *Options) defaults() {
	if o.Batch <= 0 {
		o.Batch = 32
	}
	if o.Lease <= 0 {
		o.Lease = 2 * time.Minute
	}
	if o.YieldMax <= 0 {
		o.YieldMax = 20 * time.Millisecond
	}
	o.Quota.defaults()
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Jitter == nil {
		o.Jitter = rand.Float64
	}
}

// Worker processes intake rows on a [jobs.Loop]. A claim takes a lease in
// one conditional UPDATE, so two workers (or a restarted one) never process
// the same row while its lease holds, and a crashed worker's rows come back
// when the lease ends.
type Worker struct {
	app  core.App
	opts Options
	loop *jobs.Loop[[]Item]
	rows atomic.Int64 // rows in flight (the loop counts batches)
	// requests counts the submits in flight on the request path ([Submit]),
	// which batches let go first ([jobs.InFlight.Yield]).
	requests jobs.InFlight
	mu       sync.RWMutex
	procs    map[string]Processor
}

// NewWorker returns a stopped worker for app. It needs a quota key.
func NewWorker(app core.App, opts Options) (*Worker, error) {
	opts.defaults()
	if len(opts.Quota.Key) < 16 {
		return nil, errors.New("intake: the quota key is missing or short")
	}
	if opts.Logger == nil {
		opts.Logger = app.Logger()
	}
	w := &Worker{app: app, opts: opts, procs: map[string]Processor{}}
	w.loop = &jobs.Loop[[]Item]{Name: "intake", Concurrency: opts.Concurrency, Interval: opts.Interval,
		Claim: w.claimBatches, Process: w.processBatch, Logger: opts.Logger}
	return w, nil
}

// Handle registers the processor of kind (before Start).
func (w *Worker) Handle(kind string, p Processor) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.procs[kind] = p
}

// Start begins processing; rows left by an earlier run are taken at once.
func (w *Worker) Start() { w.loop.Start() }

// Wake makes the worker claim now, e.g. right after a commit that submitted.
func (w *Worker) Wake() { w.loop.Wake() }

// Stop stops claiming and lets in-flight rows finish until ctx ends.
func (w *Worker) Stop(ctx context.Context) error { return w.loop.Stop(ctx) }

// Running reports whether the worker loop is alive (no SQL: /readyz).
func (w *Worker) Running() bool { return w.loop.Running() }

// Drain claims and processes every due row synchronously until none is left
// and returns how many it took: for tests and the CLI, alongside or instead
// of the loop (leases keep them apart).
func (w *Worker) Drain(ctx context.Context) (int, error) {
	total := 0
	for {
		items, err := w.claim(ctx, w.opts.Batch)
		if err != nil || len(items) == 0 {
			return total, err
		}
		w.processBatch(ctx, items)
		total += len(items)
	}
}

func dbTime(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }

// claimSQL is the claim's one statement (its query plan is tested).
const claimSQL = `
		UPDATE intake SET lease_until = {:lease}, attempts = attempts + 1, updated = {:now}
		WHERE id IN (
			SELECT id FROM intake
			WHERE attempts < {:maxAttempts} AND next_attempt_at <= {:now} AND lease_until <= {:now}
			ORDER BY next_attempt_at, created
			LIMIT {:max})
		AND attempts < {:maxAttempts} AND lease_until <= {:now}
		RETURNING id, kind, email, COALESCE(payload, 'null') AS payload, attempts, lease_until`

// claim leases up to max due rows: never-tried ones, retries whose time has
// come and rows whose lease expired (their worker died). The attempt is
// counted here, so a row that crashes its worker every time still ends.
func (w *Worker) claim(_ context.Context, max int) ([]Item, error) {
	now := w.opts.Now()
	var rows []Item
	err := w.app.DB().NewQuery(claimSQL).
		Bind(dbx.Params{"now": dbTime(now), "lease": dbTime(now.Add(w.opts.Lease)), "max": max, "maxAttempts": MaxAttempts}).
		All(&rows)
	if err != nil {
		return nil, fmt.Errorf("intake: claim: %w", err)
	}
	return rows, nil
}

// failed records a failed attempt: retried with backoff, or left dead
// (attempts at the maximum, last_error kept) for an admin to see.
func (w *Worker) failed(it Item, cause error) {
	now := w.opts.Now()
	msg := redactError(cause)
	next := now.Add(backoff(it.Attempts, w.opts.Jitter()))
	_, err := w.app.DB().NewQuery(`UPDATE intake SET lease_until = '', next_attempt_at = {:next},
		last_error = {:err}, updated = {:now} WHERE id = {:id} AND lease_until = {:lease}`).
		Bind(dbx.Params{"id": it.ID, "lease": it.LeaseUntil, "next": dbTime(next), "err": msg, "now": dbTime(now)}).Execute()
	if err != nil {
		w.opts.Logger.Error("intake: could not record a failed attempt", "id", it.ID, "error", err)
	}
	if it.Attempts >= MaxAttempts {
		w.opts.Logger.Error("intake: request failed for good", "id", it.ID, "kind", it.Kind, "attempts", it.Attempts, "error", msg)
		if w.opts.OnDead != nil {
			w.opts.OnDead(it.ID, it.Kind)
		}
		return
	}
	w.opts.Logger.Warn("intake: processing failed, will retry", "id", it.ID, "kind", it.Kind, "attempts", it.Attempts, "retry_at", next, "error", msg)
}

// backoff waits about 10 s, 40 s, 2.5 min, 10 min between attempts (±20 %).
func backoff(attempt int, j float64) time.Duration {
	d := 10 * time.Second
	for i := 1; i < attempt; i++ {
		d *= 4
	}
	return time.Duration(float64(d) * (0.8 + 0.4*j))
}

// addressPattern finds anything shaped like an address in an error.
var addressPattern = regexp.MustCompile(`[^\s<>"'(),;:]+@[^\s<>"'(),;:]+`)

func redactError(err error) string {
	s := addressPattern.ReplaceAllString(err.Error(), "[address]")
	if len(s) > 2000 {
		s = s[:2000]
	}
	return s
}
