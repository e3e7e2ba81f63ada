package load

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// report is what the harness found besides the paired tables.
type report struct {
	load0, load1 string
	rssRun       result
	hwmKiB       int
	rssBacklog   string
	drains       []float64
	notes        []string
	mixed        string // the mixed-creates scenario, when it ran
}

func writeReport(t *testing.T, path string, s settings, ps []*pair, r report) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "# Load results (`make bench-load`)\n\n")
	fmt.Fprintf(&b, "Generated %s by bench/load against the built binary, production profile, loopback, `RATE_LIMIT=off`, `LOG_LEVEL=warn`, intake and outbox workers running, in-process SMTP server. Runs of %v, %d pairs per scenario (A B A B …), joins at c=%v; ratios are A/B per pair. Load average before: %s; after: %s.\n\n",
		time.Now().UTC().Format(time.RFC3339), s.Run, s.Pairs, s.Joins, r.load0, r.load1)
	b.WriteString(table(ps))
	b.WriteString("\n## Backlog and outbox\n\n")
	for _, p := range ps {
		for _, n := range p.Notes {
			fmt.Fprintf(&b, "- %s: %s\n", p.Name, n)
		}
	}
	for _, p := range ps {
		if p.Name != "slow smtp" {
			continue
		}
		var xs []float64
		for i := range min(len(p.As), len(p.Bs)) {
			if p.Bs[i].P99 > 0 {
				xs = append(xs, float64(p.As[i].P99)/float64(p.Bs[i].P99))
			}
		}
		verdict := "**not met**"
		if len(xs) > 0 && median(xs) <= 1.2 {
			verdict = "met"
		}
		fmt.Fprintf(&b, "- `POST /join` p99 with SMTP at 2 s/message over p99 with a fast one: %s× (SPEC: ≤ 1.2×): %s\n", spread(xs, "%.2f"), verdict)
	}
	b.WriteString(drainLine(s, r))
	b.WriteString(rssSection(s, r))
	if r.mixed != "" {
		fmt.Fprintf(&b, "\n## 10,000 mixed creates\n\n%s", r.mixed)
	}
	b.WriteString("\n## Notes\n\n")
	for _, n := range r.notes {
		fmt.Fprintf(&b, "- %s\n", n)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s\n%s", path, b.String())
}

// notRun stands in for a figure whose scenario BENCH_ONLY left out, so a
// partial run never reads as a goal missed.
const notRun = "not run (left out by `BENCH_ONLY`)"

// drainLine is the outbox drain figure, measured by the slow-SMTP scenario.
func drainLine(s settings, r report) string {
	const what = "- outbox drain to the fast server after a slow run"
	if !s.runs("slow") {
		return what + ": " + notRun + "\n"
	}
	verdict := "**not met**"
	if len(r.drains) > 0 && median(r.drains) >= 200 {
		verdict = "met"
	}
	return fmt.Sprintf("%s: %s messages/s (SPEC: ≥ 200): %s\n", what, spread(r.drains, "%.0f"), verdict)
}

// rssSection is the peak RSS figure of the long join load.
func rssSection(s settings, r report) string {
	if !s.runs("rss") {
		return "\n## Peak RSS\n\n" + strings.ToUpper(notRun[:1]) + notRun[1:] + ".\n"
	}
	return fmt.Sprintf("\n## Peak RSS\n\nA fresh process under `POST /join` at c=16 for %v: %d joins (%.0f/s, p99 %s, %d bad); VmHWM %.1f MiB (SPEC: ≤ 100 MiB: %s). %s.\n",
		s.RSS, r.rssRun.OK, r.rssRun.RPS(), ms(r.rssRun.P99), r.rssRun.Bad, float64(r.hwmKiB)/1024, metIf(float64(r.hwmKiB)/1024 <= 100), r.rssBacklog)
}

func metIf(ok bool) string {
	if ok {
		return "met"
	}
	return "**not met**"
}
