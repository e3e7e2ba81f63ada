package webhooks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/netip"
	"slices"
	"sync/atomic"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/jobs"
)

// Options tune a [Worker]; zero values take the defaults.
type Options struct {
	Concurrency int // parallel posts (default 8)
	// PerEndpoint bounds the parallel posts to one endpoint (default half
	// of Concurrency), so a hanging endpoint never holds every slot.
	PerEndpoint int
	// Batch is the most deliveries one claim transaction takes (default
	// 64): posting concurrency is separate, so a burst costs few claims.
	Batch int
	// WakeGap is the least time between two claims caused by commits
	// (default 100 ms): a burst of events costs one claim per gap, while
	// an event after a quiet spell is claimed at once.
	WakeGap time.Duration
	// MarkDelay is how long the results of finished posts are gathered
	// before one transaction records them all (default 50 ms).
	MarkDelay time.Duration
	// YieldMax bounds how long a claim or a result write waits for
	// write requests in flight before it takes SQLite's writer (default
	// 20 ms; negative: no waiting; see yield).
	YieldMax   time.Duration
	Interval   time.Duration // idle poll for retries and expired leases (default: jobs.Loop's, 30 s)
	Lease      time.Duration // how long a claim is exclusive (default 2 min; above Timeout)
	Timeout    time.Duration // one post, connect to last byte read (default 10 s)
	FailWindow time.Duration // an endpoint failing this long is deactivated (default 5 days)
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
	if o.PerEndpoint <= 0 || o.PerEndpoint > o.Concurrency {
		o.PerEndpoint = max(1, o.Concurrency/2)
	}
	if o.Batch < o.Concurrency {
		o.Batch = max(64, o.Concurrency)
	}
	if o.WakeGap <= 0 {
		o.WakeGap = 100 * time.Millisecond
	}
	if o.MarkDelay <= 0 {
		o.MarkDelay = 50 * time.Millisecond
	}
	if o.YieldMax == 0 {
		o.YieldMax = 20 * time.Millisecond
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
//
// Every write competes with the app's own changes for SQLite's single
// writer, so the worker writes in batches: commits wake it at most once
// per WakeGap, a claim takes up to Batch deliveries, and the results are
// recorded by a [marker] many per transaction.
type Worker struct {
	app       core.App
	opts      Options
	client    *http.Client
	loop      *jobs.Loop[claimed]
	wake      *waker
	endpoints *endpoints
	posts     chan struct{} // the Concurrency post slots
	marks     *marker
	claims    atomic.Int64  // claim transactions run (tests count them)
	requests  jobs.InFlight // write requests in flight (see RequestStarted)
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
	// The endpoint as read right after the claim (one query per claim,
	// not per post): a rotated secret signs the deliveries claimed after.
	URL        string
	Secret     string
	WasFailing bool
	Found      bool
}

// endpointRow is the part of an endpoint a post needs.
type endpointRow struct {
	ID           string `db:"id"`
	URL          string `db:"url"`
	Secret       string `db:"secret"`
	FailingSince string `db:"failing_since"`
}

// NewWorker returns a stopped worker for app.
func NewWorker(app core.App, opts Options) *Worker {
	opts.defaults()
	if opts.Logger == nil {
		opts.Logger = app.Logger()
	}
	w := &Worker{app: app, opts: opts, client: newClient(opts),
		endpoints: newEndpoints(opts.PerEndpoint), posts: make(chan struct{}, opts.Concurrency)}
	w.marks = newMarker(w)
	// The loop's slots are the claimed deliveries not yet posted or
	// posting; the posts themselves take one of the Concurrency slots.
	w.loop = &jobs.Loop[claimed]{
		Name:        "webhooks",
		Concurrency: opts.Batch,
		Interval:    opts.Interval,
		Claim:       w.claim,
		Process:     func(ctx context.Context, c claimed) { w.marks.add(w.process(ctx, c)) },
		Logger:      opts.Logger,
	}
	w.wake = newWaker(opts.WakeGap, w.loop.Wake)
	return w
}

// Start begins posting; deliveries left queued by an earlier run go out at once.
func (w *Worker) Start() {
	w.marks.start()
	w.loop.Start()
}

// Wake makes the worker claim soon, e.g. right after a commit that queued
// one: at once when it has been quiet for WakeGap, else at the end of the
// gap, however many commits asked meanwhile.
func (w *Worker) Wake() { w.wake.wake() }

// Stop stops claiming, lets in-flight posts finish and records their
// results, until ctx ends.
func (w *Worker) Stop(ctx context.Context) error {
	w.wake.stop()
	err := w.loop.Stop(ctx)
	// The gathered results get a moment even when ctx ran out waiting for
	// the posts: one transaction, and what it misses comes back with its
	// lease (posted again: at least once).
	mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), markStopWait)
	defer cancel()
	return errors.Join(err, w.marks.stop(mctx))
}

