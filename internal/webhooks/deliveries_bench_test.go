package webhooks_test

import (
	"fmt"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// BenchmarkWebhookDeliveries measures how fast the worker, with its
// default concurrency, posts queued deliveries to a fast local receiver
// and marks them delivered (SPEC §12: at least 500 deliveries/s). Each
// round queues n member.created deliveries in one transaction, then
// times the worker from Start until the receiver has them all and Stop
// has returned (the last marks written), and the CPU time it took. The SSRF guard is off, as with
// WEBHOOK_ALLOW_PRIVATE, so that the loopback receiver is reachable.
//
//	go test -run '^$' -bench WebhookDeliveries -benchtime 3x ./internal/webhooks/
func BenchmarkWebhookDeliveries(b *testing.B) {
	const n = 400
	app, _ := testapp.New(b, map[string]string{"LOG_LEVEL": "error"})
	rcv := newReceiver(b, http.StatusNoContent)
	addEndpoint(b, app, rcv.URL+"/hook", webhooks.EventMemberCreated)
	var sending, cpu time.Duration
	round := 0
	for b.Loop() {
		round++
		err := app.RunInTransaction(func(tx core.App) error {
			for i := range n {
				id := fmt.Sprintf("r%d-%d", round, i)
				if _, err := webhooks.Queue(tx, webhooks.EventMemberCreated, map[string]any{"id": id, "member_id": id}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		w := webhooks.NewWorker(app, webhooks.Options{AllowPrivate: true, Interval: time.Hour})
		t0, cpu0 := time.Now(), cpuTime(b)
		w.Start()
		for len(rcv.requests()) < round*n {
			time.Sleep(time.Millisecond)
		}
		if err := w.Stop(b.Context()); err != nil {
			b.Fatal(err)
		}
		sending += time.Since(t0)
		cpu += cpuTime(b) - cpu0
	}
	total, err := app.CountRecords(webhooks.DeliveriesCollection, dbx.HashExp{"status": webhooks.StatusDelivered})
	if err != nil {
		b.Fatal(err)
	}
	if int(total) != round*n {
		b.Fatalf("%d of %d deliveries marked delivered", total, round*n)
	}
	b.ReportMetric(float64(round*n)/sending.Seconds(), "deliveries/s")
	// The process's CPU time per delivery (worker and receiver) moves
	// far less with the shared machine's load than the wall clock.
	b.ReportMetric(float64(cpu.Microseconds())/float64(round*n), "cpu-µs/delivery")
}

// cpuTime is the CPU time the process used so far (user and system).
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
