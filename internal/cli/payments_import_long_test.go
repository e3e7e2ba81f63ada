package cli_test

import (
	"bufio"
	"bytes"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Sizes of TestPaymentsImportWhileServing: 20,000 lines paying 1,000
// members, one line in ten naming nobody. The 50,000 lines took
// 292 s on the shared machine under a load of 26, far past the long
// tests' budget; the rate it logs is what to multiply.
const (
	longPayRows    = 20_000
	longPayMembers = 1_000
)

// TestPaymentsImportWhileServing imports a 20,000-line statement with the
// real binary while a separate `memberbase serve` process takes REST member
// creates and payment lists on the same data dir. It asserts correctness,
// not speed (the elapsed time is logged; docs/dues.md and bench/README.md
// keep the figures): both sides finish without an error, every line is
// stored exactly once (a line larger than what was due as its parts, which
// add up to it), the stored amounts add up to the file's, and a second
// import of the same file stores nothing.
func TestPaymentsImportWhileServing(t *testing.T) {
	if os.Getenv("MEMBERBASE_LONG_TESTS") == "" {
		t.Skip("long test: make test-long")
	}
	srv := startServing(t)
	dir, base, token, command := srv.Dir, srv.Base, srv.Token, srv.Command
	restJSON(t, base, token, http.MethodPost, "/api/collections/plans/records",
		`{"name":"Regular","code":"regular","kind":"rolling","months":12,"fee":3000,"currency":"EUR","grace_days":30,"active":true}`)

	membersCSV := filepath.Join(dir, "members.csv")
	writeLines(t, membersCSV, "first_name,last_name,email,status,plan", longPayMembers, func(i int) string {
		return fmt.Sprintf("Payer%d,Row,payer-%d@example.org,active,regular", i, i)
	})
	if out, err := command(t.Context(), "members", "import", membersCSV).CombinedOutput(); err != nil {
		t.Fatalf("members import: %v\n%s", err, tail(out))
	}

	// € 7.00 a line: a member's fifth matched line pays the last € 2.00 of
	// the year and keeps € 5.00 as credit; the lines after are credit. The
	// references come in the shapes the import accepts; every tenth round
	// of lines (one per member) names nobody.
	statement := filepath.Join(dir, "statement.csv")
	unmatched := 0
	writeLines(t, statement, "received_on,amount,reference,payer,external_id", longPayRows, func(i int) string {
		n := i%longPayMembers + 1
		var ref string
		switch {
		case (i/longPayMembers)%10 == 9:
			ref = "donation"
			unmatched++
		case i%3 == 0:
			ref = fmt.Sprintf("M-%d dues", n)
		case i%3 == 1:
			ref = fmt.Sprint(n) // a payroll list's bare member number
		default:
			ref = fmt.Sprintf("m %06d", n)
		}
		return fmt.Sprintf("2026-02-%02d,7.00,%s,PAYER %d,TX-%d", i%28+1, ref, i, i)
	})

	done := make(chan struct{})
	var restErrs, restDone atomic.Int64
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				var status int
				var body string
				if w == 0 {
					status, body = restDo(base, token, http.MethodPost, "/api/collections/members/records",
						fmt.Sprintf(`{"first_name":"Rest","last_name":"Client","email":"rest-%d@example.org"}`, i))
				} else {
					status, body = restDo(base, token, http.MethodGet, "/api/collections/payments/records?perPage=50&sort=-created", "")
				}
				if status != http.StatusOK {
					restErrs.Add(1)
					t.Errorf("REST: %d %s", status, body)
					continue
				}
				restDone.Add(1)
			}
		})
	}
	start := time.Now()
	out, importErr := command(t.Context(), "payments", "import", statement).CombinedOutput()
	elapsed := time.Since(start)
	close(done)
	wg.Wait()
	t.Logf("payments import of %d lines took %s (%.0f rows/s) beside %d REST requests", longPayRows, elapsed,
		float64(longPayRows)/elapsed.Seconds(), restDone.Load())
	if importErr != nil {
		t.Fatalf("payments import: %v\n%s", importErr, tail(out))
	}
	if restErrs.Load() > 0 || restDone.Load() == 0 {
		t.Fatalf("REST side: %d errors, %d done; serve log:\n%s", restErrs.Load(), restDone.Load(), errorLines(srv.Log))
	}
	if want := fmt.Sprintf("%d payments: %d matched, %d unmatched, 0 already imported; stored\n", longPayRows, longPayRows-unmatched, unmatched); !strings.Contains(string(out), want) {
		t.Errorf("summary: want %q in\n%s", want, tail(out))
	}

	db, err := sql.Open("sqlite", "file:"+filepath.Join(srv.Dir, "pb_data", "data.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var lines, parts, total, credit int
	err = db.QueryRow(`SELECT
		COUNT(DISTINCT CASE WHEN instr(external_id, '~') = 0 THEN external_id END),
		SUM(instr(external_id, '~') > 0), SUM(amount), SUM(status = 'matched' AND period = '')
		FROM payments WHERE external_id LIKE 'TX-%'`).Scan(&lines, &parts, &total, &credit)
	if err != nil {
		t.Fatal(err)
	}
	if lines != longPayRows || total != longPayRows*700 || parts != longPayMembers {
		t.Errorf("stored %d lines and %d parts adding up to %d; want %d lines, %d parts (one per member), %d",
			lines, parts, total, longPayRows, longPayMembers, longPayRows*700)
	}
	var unpaid int
	if err := db.QueryRow(`SELECT COUNT(*) FROM periods WHERE status != 'paid'`).Scan(&unpaid); err != nil || unpaid != 0 {
		t.Errorf("%d periods not paid (%v)", unpaid, err)
	}
	t.Logf("%d credit payments", credit)

	again, err := command(t.Context(), "payments", "import", statement).CombinedOutput()
	if want := fmt.Sprintf("%d payments: 0 matched, 0 unmatched, %d already imported; stored\n", longPayRows, longPayRows); err != nil || !strings.Contains(string(again), want) {
		t.Errorf("second import: %v\n%s", err, tail(again))
	}
	if out, err := command(t.Context(), "audit", "verify").CombinedOutput(); err != nil {
		t.Errorf("audit verify: %v\n%s", err, tail(out))
	}
}

// writeLines writes a CSV of header and n lines made by line.
func writeLines(t testing.TB, path, header string, n int, line func(i int) string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, header)
	for i := range n {
		fmt.Fprintln(w, line(i))
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// restDo sends one superuser request and returns the status and body.
func restDo(base, token, method, path, body string) (int, string) {
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		return 0, err.Error()
	}
	req.Header.Set("Authorization", token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := (&http.Client{Timeout: time.Minute}).Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b := new(bytes.Buffer)
	_, _ = b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String()
}

// restJSON is [restDo] that fails the test on anything but 200.
func restJSON(t testing.TB, base, token, method, path, body string) {
	t.Helper()
	if status, out := restDo(base, token, method, path, body); status != http.StatusOK {
		t.Fatalf("%s %s: %d %s", method, path, status, out)
	}
}
