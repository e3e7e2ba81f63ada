package announce_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/announce"
	"memberbase/internal/outbox"
	"memberbase/internal/smtptest"
	"memberbase/internal/testapp"
)

// BenchmarkAnnouncementDrain is the bench harness of SPEC §19: it queues a
// marketing announcement to 10,000 opted-in members (goal: under 30 s),
// then measures how long a transactional mail takes from queueing to the
// SMTP server while the announcement drains, against the same on an idle
// outbox. It reports queue-s, idle-p50-ms, drain-p50-ms and their ratio.
//
//	go test -run '^$' -bench AnnouncementDrain -benchtime 1x ./internal/announce/
func BenchmarkAnnouncementDrain(b *testing.B) {
	const members, probes = 10000, 9
	for b.Loop() {
		app, srv := newApp(b)
		err := app.RunInTransaction(func(tx core.App) error {
			for i := range members {
				m := testapp.NewMember(b, tx, map[string]any{"email": fmt.Sprintf("m%05d@example.org", i), "marketing_opt_in": true})
				if err := tx.Save(m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		startOutbox(b, app)
		idle, _ := latencies(b, app, srv, "idle", probes)

		t0 := time.Now()
		announcement(b, app, announce.AudienceMarketing, announce.StatusScheduled)
		step(b, app, service(0))
		queued := time.Since(t0)

		ob, _ := outbox.FromApp(app)
		ob.Worker.Wake()
		busy, overtaken := latencies(b, app, srv, "drain", probes)
		if srv.Count() >= members {
			b.Fatalf("the announcement finished before the probes: nothing was measured during the drain")
		}
		b.ReportMetric(queued.Seconds(), "queue-s")
		b.ReportMetric(float64(idle.Milliseconds()), "idle-p50-ms")
		b.ReportMetric(float64(busy.Milliseconds()), "drain-p50-ms")
		b.ReportMetric(float64(busy)/float64(max(idle, time.Microsecond)), "drain/idle")
		b.ReportMetric(float64(overtaken), "overtaken-max")
	}
}

// latencies queues n transactional mails one after another and returns the
// median time from commit to the SMTP server's acceptance, and the most
// other mails the server accepted between a probe's queueing and its own
// (the sends already in flight: at most the worker's concurrency).
func latencies(b *testing.B, app core.App, srv *smtptest.Server, tag string, n int) (time.Duration, int) {
	b.Helper()
	var ds []time.Duration
	most := 0
	for i := range n {
		to := fmt.Sprintf("probe-%s-%d@example.org", tag, i)
		before := srv.Count()
		t0 := time.Now()
		err := outbox.Enqueue(app, outbox.Message{To: to, Kind: "member_id", Subject: "probe", Text: "probe",
			HTML: "<p>probe</p>", DedupeKey: "probe:" + tag + ":" + fmt.Sprint(i)})
		if err != nil {
			b.Fatal(err)
		}
		at := -1
		for at < 0 {
			if time.Since(t0) > time.Minute {
				b.Fatalf("probe %s not delivered within a minute", to)
			}
			time.Sleep(time.Millisecond)
			at = indexOf(srv, to, before)
		}
		ds = append(ds, time.Since(t0))
		most = max(most, at-before)
	}
	slices.Sort(ds)
	return ds[len(ds)/2], most
}

// indexOf finds the message to `to` among those accepted from index from on.
func indexOf(srv *smtptest.Server, to string, from int) int {
	msgs := srv.Messages()
	for i := from; i < len(msgs); i++ {
		if msgs[i].To[0] == to {
			return i
		}
	}
	return -1
}
