package hooks_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// BenchmarkMemberCreateWithWebhook compares a staff REST create of a member
// with no webhook endpoint and with one active endpoint subscribed to
// member.created (SPEC §12: ≥ 0.9× without): the delivery row is written
// in the create's transaction and the app's own worker posts it to a
// local receiver meanwhile, as in production (the SSRF guard off, as with
// WEBHOOK_ALLOW_PRIVATE, for the loopback receiver). one_webhook_paused
// stops the app's workers, so its rows stay queued: it tells the cost of
// queueing in the create's transaction from the cost of the worker's
// claims, posts and marks competing for the cores and the writer.
//
//	go test -run '^$' -bench MemberCreateWithWebhook ./hooks/
func BenchmarkMemberCreateWithWebhook(b *testing.B) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	for _, c := range []struct {
		name  string
		hook  bool
		pause bool
	}{{"no_webhook", false, false}, {"one_webhook", true, false}, {"one_webhook_paused", true, true}} {
		b.Run(c.name, func(b *testing.B) {
			app, _ := testapp.New(b, map[string]string{"LOG_LEVEL": "error", "RATE_LIMIT": "off", "WEBHOOK_ALLOW_PRIVATE": "true"})
			if c.hook {
				saveEndpoint(b, app, receiver(b).URL+"/hook")
			}
			tok := newStaff(b, app, "bench@staff.example.org", "editor")
			base := testapp.Serve(b, app).URL
			if c.pause {
				testapp.PauseWorkers(b, app)
			}
			var i atomic.Int64
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					email := fmt.Sprintf("new%d@example.org", i.Add(1))
					body := `{"first_name":"Ada","last_name":"Lovelace","status":"active","email":"` + email + `"}`
					req, _ := http.NewRequest("POST", base+membersURL, strings.NewReader(body))
					req.Header.Set("Authorization", tok)
					req.Header.Set("Content-Type", "application/json")
					res, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != http.StatusOK {
						b.Errorf("create: %d", res.StatusCode)
						return
					}
				}
			})
			b.StopTimer()
			queued, err := app.CountRecords(webhooks.DeliveriesCollection)
			if err != nil {
				b.Fatal(err)
			}
			if want := map[bool]int64{true: i.Load()}[c.hook]; queued != want {
				b.Fatalf("%d deliveries queued for %d creates, want %d", queued, i.Load(), want)
			}
		})
	}
}

// receiver is a fast local webhook endpoint answering 204.
func receiver(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusNoContent)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// saveEndpoint saves an active endpoint for url subscribed to member.created.
func saveEndpoint(b *testing.B, app core.App, url string) {
	col, err := app.FindCollectionByNameOrId(webhooks.Collection)
	if err != nil {
		b.Fatal(err)
	}
	h := core.NewRecord(col)
	h.Set("url", url)
	h.Set("events", []string{webhooks.EventMemberCreated})
	h.Set("active", true)
	if err := app.Save(h); err != nil {
		b.Fatal(err)
	}
}
