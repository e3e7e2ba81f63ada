package load

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLoad is `make bench-load`: every SPEC §12 scenario against the built
// binary, written to bench/results/latest.md (or BENCH_OUT). It runs only
// with BENCH_LOAD=1, like the long tests behind MEMBERBASE_LONG_TESTS.
func TestLoad(t *testing.T) {
	if os.Getenv("BENCH_LOAD") != "1" {
		t.Skip("the load harness runs with BENCH_LOAD=1 (make bench-load)")
	}
	s := settings{
		Run:       envDuration(t, "BENCH_RUN", 5*time.Second),
		Pairs:     envInt(t, "BENCH_PAIRS", 3),
		RSS:       envDuration(t, "BENCH_RSS", 60*time.Second),
		Max:       int64(envInt(t, "BENCH_MAX_REQUESTS", 200000)),
		Joins:     envInts(t, "BENCH_JOIN_CONC", []int{16}),
		Lifecycle: envInt(t, "BENCH_LIFECYCLE", 2000),
		Payments:  envInt(t, "BENCH_PAYMENTS", 50000),
		Only:      envSet(os.Getenv("BENCH_ONLY")),
	}
	out := os.Getenv("BENCH_OUT")
	if out == "" {
		out = filepath.Join("..", "results", "latest.md")
	}
	began := time.Now()
	load0 := loadAvg()
	bin := binary(t)
	inst := startInstance(t, bin)
	createPlain(t, inst)
	em := &emails{prefix: fmt.Sprintf("b%d", time.Now().UnixNano())}
	var ps []*pair
	var notes []string
	settle := func(side string, i int) {
		if d, n, err := drain(inst, drainLimit); err != nil {
			t.Logf("drain: %v", err)
		} else if d > time.Second {
			t.Logf("drained %d mails in %v", n, d)
		}
	}

	// 1. POST /join against a public create on the hook-less collection.
	for _, c := range s.Joins {
		if !s.runs("join") {
			break
		}
		p := &pair{Name: fmt.Sprintf("join c=%d", c), A: "`POST /join`", B: "plain REST create (public)", Conc: c}
		if c == 16 {
			p.Goal = 0.6
		}
		var backlog []string
		alternate(t, s, p,
			func() result {
				sm := sample(inst)
				r := run(inst, c, s.Run, s.Max, postJoin(em))
				backlog = append(backlog, sm.end())
				d, n, err := drain(inst, drainLimit)
				backlog = append(backlog, fmt.Sprintf("then drained in %.1f s (%d mails)%s", d.Seconds(), n, errNote(err)))
				return r
			},
			func() result { return run(inst, c, s.Run, s.Max, restCreate(em, "bench_plain", false)) }, nil)
		p.Notes = backlog
		ps = append(ps, p)
	}

	// 2. REST create of a member against the same plain create, both as superuser.
	if s.runs("member") {
		p := &pair{Name: "member create", A: "REST create of a member (superuser)", B: "plain REST create (superuser)", Conc: 16, Goal: 0.75}
		alternate(t, s, p,
			func() result { return run(inst, 16, s.Run, s.Max, restCreate(em, "members", true)) },
			func() result { return run(inst, 16, s.Run, s.Max, restCreate(em, "bench_plain", true)) }, settle)
		ps = append(ps, p)
	}

	// 3. Pages against a static asset.
	asset := staticAsset(t, inst)
	for _, page := range []string{"/join", "/lookup", "/"} {
		if !s.runs("pages") {
			break
		}
		p := &pair{Name: "GET " + page, A: "`GET " + page + "`", B: "`GET " + asset + "`", Conc: 64}
		if page == "/join" {
			p.Goal = 0.5
		}
		alternate(t, s, p, func() result { return run(inst, 64, s.Run, s.Max, get(page)) },
			func() result { return run(inst, 64, s.Run, s.Max, get(asset)) }, nil)
		ps = append(ps, p)
	}

	// 4. POST /join with a fast SMTP server against one taking 2 s per message.
	var drains []float64
	if s.runs("slow") {
		slow := &pair{Name: "slow smtp", A: "`POST /join`, SMTP 2 s/message", B: "`POST /join`, fast SMTP", Conc: 16}
		alternate(t, s, slow,
			func() result {
				inst.SMTP.SetDelay(2 * time.Second)
				r := run(inst, 16, s.Run, s.Max, postJoin(em))
				time.Sleep(time.Second) // let the intake hand its rows to the outbox
				inst.SMTP.SetDelay(0)
				d, n, err := drain(inst, drainLimit)
				if err == nil && d > 0 && n > 0 {
					drains = append(drains, float64(n)/d.Seconds())
				}
				slow.Notes = append(slow.Notes, fmt.Sprintf("after the slow run, %d mails drained to the fast server in %.1f s%s", n, d.Seconds(), errNote(err)))
				return r
			},
			func() result {
				r := run(inst, 16, s.Run, s.Max, postJoin(em))
				_, _, _ = drain(inst, drainLimit)
				return r
			}, nil)
		ps = append(ps, slow)
	}
	inst.stop()

	// 5. The dues lifecycle job over BENCH_LIFECYCLE members, GET / meanwhile.
	if s.runs("lifecycle") {
		lp, lnotes := lifecycleScenario(t, bin, s.Lifecycle)
		ps = append(ps, lp)
		notes = append(notes, lnotes...)
	}

	// 5b. `payments import` of BENCH_PAYMENTS lines beside serve (payments_test.go).
	if s.runs("payments") {
		pp, pnotes := paymentsScenario(t, bin, s.Payments, em)
		ps = append(ps, pp)
		notes = append(notes, pnotes...)
	}

	// 6. Peak RSS of a fresh process under a long join load, with the backlog over it.
	var rssRun result
	var rssBacklog string
	var hwm int
	if s.runs("rss") {
		rssInst := startInstance(t, bin)
		sm := sample(rssInst)
		rssRun = run(rssInst, 16, s.RSS, 1<<40, postJoin(em))
		rssBacklog = sm.end()
		var err error
		if hwm, err = rssInst.procStatus("VmHWM"); err != nil {
			t.Fatal(err)
		}
		rssInst.stop()
	}

	// 7. 10,000 member creates at once across join confirmation, REST and import.
	var mixed string
	if s.runs("mixed") {
		mixed = mixedReport(runMixed(t, bin, em))
	}

	load1 := loadAvg()
	notes = append(notes, fmt.Sprintf("Wall time of the harness: %.0f s.", time.Since(began).Seconds()))
	writeReport(t, out, s, ps, report{
		load0: load0, load1: load1, rssRun: rssRun, hwmKiB: hwm, rssBacklog: rssBacklog,
		drains: drains, notes: notes, mixed: mixed,
	})
}

