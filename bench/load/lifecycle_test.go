package load

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// lifecycleConc is the GET / load kept up around the lifecycle job: steady
// visitors, not a saturating flood that would starve the job of the two
// cores.
const lifecycleConc = 4

// lifecycleWindow is one timed GET / run; the job is polled between them.
const lifecycleWindow = 5 * time.Second

// lifecycleScenario is SPEC §12's dues target (issue 22): n members on a
// yearly plan, imported through the CLI (serve stopped) with paid_through 10 days ahead, so
// the lifecycle's next run gives every one of them a new period and a
// renewal_due mail (its heaviest day). A second process on the same data
// runs the job at the next whole minute (LIFECYCLE_CRON) under GET / at
// c=4; GET / before the job is the baseline. The pair is GET / during the
// job (A) against GET / before it (B), window by window; the notes give
// the import and job times.
func lifecycleScenario(t *testing.T, bin string, n int) (*pair, []string) {
	t.Helper()
	dir := t.TempDir()
	seed := seedPlan(t, bin, dir)
	csvPath := filepath.Join(dir, "members.csv")
	through := time.Now().UTC().AddDate(0, 0, 10).Format(time.DateOnly)
	writeMembersCSV(t, csvPath, n, through)
	began := time.Now()
	seed.cli(t, "members", "import", csvPath)
	imported := time.Since(began)

	// The job runs at the first whole minute at least 40 s away, so the
	// baseline windows fit before it.
	at := time.Now().UTC().Add(40 * time.Second).Truncate(time.Minute).Add(time.Minute)
	inst := startInstanceIn(t, bin, dir, map[string]string{"LIFECYCLE_CRON": fmt.Sprintf("%d %d * * *", at.Minute(), at.Hour())})
	p := &pair{Name: "lifecycle", A: fmt.Sprintf("`GET /` during the lifecycle job (%d members renewing)", n), B: "`GET /` before it", Conc: lifecycleConc}
	for time.Until(at) > lifecycleWindow+time.Second {
		p.Bs = append(p.Bs, run(inst, lifecycleConc, lifecycleWindow, 1<<40, get("/")))
	}
	time.Sleep(time.Until(at))
	done := make(chan time.Duration, 1)
	go func() { done <- waitPeriods(t, inst, n, at) }()
	var took time.Duration
	for took == 0 {
		p.As = append(p.As, run(inst, lifecycleConc, lifecycleWindow, 1<<40, get("/")))
		select {
		case took = <-done:
		default:
		}
	}
	notes := []string{
		fmt.Sprintf("`members import` of %d members with a plan and paid_through: %.0f s (%.0f rows/s, serve stopped)", n, imported.Seconds(), float64(n)/imported.Seconds()),
		fmt.Sprintf("lifecycle job over %d members all on their renewal-notice day (a new period and a renewal_due mail each), under `GET /` at c=%d: %.0f s, %.0f members/s (issue 22: < 60 s)", n, lifecycleConc, took.Seconds(), float64(n)/took.Seconds()),
	}
	notes = append(notes, fmt.Sprintf("`GET /` p99 during the job over p99 before it (medians of %d and %d windows of %v): %s / %s = %.2f×",
		len(p.As), len(p.Bs), lifecycleWindow, ms(medianDur(p.As, p99)), ms(medianDur(p.Bs, p99)),
		float64(medianDur(p.As, p99))/float64(max(1, medianDur(p.Bs, p99)))))
	for i, r := range p.As {
		notes = append(notes, fmt.Sprintf("during the job, window %d: `GET /` %.0f req/s, p99 %v", i+1, r.RPS(), r.P99.Round(100*time.Microsecond)))
	}
	inst.stop()
	return p, notes
}

// waitPeriods polls until n periods are due (each member's new one: the
// imported ones are paid) and returns the time since start; it gives up
// after 20 minutes.
func waitPeriods(t *testing.T, inst *instance, n int, start time.Time) time.Duration {
	for time.Since(start) < 20*time.Minute {
		var page struct {
			TotalItems int `json:"totalItems"`
		}
		err := inst.superuserJSON("GET", "/api/collections/periods/records?perPage=1&fields=id&filter=status%3D%27due%27", nil, &page)
		if err != nil {
			t.Logf("poll periods: %v", err)
		}
		if page.TotalItems >= n {
			return time.Since(start)
		}
		time.Sleep(time.Second)
	}
	t.Errorf("the lifecycle job did not finish within 20 minutes")
	return time.Since(start)
}

// writeMembersCSV writes n active members on plan "regular" paid through
// the given day.
func writeMembersCSV(t *testing.T, path string, n int, through string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "first_name,last_name,email,status,plan,paid_through")
	for i := range n {
		fmt.Fprintf(w, "Renew%d,Member,renew-%d@example.org,active,regular,%s\n", i, i, through)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func p99(r result) time.Duration { return r.P99 }
