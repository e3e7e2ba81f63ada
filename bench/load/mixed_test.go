package load

import (
	"bufio"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// mixedTotal is the SPEC §12 count of concurrent creates, split in three.
const mixedTotal = 10_000

// mixedResult is what the mixed-creates scenario found.
type mixedResult struct {
	Joins, REST, Import   int // creates attempted by each path
	JoinOK, RESTOK        int
	ImportErr             string
	Elapsed               time.Duration
	JoinTime, RESTTime    time.Duration
	ImportTime            time.Duration
	FirstErr              []string // the first unexpected answer of each path
	Members, DistinctIDs  int
	JoinBad, RESTBad      map[int]int
	PrepareJoins, Missing int // joins posted before the clock, tokens not found in the mails
}

// confirmRe finds a join confirmation link in a received mail.
var confirmRe = regexp.MustCompile(`/join/confirm\?token=([A-Za-z0-9_\-]+)`)

// runMixed creates mixedTotal members at once on a fresh process: a third
// by confirming joins (posted and mailed beforehand), a third by superuser
// REST creates, a third by `members import` in a second process, all three
// running together; then it reads every member back and counts the
// distinct member IDs.
func runMixed(t *testing.T, bin string, em *emails) mixedResult {
	t.Helper()
	inst := startInstance(t, bin)
	defer inst.stop()
	res := mixedResult{Joins: mixedTotal / 3, REST: mixedTotal / 3}
	res.Import = mixedTotal - res.Joins - res.REST

	// Before the clock: the joins, and their mails.
	var joinEmails sync.Map
	join := postJoin(em)
	res.PrepareJoins = run(inst, 16, 10*time.Minute, int64(res.Joins), func(c *conn) (bool, int, error) {
		return join(c)
	}).OK
	if _, _, err := drain(inst, 3*time.Minute); err != nil {
		t.Fatalf("mixed: the join mails were not sent: %v", err)
	}
	var tokens []string
	for _, m := range inst.SMTP.Messages() {
		if mt := confirmRe.FindStringSubmatch(m.Text); mt != nil {
			if _, dup := joinEmails.LoadOrStore(m.To[0], true); !dup {
				tokens = append(tokens, mt[1])
			}
		}
	}
	res.Missing = res.Joins - len(tokens)
	res.Joins = len(tokens)

	csvPath := filepath.Join(inst.Dir, "mixed.csv")
	writeImportCSV(t, csvPath, em, res.Import)

	// The clock: the three paths at once.
	var wg sync.WaitGroup
	var next atomic.Int64
	confirm := func(c *conn) (bool, int, error) {
		i := next.Add(1) - 1
		form := url.Values{"csrf_token": {c.token}, "token": {tokens[i]}}
		req := c.inst.request("POST", "/join/confirm", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		st, _, err := c.do(req)
		return st == 200, st, err
	}
	start := time.Now()
	var jr, rr result
	wg.Go(func() { jr = run(inst, 8, 10*time.Minute, int64(len(tokens)), confirm) })
	wg.Go(func() { rr = run(inst, 8, 10*time.Minute, int64(res.REST), restCreateNoting(em)) })
	wg.Go(func() {
		cmd := exec.Command(inst.bin, "members", "import", csvPath, "--dir", filepath.Join(inst.Dir, "pb_data"))
		cmd.Dir, cmd.Env = inst.Dir, inst.env
		t0 := time.Now()
		defer func() { res.ImportTime = time.Since(t0) }()
		if out, err := cmd.CombinedOutput(); err != nil {
			res.ImportErr = fmt.Sprintf("%v: %s", err, lastLine(string(out)))
		}
	})
	wg.Wait()
	res.Elapsed = time.Since(start)
	res.JoinOK, res.RESTOK, res.JoinBad, res.RESTBad = jr.OK, rr.OK, jr.Statuses, rr.Statuses
	res.JoinTime, res.RESTTime = jr.Elapsed, rr.Elapsed
	for _, e := range []error{jr.Err, rr.Err} {
		if e != nil {
			res.FirstErr = append(res.FirstErr, e.Error())
		}
	}

	res.Members, res.DistinctIDs = memberIDs(t, inst)
	return res
}

// restCreateNoting is a superuser REST create of a member that returns the
// body of an unexpected answer as its error, for the report.
func restCreateNoting(em *emails) op {
	return func(c *conn) (bool, int, error) {
		body := fmt.Sprintf(`{"first_name":"Ada","last_name":"Bench","email":%q,"status":"active"}`, em.next())
		req := c.inst.request("POST", "/api/collections/members/records", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", c.inst.Token)
		st, b, err := c.do(req)
		if err == nil && st != 200 {
			err = fmt.Errorf("REST create: %d %s", st, b)
		}
		return st == 200, st, err
	}
}

// writeImportCSV writes n import rows with unique addresses.
func writeImportCSV(t *testing.T, path string, em *emails, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "first_name,last_name,email,status")
	for range n {
		fmt.Fprintf(w, "Ada,Import,%s,active\n", em.next())
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// memberIDs reads every member's ID as the superuser, page by page, and
// returns the count and the number of distinct IDs.
func memberIDs(t *testing.T, inst *instance) (int, int) {
	t.Helper()
	seen := map[string]bool{}
	n := 0
	for page := 1; ; page++ {
		var out struct {
			Items []struct {
				MemberID string `json:"member_id"`
			} `json:"items"`
		}
		path := fmt.Sprintf("/api/collections/members/records?page=%d&perPage=1000&skipTotal=1&fields=member_id&sort=id", page)
		if err := inst.superuserJSON("GET", path, nil, &out); err != nil {
			t.Fatalf("mixed: list members: %v", err)
		}
		for _, it := range out.Items {
			n++
			seen[it.MemberID] = true
		}
		if len(out.Items) < 1000 {
			return n, len(seen)
		}
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// mixedReport renders the scenario for latest.md.
func mixedReport(r mixedResult) string {
	errs := (r.Joins - r.JoinOK) + (r.REST - r.RESTOK) + r.Missing
	if r.ImportErr != "" {
		errs++
	}
	created := r.JoinOK + r.RESTOK + r.Import
	verdict := "**not met**"
	if errs == 0 && r.Members == mixedTotal && r.DistinctIDs == mixedTotal {
		verdict = "met"
	}
	imp := "ok"
	if r.ImportErr != "" {
		imp = "failed: " + r.ImportErr
	}
	note := ""
	if len(r.FirstErr) > 0 {
		note = " First unexpected answers: " + strings.Join(r.FirstErr, "; ") + "."
	}
	return fmt.Sprintf("A fresh process; %d joins posted and their mails sent beforehand (%d confirmation links found, %d missing). Then at once: %d join confirmations (8 connections; %d ok, other answers %v; %.1f s), %d superuser REST creates (8 connections; %d ok, other answers %v; %.1f s) and `members import` of %d rows in a second process (%s; %.1f s): %.1f s in all. Read back: %d members, %d distinct member IDs, expected %d (SPEC: %d distinct IDs, 0 errors: %s; %d creates counted ok).%s\n",
		r.PrepareJoins, r.Joins, r.Missing, r.Joins, r.JoinOK, r.JoinBad, r.JoinTime.Seconds(), r.REST, r.RESTOK, r.RESTBad, r.RESTTime.Seconds(),
		r.Import, imp, r.ImportTime.Seconds(), r.Elapsed.Seconds(), r.Members, r.DistinctIDs, mixedTotal, mixedTotal, verdict, created, note)
}
