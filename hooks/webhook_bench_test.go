package hooks_test

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

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
// paired holds up on a shared, noisy machine: it alternates rounds of
// 400 creates (8 clients) on an app without and an app with the endpoint.
// with/without-throughput ends a round with it only when the receiver has
// all of the round's deliveries, so all of the posting counts against it
// (strict: in steady state the last claim's wait, up to WakeGap, overlaps
// the next creates); creates-only-ratio ends it with the last create
// (lenient: the posting left over then is not timed, though the next
// round without the endpoint starts only after it). cpu-ratio compares the
// process's CPU time per round (below). paired_remote runs the receiver
// in a process of its own, so that cpu-ratio counts only our side of the
// posts; paired_paused stops the workers (the in-transaction cost alone).
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
			url := ""
			if c.hook {
				url, _ = inProcessReceiver(b)
			}
			base, tok, app := webhookBenchApp(b, url)
			if c.pause {
				testapp.PauseWorkers(b, app)
			}
			var i atomic.Int64
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if !createMember(b, client, base, tok, i.Add(1)) {
						return
					}
				}
			})
			b.StopTimer()
			checkQueued(b, app, map[bool]int64{true: i.Load()}[c.hook])
		})
	}
	b.Run("paired", func(b *testing.B) { pairedCreates(b, client, inProcessReceiver, false) })
	b.Run("paired_paused", func(b *testing.B) { pairedCreates(b, client, inProcessReceiver, true) })
	b.Run("paired_remote", func(b *testing.B) { pairedCreates(b, client, processReceiver, false) })
}

// pairedCreates alternates rounds of 400 creates (8 clients) on an app
// without and an app with the endpoint, whose receiver rcv starts; with
// pause the second app's workers are stopped, so the ratio is the cost of
// queueing in the create's transaction alone. Besides the wall-clock ratios it reports
// cpu-ratio: the process's CPU time per round without the endpoint over
// that with it, the latter counted until every delivery of the round is
// recorded (posts, receiver and result writes included). On shared cores
// it moves far less with the load than the wall clock does.
func pairedCreates(b *testing.B, client *http.Client, rcv func(*testing.B) (string, func() int64), pause bool) {
	offBase, offTok, offApp := webhookBenchApp(b, "")
	url, got := rcv(b)
	onBase, onTok, onApp := webhookBenchApp(b, url)
	if pause {
		testapp.PauseWorkers(b, onApp)
	}
	const round, clients = 400, 8
	var offTime, onTime, onCreates, offCPU, onCPU time.Duration
	var seq atomic.Int64
	runRound := func(base, tok string) {
		var wg sync.WaitGroup
		for range clients {
			wg.Go(func() {
				for range round / clients {
					createMember(b, client, base, tok, seq.Add(1))
				}
			})
		}
		wg.Wait()
	}
	b.ResetTimer()
	rounds := 0
	var perRound []float64
	for done := 0; done < b.N; done += 2 * round {
		rounds++
		start, cpu0 := time.Now(), cpuTime(b)
		runRound(offBase, offTok)
		off := time.Since(start)
		offTime += off
		offCPU += cpuTime(b) - cpu0
		start, cpu0 = time.Now(), cpuTime(b)
		runRound(onBase, onTok)
		onCreates += time.Since(start)
		for !pause && got() < int64(rounds*round) {
			time.Sleep(time.Millisecond)
		}
		on := time.Since(start)
		onTime += on
		for !pause && pending(b, onApp) > 0 {
			time.Sleep(2 * time.Millisecond)
		}
		onCPU += cpuTime(b) - cpu0
		perRound = append(perRound, float64(off)/float64(on))
	}
	b.StopTimer()
	b.ReportMetric(float64(offTime)/float64(onTime), "with/without-throughput")
	b.ReportMetric(float64(offTime)/float64(onCreates), "creates-only-ratio")
	b.ReportMetric(float64(offCPU)/float64(onCPU), "cpu-ratio")
	// A burst of other load on the shared cores skews the round it
	// falls in: the median pair of rounds is steadier than the sums.
	slices.Sort(perRound)
	b.ReportMetric(perRound[len(perRound)/2], "median-round-ratio")
	checkQueued(b, offApp, 0)
	checkQueued(b, onApp, int64(rounds*round))
}

// pending counts app's deliveries not yet recorded as delivered or failed.
func pending(b *testing.B, app core.App) int {
	var n int
	err := app.DB().NewQuery(`SELECT COUNT(*) FROM webhook_deliveries WHERE status IN ('queued', 'sending')`).Row(&n)
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// cpuTime is the CPU time the process used so far (user and system).
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// webhookBenchApp serves a fresh app with an editor's token; with a
// receiver url, an active endpoint on member.created posting to it.
func webhookBenchApp(b *testing.B, url string) (base, tok string, app core.App) {
	app, _ = testapp.New(b, map[string]string{"LOG_LEVEL": "error", "RATE_LIMIT": "off", "WEBHOOK_ALLOW_PRIVATE": "true"})
	if url != "" {
		saveEndpoint(b, app, url+"/hook")
	}
	tok = newStaff(b, app, "bench@staff.example.org", "editor")
	return testapp.Serve(b, app).URL, tok, app
}

// createMember POSTs member n over REST, reporting whether it was created.
func createMember(b *testing.B, client *http.Client, base, tok string, n int64) bool {
	body := `{"first_name":"Ada","last_name":"Lovelace","status":"active","email":"new` + fmt.Sprint(n) + `@example.org"}`
	req, _ := http.NewRequest("POST", base+membersURL, strings.NewReader(body))
	req.Header.Set("Authorization", tok)
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		b.Error(err)
		return false
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b.Errorf("create: %d", res.StatusCode)
		return false
	}
	return true
}

// checkQueued fails unless app holds want deliveries (one per create).
func checkQueued(b *testing.B, app core.App, want int64) {
	queued, err := app.CountRecords(webhooks.DeliveriesCollection)
	if err != nil {
		b.Fatal(err)
	}
	if queued != want {
		b.Fatalf("%d deliveries queued, want %d", queued, want)
	}
}

// inProcessReceiver is a fast local webhook endpoint in the benchmark's
// process, answering 204; got counts the requests.
func inProcessReceiver(b *testing.B) (url string, got func() int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		n.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}))
	b.Cleanup(srv.Close)
	return srv.URL, n.Load
}

// processReceiver is the same endpoint in a process of its own
// (bench/webhookreceiver, built here), so that the receiving side's CPU
// time is not counted in cpu-ratio; got asks it for its count.
func processReceiver(b *testing.B) (url string, got func() int64) {
	bin := filepath.Join(b.TempDir(), "webhookreceiver")
	if out, err := exec.Command("go", "build", "-o", bin, "memberbase/bench/webhookreceiver").CombinedOutput(); err != nil {
		b.Fatalf("building the receiver: %v\n%s", err, out)
	}
	cmd := exec.Command(bin)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	url, err = bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatal(err)
	}
	url = strings.TrimSpace(url)
	return url, func() int64 {
		res, err := http.Get(url + "/count")
		if err != nil {
			b.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		n, err := strconv.ParseInt(string(body), 10, 64)
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
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
