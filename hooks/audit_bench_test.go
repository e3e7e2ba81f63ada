package hooks_test

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/hooks"
	"memberbase/internal/audit"
	"memberbase/internal/testapp"
)

// auditBenchApp is a served app with 100 members and a staff token, with
// the access audit on or off.
func auditBenchApp(b *testing.B, on bool) (base, token string, app core.App) {
	b.Helper()
	app, _ = testapp.New(b, map[string]string{"LOG_LEVEL": "error", "RATE_LIMIT": "off"})
	if !on {
		hooks.UnbindAuditForTest(app)
	}
	err := app.RunInTransaction(func(tx core.App) error {
		for i := range 100 {
			if err := tx.Save(testapp.NewMember(b, tx, map[string]any{"email": fmt.Sprintf("m%03d@example.org", i)})); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	token = newStaff(b, app, "bench@staff.example.org", "editor")
	return testapp.Serve(b, app).URL, token, app
}

// latencies collects request durations from parallel goroutines.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) { l.mu.Lock(); l.d = append(l.d, d); l.mu.Unlock() }

// report adds the 50th and 99th percentile to the benchmark's output.
func (l *latencies) report(b *testing.B, prefix string) {
	slices.Sort(l.d)
	if len(l.d) == 0 {
		return
	}
	at := func(p float64) float64 { return float64(l.d[int(float64(len(l.d)-1)*p)].Microseconds()) / 1000 }
	b.ReportMetric(at(0.50), prefix+"p50-ms")
	b.ReportMetric(at(0.99), prefix+"p99-ms")
}

// listOnce GETs url with tok and checks the page holds 100 members.
func listOnce(b *testing.B, client *http.Client, url, tok string, lat *latencies) bool {
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", tok)
	start := time.Now()
	res, err := client.Do(req)
	if err != nil {
		b.Error(err)
		return false
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	lat.add(time.Since(start))
	if res.StatusCode != 200 || strings.Count(string(body), `"member_id"`) != 100 {
		b.Errorf("list: %d", res.StatusCode)
		return false
	}
	return true
}

// BenchmarkStaffList100 compares a staff REST list of 100 members with the
// access audit off and on (one list row per request, queued off the request
// path): SPEC §12 asks for ≥ 0.8× the throughput. audit_off and audit_on run
// one after the other; paired alternates rounds of 20 requests on each app
// (the on round ends when its rows are written, so their cost counts) and
// reports the throughput ratio on/off, which holds up on a shared, noisy
// machine, with both p99s.
// Run: go test -run '^$' -bench StaffList100 ./hooks/
func BenchmarkStaffList100(b *testing.B) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	path := "/api/collections/members/records?perPage=100&skipTotal=1"
	for _, c := range []struct {
		name string
		on   bool
	}{{"audit_off", false}, {"audit_on", true}} {
		b.Run(c.name, func(b *testing.B) {
			base, tok, app := auditBenchApp(b, c.on)
			var lat latencies
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if !listOnce(b, client, base+path, tok, &lat) {
						return
					}
				}
			})
			b.StopTimer()
			lat.report(b, "")
			if c.on {
				audit.From(app).Sync()
				var rows int
				_ = app.DB().NewQuery("SELECT count(*) FROM audit_log WHERE action = 'list'").Row(&rows)
				if rows < b.N {
					b.Errorf("%d list rows for %d requests", rows, b.N)
				}
			}
		})
	}
	b.Run("paired", func(b *testing.B) {
		offBase, offTok, _ := auditBenchApp(b, false)
		onBase, onTok, onApp := auditBenchApp(b, true)
		const round, clients = 20, 4
		var offLat, onLat latencies
		var offTime, onTime time.Duration
		runRound := func(url, tok string, lat *latencies) time.Duration {
			start := time.Now()
			var wg sync.WaitGroup
			for range clients {
				wg.Go(func() {
					for range round / clients {
						listOnce(b, client, url, tok, lat)
					}
				})
			}
			wg.Wait()
			return time.Since(start)
		}
		b.ResetTimer()
		for done := 0; done < b.N; done += 2 * round {
			offTime += runRound(offBase+path, offTok, &offLat)
			start := time.Now()
			runRound(onBase+path, onTok, &onLat)
			audit.From(onApp).Sync()
			onTime += time.Since(start)
		}
		b.StopTimer()
		b.ReportMetric(float64(offTime)/float64(onTime), "on/off-throughput")
		offLat.report(b, "off-")
		onLat.report(b, "on-")
	})
}

// BenchmarkMemberCreateAudit compares a staff REST create of a member with
// the access audit off and on (the create row is written in the insert's
// transaction).
// Run: go test -run '^$' -bench MemberCreateAudit ./hooks/
func BenchmarkMemberCreateAudit(b *testing.B) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	for _, c := range []struct {
		name string
		on   bool
	}{{"audit_off", false}, {"audit_on", true}} {
		b.Run(c.name, func(b *testing.B) {
			base, tok, _ := auditBenchApp(b, c.on)
			var n sync.Mutex
			i := 0
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					n.Lock()
					i++
					email := fmt.Sprintf("new%d@example.org", i)
					n.Unlock()
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
					if res.StatusCode != 200 {
						b.Errorf("create: %d", res.StatusCode)
						return
					}
				}
			})
		})
	}
}
