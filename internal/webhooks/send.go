package webhooks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/pocketbase/pocketbase/tools/types"
)

// maxResponse is how much of a response is read (and thrown away), so a
// receiver cannot keep a worker busy with an endless body.
const maxResponse = 64 << 10

// newClient is the HTTP client of the deliveries: no proxy (an environment
// proxy would see every payload), redirects not followed (a 3xx is a
// failure: a redirect could point anywhere, past the guard's intent), the
// SSRF guard on every connect, and one timeout over the whole exchange.
func newClient(o Options) *http.Client {
	return &http.Client{
		Timeout: o.Timeout,
		Transport: &http.Transport{
			Proxy:                 nil,
			DialContext:           dialer(o.AllowPrivate, o.LookupIP),
			ForceAttemptHTTP2:     true,
			TLSHandshakeTimeout:   o.Timeout,
			ResponseHeaderTimeout: o.Timeout,
			// As many as the worker's posts, idle or not: endpoints may
			// share a host, a connection beyond the idle limit would be
			// closed when its post ends (to be opened again by the next
			// burst), and a post that starts just before the last one's
			// connection is back waits for it rather than dialling.
			MaxIdleConnsPerHost: o.Concurrency,
			MaxConnsPerHost:     o.Concurrency,
			IdleConnTimeout:     90 * time.Second,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// post sends one attempt, signed with the endpoint's current secret (a
// rotated secret signs from the next attempt on), and returns the response
// status, 0 when none came.
func (w *Worker) post(ctx context.Context, c claimed, endpoint, secret string) (int, error) {
	ts := w.opts.Now().Unix()
	sig, err := Sign(secret, c.MsgID, ts, c.Payload)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(c.Payload))
	if err != nil {
		return 0, fmt.Errorf("webhooks: request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "memberbase-webhooks")
	req.Header.Set("webhook-id", c.MsgID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("webhook-signature", sig)
	resp, err := w.client.Do(req)
	if err != nil {
		return 0, plainError(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponse))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("the endpoint answered %s", resp.Status)
	}
	return resp.StatusCode, nil
}

// errEndpointGone fails a delivery whose endpoint could not be read.
var errEndpointGone = errors.New("the endpoint could not be read")

// plainError drops the URL from a client error: its query may hold a
// receiver's token, which has no place in last_error or the logs.
func plainError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

// process posts one claimed delivery and returns its outcome for the
// marker. It waits for a slot of the delivery's endpoint, then for a post
// slot, so one endpoint never holds more than PerEndpoint of them. A
// delivery whose endpoint started cooling down while it waited, or whose
// lease is too short for a post, goes back to the queue unposted.
func (w *Worker) process(ctx context.Context, c claimed) outcome {
	ep := w.endpoints.get(c.Webhook)
	select {
	case ep.slots <- struct{}{}:
	case <-ctx.Done():
		return requeue(c, w.opts.Now(), w.opts.Now())
	}
	defer func() { <-ep.slots }()
	select {
	case w.posts <- struct{}{}:
	case <-ctx.Done():
		return requeue(c, w.opts.Now(), w.opts.Now())
	}
	defer func() { <-w.posts }()

	now := w.opts.Now()
	if until, cooling := w.endpoints.coolingUntil(c.Webhook, now); cooling {
		return requeue(c, until, now)
	}
	if lease, err := types.ParseDateTime(c.LeaseUntil); err == nil && now.Add(w.opts.Timeout).After(lease.Time()) {
		return requeue(c, now, now)
	}
	err := errEndpointGone
	var code int
	if c.Found {
		code, err = w.post(ctx, c, c.URL, c.Secret)
	}
	now = w.opts.Now()
	o := outcome{c: c, posted: c.Found, now: now, result: true, code: code}
	if c.Found {
		o.hookID, o.wasFailing = c.Webhook, c.WasFailing
	}
	if err == nil {
		w.endpoints.succeeded(c.Webhook)
		o.delivered, o.status = true, StatusDelivered
		w.opts.Logger.Info("webhooks: delivered", "delivery", c.ID, "event", c.Event, "attempts", c.Attempts)
		return o
	}
	if c.Found {
		w.endpoints.failed(c.Webhook, now)
		o.failed = c.Event != EventPing
	}
	o.err = truncate(err.Error())
	if wait, ok := Backoff(c.Attempts, w.opts.Jitter()); ok {
		o.status, o.next = StatusQueued, dbTime(now.Add(wait))
		w.opts.Logger.Warn("webhooks: post failed, will retry", "delivery", c.ID, "event", c.Event, "attempts", c.Attempts, "retry_at", o.next, "error", o.err)
	} else {
		o.status = StatusFailed
		w.opts.Logger.Error("webhooks: delivery failed for good", "delivery", c.ID, "event", c.Event, "attempts", c.Attempts, "error", o.err)
	}
	return o
}

// requeue is the outcome of a delivery not posted: queued again for at,
// its claim not counted as an attempt.
func requeue(c claimed, at, now time.Time) outcome {
	return outcome{c: c, now: now, status: StatusQueued, next: dbTime(at), undo: true}
}

// truncate bounds an error for last_error (the field's limit).
func truncate(s string) string {
	if len(s) > 2000 {
		return s[:2000]
	}
	return s
}