// drainLimit bounds each wait for the workers to catch up between runs, so
// the whole harness stays under 10 minutes however slow the machine is.
const drainLimit = 30 * time.Second

// envSet reads BENCH_ONLY: a CSV of scenario names (join, member, pages,
// slow, lifecycle, payments, rss, mixed); empty runs them all.
func envSet(v string) map[string]bool {
	if v == "" {
		return nil
	}
	m := map[string]bool{}
	for _, f := range strings.Split(v, ",") {
		m[strings.TrimSpace(f)] = true
	}
	return m
}

// envInts reads a CSV of positive integers.
func envInts(t *testing.T, name string, def []int) []int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	var out []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			t.Fatalf("%s: want a CSV of positive integers", name)
		}
		out = append(out, n)
	}
	return out
}

func errNote(err error) string {
	if err != nil {
		return " (" + err.Error() + ")"
	}
	return ""
}

func envDuration(t *testing.T, name string, def time.Duration) time.Duration {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return d
}

func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s: want a positive integer", name)
	}
	return n
}

// loadAvg is the first line of /proc/loadavg: the machine is shared.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:3], " ") + fmt.Sprintf(" on %d CPUs", runtime.NumCPU())
}

// createPlain makes the hook-less baseline collection: the same four fields
// as a member, created/updated, a unique email, public create.
func createPlain(t *testing.T, inst *instance) {
	t.Helper()
	col := map[string]any{
		"name": "bench_plain", "type": "base", "createRule": "",
		"fields": []map[string]any{
			{"name": "first_name", "type": "text"}, {"name": "last_name", "type": "text"},
			{"name": "email", "type": "email"}, {"name": "status", "type": "text"},
			{"name": "created", "type": "autodate", "onCreate": true},
			{"name": "updated", "type": "autodate", "onCreate": true, "onUpdate": true},
		},
		"indexes": []string{"CREATE UNIQUE INDEX idx_bench_plain_email ON bench_plain (email)"},
	}
	if err := inst.superuserJSON("POST", "/api/collections", col, nil); err != nil {
		t.Fatal(err)
	}
}

// staticAsset finds the hashed stylesheet the home page links.
func staticAsset(t *testing.T, inst *instance) string {
	t.Helper()
	c := newConn(inst)
	defer c.close()
	_, b, err := c.do(inst.request("GET", "/", nil))
	if err != nil {
		t.Fatal(err)
	}
	m := assetRe.Find(b)
	if m == nil {
		t.Fatal("no stylesheet link on /")
	}
	return string(m)
}