// markStopWait bounds how long Stop waits for the last results to be recorded.
const markStopWait = 2 * time.Second

// Running reports whether the worker loop is alive.
func (w *Worker) Running() bool { return w.loop.Running() }

// InFlight is the number of claimed deliveries not yet recorded.
func (w *Worker) InFlight() int { return w.loop.InFlight() }

func dbTime(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }

// claimStatement leases up to {:max} due deliveries of active endpoints
// (pings go to inactive ones too) that are not cooling down after a
// failure: sending ones whose lease expired first (a crashed worker's,
// few), then queued ones whose time has come, earliest first. Each branch
// walks the due index in order and stops at the limit, and the rows are
// then updated by id (the +status keeps SQLite from scanning every queued
// row instead): a claim costs the same over a backlog of any length.
const claimStatement = `
	UPDATE webhook_deliveries
	SET status = 'sending', lease_until = {:lease}, attempts = attempts + 1, updated = {:now}
	WHERE id IN (
		SELECT id FROM (
			SELECT d.id FROM webhook_deliveries d JOIN webhooks h ON h.id = d.webhook
			WHERE d.status = 'sending' AND d.lease_until <= {:now} AND (h.active OR d.event = 'ping')
			  AND d.webhook NOT IN (SELECT value FROM json_each({:cooling}))
			LIMIT {:max})
		UNION ALL
		SELECT id FROM (
			SELECT d.id FROM webhook_deliveries d JOIN webhooks h ON h.id = d.webhook
			WHERE d.status = 'queued' AND d.next_attempt_at <= {:now} AND (h.active OR d.event = 'ping')
			  AND d.webhook NOT IN (SELECT value FROM json_each({:cooling}))
			ORDER BY d.next_attempt_at
			LIMIT {:max})
		LIMIT {:max})
	AND (+status = 'queued' OR (+status = 'sending' AND lease_until <= {:now}))
	RETURNING id, webhook, event, msg_id, payload, attempts, lease_until`

// claim runs claimStatement for up to max deliveries and reads their
// endpoints. The attempt is counted here, so a delivery that crashes its
// worker every time still ends.
func (w *Worker) claim(ctx context.Context, max int) ([]claimed, error) {
	w.requests.Yield(ctx, w.opts.YieldMax)
	w.claims.Add(1)
	now := w.opts.Now()
	var rows []claimed
	err := w.app.DB().NewQuery(claimStatement).
		Bind(dbx.Params{"now": dbTime(now), "lease": dbTime(now.Add(w.opts.Lease)), "max": max,
			"cooling": w.endpoints.cooling(now)}).
		All(&rows)
	if err != nil {
		return nil, fmt.Errorf("webhooks: claim: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	ids := make([]string, 0, 1)
	for _, r := range rows {
		if !slices.Contains(ids, r.Webhook) {
			ids = append(ids, r.Webhook)
		}
	}
	idsJSON, _ := json.Marshal(ids)
	var eps []endpointRow
	err = w.app.DB().NewQuery(`SELECT id, url, secret, failing_since FROM webhooks
		WHERE id IN (SELECT value FROM json_each({:ids}))`).Bind(dbx.Params{"ids": string(idsJSON)}).All(&eps)
	if err != nil {
		// The rows are leased: their posts fail and retry like any other.
		w.opts.Logger.Error("webhooks: reading the claimed deliveries' endpoints failed", "error", err)
	}
	for i := range rows {
		for _, ep := range eps {
			if ep.ID == rows[i].Webhook {
				rows[i].URL, rows[i].Secret, rows[i].Found = ep.URL, ep.Secret, true
				rows[i].WasFailing = ep.FailingSince != ""
			}
		}
	}
	return rows, nil
}
