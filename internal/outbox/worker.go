package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/mail"
	"sync/atomic"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/jobs"
)

// Options tune a [Worker]; zero values take the defaults.
type Options struct {
	Concurrency int           // parallel SMTP sends (default 8)
	Batch       int           // transactional rows leased per claim (default 32)
	Interval    time.Duration // idle poll for retries and expired leases (default 30 s, jobs.Loop's)
	Lease       time.Duration // how long a claim is exclusive (default 5 min)
	SendTimeout time.Duration // one SMTP send (default 60 s; must stay below Lease)
	MaxAttempts int           // then failed (default 8)
	Now         func() time.Time
	Jitter      func() float64 // in [0,1)
	Logger      *slog.Logger   // default app.Logger()
	// OnFailed is told about every mail that failed for good (monitoring).
	OnFailed func(id, kind string)
	// BulkRate bounds bulk sends (announcements); zero is unlimited.
	// Transactional mail is never limited.
	BulkRate Rate
}

func (o *Options) defaults() {
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	if o.Batch <= 0 {
		o.Batch = 32
	}
	if o.Lease <= 0 {
		o.Lease = 5 * time.Minute
	}
	if o.SendTimeout <= 0 || o.SendTimeout >= o.Lease {
		o.SendTimeout = min(time.Minute, o.Lease/2)
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Jitter == nil {
		o.Jitter = rand.Float64
	}
}

// Worker sends queued outbox rows. It runs on a [jobs.Loop]: claims take a
// lease in one conditional UPDATE, so two workers (or a restarted one) never
// send the same row while its lease holds, and a crashed worker's rows come
// back when the lease ends. Delivery is at least once.
type Worker struct {
	app  core.App
	opts Options
	loop *jobs.Loop[[]claimed]
	bulk *bulkBudget
	// sends bounds the SMTP conversations at once (Options.Concurrency);
	// pending counts the rows claimed and not yet finished, in all batches.
	sends   chan struct{}
	pending atomic.Int64
	// capWake is set when a claim left bulk rows behind because the sends
	// were full: the next row to finish wakes the loop.
	capWake atomic.Bool
	// stopping is set by Stop: batches start no more sends.
	stopping atomic.Bool
	// marks writes the send results, many per transaction ([groupCommit]).
	marks *groupCommit[markRequest]
	// rateWake is set while a wake-up is pending for the moment the bulk
	// budget frees, so a rate-limited drain does not wait for the idle poll.
	rateWake atomic.Bool
}

// claimed is one row taken by a claim.
type claimed struct {
	ID         string `db:"id"`
	Recipient  string `db:"recipient"`
	Subject    string `db:"subject"`
	Text       string `db:"text_body"`
	HTML       string `db:"html_body"`
	Kind       string `db:"kind"`
	Attempts   int    `db:"attempts"`
	LeaseUntil string `db:"lease_until"`
	Headers    string `db:"headers"`
}

// NewWorker returns a stopped worker for app.
func NewWorker(app core.App, opts Options) *Worker {
	opts.defaults()
	if opts.Logger == nil {
		opts.Logger = app.Logger()
	}
	w := &Worker{app: app, opts: opts, bulk: &bulkBudget{rate: opts.BulkRate}}
	w.marks = &groupCommit[markRequest]{max: markBatch, commit: w.commitMarks}
	w.sends = make(chan struct{}, opts.Concurrency)
	w.loop = &jobs.Loop[[]claimed]{
		Name:        "outbox",
		Concurrency: batchesInFlight,
		Interval:    opts.Interval,
		Claim:       w.claimBatches,
		Process:     w.processBatch,
		Logger:      opts.Logger,
	}
	return w
}

// Start begins sending; rows left queued by an earlier run go out at once.
func (w *Worker) Start() { w.loop.Start() }

// Wake makes the worker claim now, e.g. right after a commit that queued mail.
func (w *Worker) Wake() { w.loop.Wake() }

// Stop stops claiming and lets in-flight sends finish until ctx ends; the
// claimed rows not yet being sent go back to the queue.
func (w *Worker) Stop(ctx context.Context) error {
	w.stopping.Store(true)
	return w.loop.Stop(ctx)
}

// Running reports whether the worker loop is alive.
func (w *Worker) Running() bool { return w.loop.Running() }

func dbTime(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }

// claimSQL is the claim's one statement for one priority lane (its query
// plan is tested). Each kind is taken in its own LIMITed subquery: one
// WHERE with an OR made SQLite collect and sort every due row, the whole
// backlog, per claim; this way the rows are read in the order of
// idx_email_outbox_claim (status, priority, next_attempt_at, created) and
// the read stops after max. The unary + keeps SQLite from scanning that
// index again for the outer re-check instead of looking the few ids up.
const claimSQL = `
		UPDATE email_outbox
		SET status = 'sending', lease_until = {:lease}, attempts = attempts + 1, updated = {:now}
		WHERE id IN (
			SELECT id FROM (
				SELECT * FROM (SELECT id, next_attempt_at, created FROM email_outbox
					WHERE status = 'queued' AND priority = {:priority} AND next_attempt_at <= {:now}
					ORDER BY next_attempt_at, created LIMIT {:max})
				UNION ALL
				SELECT * FROM (SELECT id, next_attempt_at, created FROM email_outbox
					WHERE status = 'sending' AND priority = {:priority} AND lease_until <= {:now}
					ORDER BY next_attempt_at, created LIMIT {:max}))
			ORDER BY next_attempt_at, created
			LIMIT {:max})
		AND (+status = 'queued' OR (+status = 'sending' AND lease_until <= {:now}))
		RETURNING id, recipient, subject, text_body, html_body, kind, attempts, lease_until, COALESCE(headers, '') AS headers`

// claim leases up to max due rows: queued ones whose retry time has come,
// and sending ones whose lease expired (their worker died). Transactional
// rows come first; bulk rows fill the remaining slots only within the bulk
// rate and the free send slots (Concurrency less the rows already claimed),
// so an announcement never delays a join confirmation by more than the
// sends already in flight. The attempt is counted here, so a mail that
// crashes its worker every time still ends.
func (w *Worker) claim(_ context.Context, max int) ([]claimed, error) {
	now := w.opts.Now()
	rows, err := w.claimLane(now, PriorityTransactional, max)
	if err != nil || len(rows) == max {
		return rows, err
	}
	n := max - len(rows)
	if free := w.opts.Concurrency - int(w.pending.Load()) - len(rows); free < n {
		n = free
		w.capWake.Store(true)
	}
	limited := false
	if budget := w.bulk.available(now); budget >= 0 && budget < n {
		n, limited = budget, true
	}
	var bulk []claimed
	if n > 0 {
		bulk, err = w.claimLane(now, PriorityBulk, n)
		w.bulk.spend(now, len(bulk))
	}
	if limited {
		w.wakeWhenBudgetFrees(now)
	}
	return append(rows, bulk...), err
}

// wakeWhenBudgetFrees wakes the loop when the bulk budget next frees, at
// most one pending wake-up at a time.
func (w *Worker) wakeWhenBudgetFrees(now time.Time) {
	d, ok := w.bulk.nextFree(now)
	if !ok || !w.rateWake.CompareAndSwap(false, true) {
		return
	}
	time.AfterFunc(d, func() {
		w.rateWake.Store(false)
		w.loop.Wake()
	})
}

// claimLane leases up to max due rows of one priority, oldest due first.
func (w *Worker) claimLane(now time.Time, priority, max int) ([]claimed, error) {
	var rows []claimed
	err := w.app.DB().NewQuery(claimSQL).
		Bind(dbx.Params{"now": dbTime(now), "lease": dbTime(now.Add(w.opts.Lease)), "max": max, "priority": priority}).
		All(&rows)
	if err != nil {
		return nil, fmt.Errorf("outbox: claim: %w", err)
	}
	return rows, nil
}

// record writes the result of one send (err nil: sent).
func (w *Worker) record(c claimed, err error) {
	now := w.opts.Now()
	var markErr error
	switch {
	case err == nil:
		markErr = w.mark(c, `status = 'sent', sent_at = {:now}, last_error = '',`+clearSensitive, dbx.Params{"now": dbTime(now)})
		w.opts.Logger.Info("outbox: mail sent", "id", c.ID, "kind", c.Kind, "attempts", c.Attempts)
	case c.Attempts >= w.opts.MaxAttempts:
		msg := redactError(err)
		markErr = w.mark(c, `status = 'failed', last_error = {:err},`+clearSensitive, dbx.Params{"now": dbTime(now), "err": msg})
		w.opts.Logger.Error("outbox: mail failed for good", "id", c.ID, "kind", c.Kind, "attempts", c.Attempts, "error", msg)
		if w.opts.OnFailed != nil {
			w.opts.OnFailed(c.ID, c.Kind)
		}
	default:
		next := now.Add(Backoff(c.Attempts, w.opts.Jitter()))
		msg := redactError(err)
		markErr = w.mark(c, `status = 'queued', next_attempt_at = {:next}, last_error = {:err},`,
			dbx.Params{"now": dbTime(now), "next": dbTime(next), "err": msg})
		w.opts.Logger.Warn("outbox: send failed, will retry", "id", c.ID, "kind", c.Kind, "attempts", c.Attempts, "retry_at", next, "error", msg)
	}
	if markErr != nil {
		w.opts.Logger.Error("outbox: could not record the send result", "id", c.ID, "error", markErr)
	}
}

// clearSensitive empties the bodies of sensitive mails in the same UPDATE
// that records the final outcome, and the recipient and subject too of rows
// marked redact (an erased person's mails that were being sent when the
// erasure ran, and the deletion-completed mail).
const clearSensitive = `
	recipient = CASE WHEN redact THEN '' ELSE recipient END,
	subject = CASE WHEN redact THEN '' ELSE subject END,
	text_body = CASE WHEN sensitive OR redact THEN '' ELSE text_body END,
	html_body = CASE WHEN sensitive OR redact THEN '' ELSE html_body END,
	headers = CASE WHEN redact THEN NULL ELSE headers END,`

// send hands one message to PocketBase's mailer, so OnMailerSend hooks and
// the SMTP settings apply, and waits for it. The mailer hooks install for
// SMTP ([NewSMTPMailer]) gets ctx through [sendContext]: its deadline,
// SendTimeout, bounds the whole SMTP conversation, and ctx's cancellation
// (a shutdown that ran out of time) closes the connection. So a send either
// finishes or fails within SendTimeout, and none is left running behind a
// retry: a server that answers late cannot receive the mail twice.
func (w *Worker) send(ctx context.Context, c claimed) error {
	s := w.app.Settings()
	msg := &mailer.Message{
		From:    mail.Address{Name: s.Meta.SenderName, Address: s.Meta.SenderAddress},
		To:      []mail.Address{{Address: c.Recipient}},
		Subject: c.Subject,
		Text:    c.Text,
		HTML:    c.HTML,
		Headers: map[string]string{"Auto-Submitted": "auto-generated"},
	}
	if c.Text == "" && c.HTML == "" {
		return errors.New("the message body was cleared; it cannot be sent")
	}
	if c.Headers != "" && c.Headers != "null" {
		var extra map[string]string
		if err := json.Unmarshal([]byte(c.Headers), &extra); err != nil {
			return fmt.Errorf("the stored headers are not valid: %w", err)
		}
		for k, v := range extra {
			msg.Headers[k] = v
		}
	}
	ctx, cancel := context.WithTimeout(ctx, w.opts.SendTimeout)
	defer cancel()
	defer withSendContext(w.app, msg, ctx)()
	return w.app.NewMailClient().Send(msg)
}
