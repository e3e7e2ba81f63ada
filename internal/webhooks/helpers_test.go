package webhooks_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/webhooks"
)

// clock is an injected time that tests move by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

// newClock starts a little ahead of the wall clock, so rows queued just
// before (at time.Now) are due.
func newClock() *clock {
	return &clock{now: time.Now().UTC().Add(2 * time.Second).Truncate(time.Second)}
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// received is one request a receiver got.
type received struct {
	Header http.Header
	Body   []byte
}

// receiver is a real HTTP endpoint that records what it gets and answers
// with status (200 by default).
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []received
	status int
}

func newReceiver(t testing.TB, status int) *receiver {
	t.Helper()
	r := &receiver{status: status}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, received{Header: req.Header.Clone(), Body: b})
		st := r.status
		r.mu.Unlock()
		w.WriteHeader(st)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

// addEndpoint saves an active endpoint for url subscribed to events.
func addEndpoint(t testing.TB, app core.App, url string, events ...string) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(webhooks.Collection)
	if err != nil {
		t.Fatal(err)
	}
	h := core.NewRecord(col)
	h.Set("url", url)
	h.Set("events", events)
	h.Set("active", true)
	h.Set("description", "test receiver")
	if err := app.Save(h); err != nil {
		t.Fatal(err)
	}
	return h
}

// newWorker returns a stopped worker on app with the test's clock and no
// jitter (the midpoint of the band: exact schedule delays).
func newWorker(app core.App, c *clock, opts webhooks.Options) *webhooks.Worker {
	opts.Now = c.Now
	opts.Jitter = func() float64 { return 0.5 }
	return webhooks.NewWorker(app, opts)
}

func drain(w *webhooks.Worker) int { return w.Drain(context.Background()) }

// delivery is the stored state of one delivery.
type delivery struct {
	ID          string `db:"id"`
	Webhook     string `db:"webhook"`
	Event       string `db:"event"`
	MsgID       string `db:"msg_id"`
	Payload     string `db:"payload"`
	Status      string `db:"status"`
	Attempts    int    `db:"attempts"`
	NextAttempt string `db:"next_attempt_at"`
	LastStatus  int    `db:"last_status"`
	LastError   string `db:"last_error"`
	DeliveredAt string `db:"delivered_at"`
}

func deliveries(t *testing.T, app core.App) []delivery {
	t.Helper()
	var out []delivery
	err := app.DB().NewQuery(`SELECT id, webhook, event, msg_id, COALESCE(payload, '') AS payload, status, attempts,
		next_attempt_at, last_status, last_error, delivered_at FROM webhook_deliveries ORDER BY rowid`).All(&out)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func setDelivery(t *testing.T, app core.App, id string, cols dbx.Params) {
	t.Helper()
	if _, err := app.DB().Update(webhooks.DeliveriesCollection, cols, dbx.HashExp{"id": id}).Execute(); err != nil {
		t.Fatal(err)
	}
}

// verify checks a request's Standard Webhooks signature the way a
// receiver would, written from the specification and not from our
// signing code: the key is the base64 after whsec_, the signed content is
// "id.timestamp.body", and the header lists space-separated "v1,<base64>".
func verify(t *testing.T, secret string, r received, now time.Time) {
	t.Helper()
	id, ts, sigs := r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp"), r.Header.Get("webhook-signature")
	if id == "" || ts == "" || sigs == "" {
		t.Fatalf("missing Standard Webhooks headers: %v", r.Header)
	}
	sec, ok := strings.CutPrefix(secret, "whsec_")
	if !ok {
		t.Fatalf("secret %q lacks whsec_", secret)
	}
	key, err := base64.StdEncoding.DecodeString(sec)
	if err != nil || len(key) != 32 {
		t.Fatalf("secret key: %d bytes, %v", len(key), err)
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "." + string(r.Body)))
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	matched := false
	for _, s := range strings.Fields(sigs) {
		v, sig, _ := strings.Cut(s, ",")
		if v == "v1" && hmac.Equal([]byte(sig), []byte(want)) {
			matched = true
		}
	}
	if !matched {
		t.Fatalf("signature %q does not verify (want v1,%s)", sigs, want)
	}
	if ts != fmtUnix(now) {
		t.Errorf("webhook-timestamp %s, want the send time %s", ts, fmtUnix(now))
	}
}

func fmtUnix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }
