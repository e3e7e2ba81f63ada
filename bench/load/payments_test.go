package load

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// paymentsMembers is how many members the payments scenario's statement
// names; paymentsWindow is one timed window of serve's traffic.
const (
	paymentsMembers = 1000
	paymentsWindow  = 5 * time.Second
)

// paymentsScenario is issue 23's last figure: `memberbase payments import`
// of n generated lines in a second process against the data dir a running
// `serve` answers from, as TestPaymentsImportWhileServing does, at full
// size. 1,000 members on a yearly plan each have a due period; half the
// lines name one of them (the first line per member pays its period, with
// a period.paid-style period save and a paid_through change; the next ones
// are credit), half name nobody (unmatched). serve meanwhile takes `GET /`
// at c=4 and superuser REST creates of members at c=1; the same traffic
// before the import is the baseline. The pair is `GET /` during the import
// (A) against before it (B); the notes give the import's time, rows/s,
// summary, and the REST creates' p99 and failures (a starved serve would
// answer 5xx or time out).
func paymentsScenario(t *testing.T, bin string, n int, em *emails) (*pair, []string) {
	t.Helper()
	dir := t.TempDir()
	seed := seedPlan(t, bin, dir)
	membersCSV := filepath.Join(dir, "members.csv")
	writeMembersCSV(t, membersCSV, paymentsMembers, "")
	seed.cli(t, "members", "import", membersCSV)
	statement := filepath.Join(dir, "statement.csv")
	writeStatementCSV(t, statement, n)

	inst := startInstanceIn(t, bin, dir, nil)
	defer inst.stop()
	p := &pair{Name: "payments import", A: fmt.Sprintf("`GET /` during `payments import` of %d lines", n), B: "`GET /` before it", Conc: 4}
	var before, during []result // the REST creates
	for range 2 {
		g, c := paymentsTraffic(inst, em)
		p.Bs, before = append(p.Bs, g), append(before, c)
	}
	cmd := exec.Command(bin, "payments", "import", statement, "--dir", filepath.Join(dir, "pb_data"))
	cmd.Dir, cmd.Env = dir, inst.env
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	began := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var took time.Duration
	for took == 0 {
		g, c := paymentsTraffic(inst, em)
		p.As, during = append(p.As, g), append(during, c)
		select {
		case err := <-done:
			took = time.Since(began)
			if err != nil {
				t.Fatalf("payments import: %v\n%s", err, out.String())
			}
		default:
		}
	}
	summary := ""
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.Contains(l, " payments: ") {
			summary = l
		}
	}
	notes := []string{
		fmt.Sprintf("`payments import` of %d lines (%d members, half the lines unmatched) beside serve: %.1f s, %.0f rows/s (issue 23: < 60 s); %s",
			n, paymentsMembers, took.Seconds(), float64(n)/took.Seconds(), summary),
		fmt.Sprintf("`GET /` p99 during the import over p99 before it (medians of %d and %d windows of %v): %s / %s; failed during: %d",
			len(p.As), len(p.Bs), paymentsWindow, ms(medianDur(p.As, p99)), ms(medianDur(p.Bs, p99)), bad(p.As)),
		fmt.Sprintf("superuser REST member creates (c=1) during the import: %d ok, %d failed %v, p99 %s (before: %s)",
			okCount(during), bad(during), statuses(during), ms(medianDur(during, p99)), ms(medianDur(before, p99))),
	}
	return p, notes
}

// paymentsTraffic runs one window of `GET /` at c=4 and REST creates at
// c=1 side by side.
func paymentsTraffic(inst *instance, em *emails) (getR, createR result) {
	var wg sync.WaitGroup
	wg.Go(func() { getR = run(inst, 4, paymentsWindow, 1<<40, get("/")) })
	wg.Go(func() { createR = run(inst, 1, paymentsWindow, 1<<40, restCreate(em, "members", true)) })
	wg.Wait()
	return getR, createR
}

func okCount(rs []result) int {
	n := 0
	for _, r := range rs {
		n += r.OK
	}
	return n
}

// statuses sums the unexpected answers of rs by status (0: no answer).
func statuses(rs []result) map[int]int {
	m := map[int]int{}
	for _, r := range rs {
		for k, v := range r.Statuses {
			m[k] += v
		}
	}
	return m
}

// writeStatementCSV writes n incoming payments of 30.00 EUR dated today:
// even lines name member (i/2 mod 1,000)+1 as "dues M-<n>", odd ones no
// member; each has its own external_id.
func writeStatementCSV(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	today := time.Now().UTC().Format(time.DateOnly)
	fmt.Fprintln(w, "received_on,amount,currency,reference,payer,external_id")
	for i := range n {
		ref := fmt.Sprintf("dues M-%d", i/2%paymentsMembers+1)
		if i%2 == 1 {
			ref = "invoice " + fmt.Sprint(i)
		}
		fmt.Fprintf(w, "%s,30.00,EUR,%s,PAYER %d,BENCH-%d\n", today, ref, i, i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// seedPlan starts the binary on dir, creates the yearly "regular" plan the
// dues scenarios import their members onto, and stops it; the returned
// instance still runs CLI commands on dir.
func seedPlan(t *testing.T, bin, dir string) *instance {
	t.Helper()
	seed := startInstanceIn(t, bin, dir, nil)
	plan := map[string]any{"name": "Regular", "code": "regular", "kind": "rolling", "months": 12, "fee": 3000,
		"currency": "EUR", "grace_days": 30, "public": true, "active": true, "payment_instructions": "IBAN DE00, reference: your member ID"}
	if err := seed.superuserJSON("POST", "/api/collections/plans/records", plan, nil); err != nil {
		t.Fatal(err)
	}
	seed.stop()
	return seed
}
