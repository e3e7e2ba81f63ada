package hooks_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/audit"
	"memberbase/internal/testapp"
)

// repBenchApp is a served app with members spread over branches of 100
// members each, a rep of the first branch and a viewer; it returns the
// base URL and both tokens.
func repBenchApp(b *testing.B, members int) (app core.App, base, repTok, viewerTok string) {
	b.Helper()
	app, _ = testapp.New(b, map[string]string{"LOG_LEVEL": "error", "RATE_LIMIT": "off"})
	testapp.PauseWorkers(b, app)
	bcol, err := app.FindCollectionByNameOrId("branches")
	if err != nil {
		b.Fatal(err)
	}
	var first string
	err = app.RunInTransaction(func(tx core.App) error {
		var branch string
		for i := range members {
			if i%100 == 0 {
				br := core.NewRecord(bcol)
				br.Set("name", fmt.Sprintf("Workplace %d", i/100))
				br.Set("code", fmt.Sprintf("w%04d", i/100))
				if err := tx.Save(br); err != nil {
					return err
				}
				branch = br.Id
				if first == "" {
					first = branch
				}
			}
			m := testapp.NewMember(b, tx, map[string]any{"email": fmt.Sprintf("m%06d@example.org", i), "branch": branch})
			if err := tx.Save(m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	rep := core.NewRecord(cheapPasswords(b, app, "staff"))
	rep.SetEmail("rep@staff.example.org")
	rep.SetPassword("staff-password-123")
	rep.Set("role", "rep")
	rep.Set("branches", []string{first})
	if err := app.Save(rep); err != nil {
		b.Fatal(err)
	}
	if repTok, err = rep.NewAuthToken(); err != nil {
		b.Fatal(err)
	}
	viewerTok = newStaff(b, app, "viewer@staff.example.org", "viewer")
	return app, testapp.Serve(b, app).URL, repTok, viewerTok
}

// BenchmarkRepList100 compares a rep listing the 100 members of their
// branch through the branch_members view with a viewer listing 100 members
// from members (SPEC §16b, issue 24): both audited, on the same app, in
// alternating rounds of 20 requests from 4 clients (each round ends when
// its read rows are written). It reports the throughput ratio rep/viewer
// and both p50/p99, with 1,000 and 10,000 members in all (the view's rule
// filters a scan of every member; the viewer's page stops after 100).
// Run: go test -run '^$' -bench RepList100 ./hooks/
func BenchmarkRepList100(b *testing.B) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	repPath := "/api/collections/branch_members/records?perPage=100&skipTotal=1"
	viewerPath := membersURL + "?perPage=100&skipTotal=1"
	for _, size := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("members=%d", size), func(b *testing.B) {
			app, base, repTok, viewerTok := repBenchApp(b, size)
			const round, clients = 20, 4
			var repLat, viewerLat latencies
			var repTime, viewerTime time.Duration
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
				audit.From(app).Sync()
				return time.Since(start)
			}
			b.ResetTimer()
			for done := 0; done < b.N; done += 2 * round {
				viewerTime += runRound(base+viewerPath, viewerTok, &viewerLat)
				repTime += runRound(base+repPath, repTok, &repLat)
			}
			b.StopTimer()
			b.ReportMetric(float64(viewerTime)/float64(repTime), "rep/viewer-throughput")
			viewerLat.report(b, "viewer-")
			repLat.report(b, "rep-")
		})
	}
}
