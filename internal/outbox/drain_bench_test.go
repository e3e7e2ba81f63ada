package outbox_test

import (
	"fmt"
	"net/mail"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tools/mailer"

	"memberbase/internal/outbox"
)

// BenchmarkOutboxDrain measures how fast the worker drains the outbox to a
// fast local SMTP server (SPEC §12: at least 200 messages/s), side by side
// with the baseline of handing the same messages straight to PocketBase's
// SMTP client with the same concurrency, in the same run. The ratio is the
// number to compare across machines.
//
//	go test -run '^$' -bench OutboxDrain -benchtime 3x ./internal/outbox/
func BenchmarkOutboxDrain(b *testing.B) {
	const n, conc = 400, 8
	app, srv := newSMTPApp(b)
	client := &mailer.SMTPClient{Host: srv.Host, Port: srv.Port}
	var direct, drain, queue time.Duration
	round := 0
	for b.Loop() {
		round++
		msgs := make([]outbox.Message, n)
		for i := range msgs {
			msgs[i] = msg(round*n + i)
		}

		// Baseline: the same messages sent directly, conc at a time.
		before := srv.Count()
		t0 := time.Now()
		sendAll(b, client, msgs, conc)
		direct += time.Since(t0)
		if srv.Count()-before != n {
			b.Fatalf("direct: %d of %d delivered", srv.Count()-before, n)
		}

		// The outbox: queue, then drain with the same concurrency.
		t0 = time.Now()
		enqueue(b, app, msgs...)
		queue += time.Since(t0)
		before = srv.Count()
		w := outbox.NewWorker(app, outbox.Options{Concurrency: conc, Interval: time.Hour})
		t0 = time.Now()
		w.Start()
		for srv.Count()-before < n {
			time.Sleep(time.Millisecond)
		}
		drain += time.Since(t0)
		if err := w.Stop(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
	total := float64(n * round)
	b.ReportMetric(total/direct.Seconds(), "direct_msgs/s")
	b.ReportMetric(total/drain.Seconds(), "outbox_msgs/s")
	b.ReportMetric(total/queue.Seconds(), "enqueue_msgs/s")
	b.ReportMetric(direct.Seconds()/drain.Seconds(), "outbox/direct")
}

func sendAll(b *testing.B, c mailer.Mailer, msgs []outbox.Message, conc int) {
	var wg sync.WaitGroup
	ch := make(chan outbox.Message)
	errs := make(chan error, len(msgs))
	for range conc {
		wg.Go(func() {
			for m := range ch {
				errs <- c.Send(&mailer.Message{
					From:    mail.Address{Address: "noreply@example.org"},
					To:      []mail.Address{{Address: m.To}},
					Subject: m.Subject, Text: m.Text, HTML: m.HTML,
				})
			}
		})
	}
	for _, m := range msgs {
		ch <- m
	}
	close(ch)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			b.Fatal(fmt.Errorf("direct send: %w", err))
		}
	}
}
