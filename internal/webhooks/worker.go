package webhooks

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/netip"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/jobs"
)

// Options tune a [Worker]; zero values take the defaults.
type Options struct {
	Concurrency int           // parallel posts (default 8)
	Interval    time.Duration // idle poll for retries and expired leases (default 30 s)
	Lease       time.Duration // how long a claim is exclusive (default 2 min; above Timeout)
	Timeout     time.Duration // one post, connect to last byte read (default 10 s)
	FailWindow  time.Duration // an endpoint failing this long is deactivated (default 5 days)
	// AllowPrivate turns the SSRF guard off (WEBHOOK_ALLOW_PRIVATE).
	AllowPrivate bool
	// LookupIP resolves host names instead of the system resolver (tests).
	LookupIP func(ctx context.Context, host string) ([]netip.Addr, error)
	Now      func() time.Time
	Jitter   func() float64 // in [0,1)
	Logger   *slog.Logger   // default app.Logger()
	// OnDeactivated is told about every endpoint deactivated (monitoring).
	OnDeactivated func(webhookID string)
}

func (o *Options) defaults() {
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	if o.Interval <= 0 {
		o.Interval = 30 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.Lease <= o.Timeout {
		o.Lease = max(2*time.Minute, 2*o.Timeout)
	}
	if o.FailWindow <= 0 {
		o.FailWindow = 5 * 24 * time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Jitter == nil {
		o.Jitter = rand.Float64
	}
}

// Worker posts queued deliveries. Like the outbox it runs on a
// [jobs.Loop]: a claim leases rows in one conditional UPDATE, so no two
// workers post the same delivery while its lease holds, and a crashed
// worker's rows come back when the lease ends. Delivery is at least once;
// receivers deduplicate on webhook-id.
type Worker struct {
	app    core.App
	opts   Options
	client *http.Client
	loop   *jobs.Loop[claimed]
}

// claimed is one delivery taken by a claim.
type claimed struct {
	ID         string        `db:"id"`
	Webhook    string        `db:"webhook"`
	Event      string        `db:"event"`
	MsgID      string        `db:"msg_id"`
	Payload    types.JSONRaw `db:"payload"`
	Attempts   int           `db:"attempts"`
	LeaseUntil string        `db:"lease_until"`
}

// NewWorker returns a stopped worker for app.
func NewWorker(app core.App, opts Options) *Worker {
	opts.defaults()
	if opts.Logger == nil {
		opts.Logger = app.Logger()
	}
	w := &Worker{app: app, opts: opts, client: newClient(opts)}
	w.loop = &jobs.Loop[claimed]{
		Name:        "webhooks",
		Concurrency: opts.Concurrency,
		Interval:    opts.Interval,
		Claim:       w.claim,
		Process:     w.process,
		Logger:      opts.Logger,
	}
	return w
}

// Start begins posting; deliveries left queued by an earlier run go out at once.
func (w *Worker) Start() { w.loop.Start() }

// Wake makes the worker claim now, e.g. right after a commit that queued one.
func (w *Worker) Wake() { w.loop.Wake() }

// Stop stops claiming and lets in-flight posts finish until ctx ends.
func (w *Worker) Stop(ctx context.Context) error { return w.loop.Stop(ctx) }

// Running reports whether the worker loop is alive.
func (w *Worker) Running() bool { return w.loop.Running() }

// InFlight is the number of posts under way.
func (w *Worker) InFlight() int { return w.loop.InFlight() }

func dbTime(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }

// claim leases up to max due deliveries of active endpoints (pings go to
// inactive ones too): queued ones whose time has come and sending ones
// whose lease expired. The attempt is counted here, so a delivery that
// crashes its worker every time still ends.
func (w *Worker) claim(_ context.Context, max int) ([]claimed, error) {
	now := w.opts.Now()
	var rows []claimed
	err := w.app.DB().NewQuery(`
		UPDATE webhook_deliveries
		SET status = 'sending', lease_until = {:lease}, attempts = attempts + 1, updated = {:now}
		WHERE id IN (
			SELECT d.id FROM webhook_deliveries d JOIN webhooks h ON h.id = d.webhook
			WHERE (h.active OR d.event = 'ping')
			  AND ((d.status = 'queued' AND d.next_attempt_at <= {:now})
			    OR (d.status = 'sending' AND d.lease_until <= {:now}))
			ORDER BY d.next_attempt_at, d.created
			LIMIT {:max})
		AND (status = 'queued' OR (status = 'sending' AND lease_until <= {:now}))
		RETURNING id, webhook, event, msg_id, payload, attempts, lease_until`).
		Bind(dbx.Params{"now": dbTime(now), "lease": dbTime(now.Add(w.opts.Lease)), "max": max}).
		All(&rows)
	if err != nil {
		return nil, fmt.Errorf("webhooks: claim: %w", err)
	}
	return rows, nil
}

// mark records an outcome, but only while the claim is still ours: if the
// lease ran out and another worker took the row, that worker decides.
func (w *Worker) mark(c claimed, set string, p dbx.Params) error {
	p["id"], p["lease"] = c.ID, c.LeaseUntil
	res, err := w.app.DB().NewQuery(`UPDATE webhook_deliveries SET ` + set + ` lease_until = '', updated = {:now}
		WHERE id = {:id} AND status = 'sending' AND lease_until = {:lease}`).Bind(p).Execute()
	if err != nil {
		return fmt.Errorf("webhooks: mark: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		w.opts.Logger.Warn("webhooks: lease lost before the result was recorded", "delivery", c.ID)
	}
	return nil
}
