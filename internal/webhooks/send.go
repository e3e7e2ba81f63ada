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

	"github.com/pocketbase/dbx"
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
			MaxIdleConnsPerHost:   4,
			IdleConnTimeout:       90 * time.Second,
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

// plainError drops the URL from a client error: its query may hold a
// receiver's token, which has no place in last_error or the logs.
func plainError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

// process posts one claimed delivery and records the outcome.
func (w *Worker) process(ctx context.Context, c claimed) {
	hook, err := w.app.FindRecordById(Collection, c.Webhook)
	var code int
	if err == nil {
		code, err = w.post(ctx, c, hook.GetString("url"), hook.GetString("secret"))
	}
	now := w.opts.Now()
	p := dbx.Params{"now": dbTime(now), "code": code}
	var markErr error
	if err == nil {
		markErr = w.mark(c, `status = 'delivered', delivered_at = {:now}, last_status = {:code}, last_error = '',`, p)
		w.opts.Logger.Info("webhooks: delivered", "delivery", c.ID, "event", c.Event, "attempts", c.Attempts)
		if hook != nil && !hook.GetDateTime("failing_since").IsZero() {
			markErr = errors.Join(markErr, w.recovered(hook.Id))
		}
	} else {
		p["err"] = truncate(err.Error())
		if wait, ok := Backoff(c.Attempts, w.opts.Jitter()); ok {
			p["next"] = dbTime(now.Add(wait))
			markErr = w.mark(c, `status = 'queued', next_attempt_at = {:next}, last_status = {:code}, last_error = {:err},`, p)
			w.opts.Logger.Warn("webhooks: post failed, will retry", "delivery", c.ID, "event", c.Event, "attempts", c.Attempts, "retry_at", p["next"], "error", p["err"])
		} else {
			markErr = w.mark(c, `status = 'failed', last_status = {:code}, last_error = {:err},`, p)
			w.opts.Logger.Error("webhooks: delivery failed for good", "delivery", c.ID, "event", c.Event, "attempts", c.Attempts, "error", p["err"])
		}
		if hook != nil && c.Event != EventPing {
			markErr = errors.Join(markErr, w.failing(hook.Id, now))
		}
	}
	if markErr != nil {
		w.opts.Logger.Error("webhooks: could not record the result", "delivery", c.ID, "error", markErr)
	}
}

// truncate bounds an error for last_error (the field's limit).
func truncate(s string) string {
	if len(s) > 2000 {
		return s[:2000]
	}
	return s
}
