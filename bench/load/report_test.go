package load

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func medianDur(rs []result, f func(result) time.Duration) time.Duration {
	xs := make([]float64, len(rs))
	for i, r := range rs {
		xs[i] = float64(f(r))
	}
	return time.Duration(median(xs))
}

func rates(rs []result) []float64 {
	xs := make([]float64, len(rs))
	for i, r := range rs {
		xs[i] = r.RPS()
	}
	return xs
}

// ratios are the per-pair A/B throughput ratios.
func (p *pair) ratios() []float64 {
	xs := make([]float64, 0, len(p.As))
	for i := range min(len(p.As), len(p.Bs)) {
		if b := p.Bs[i].RPS(); b > 0 {
			xs = append(xs, p.As[i].RPS()/b)
		}
	}
	return xs
}

func spread(xs []float64, format string) string {
	if len(xs) == 0 {
		return "–"
	}
	return fmt.Sprintf(format+" ("+format+"–"+format+")", median(xs), slices.Min(xs), slices.Max(xs))
}

func lat(rs []result) string {
	return fmt.Sprintf("%s / %s", ms(medianDur(rs, func(r result) time.Duration { return r.P50 })), ms(medianDur(rs, func(r result) time.Duration { return r.P99 })))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func bad(rs []result) int {
	n := 0
	for _, r := range rs {
		n += r.Bad
	}
	return n
}

// verdict compares the median ratio with the goal.
func (p *pair) verdict() string {
	if p.Goal == 0 {
		return "—"
	}
	if m := median(p.ratios()); m >= p.Goal {
		return fmt.Sprintf("met (≥ %.2f×)", p.Goal)
	}
	return fmt.Sprintf("**not met** (goal ≥ %.2f×)", p.Goal)
}

// table renders the pairs as one markdown table.
func table(ps []*pair) string {
	var b strings.Builder
	b.WriteString("| scenario (A vs B) | c | A req/s median (min–max) | B req/s median (min–max) | A/B median (min–max) | A p50 / p99 | B p50 / p99 | non-2xx/3xx A+B | SPEC §12 |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|\n")
	for _, p := range ps {
		fmt.Fprintf(&b, "| %s vs %s | %d | %s | %s | %s× | %s | %s | %d | %s |\n",
			p.A, p.B, p.Conc, spread(rates(p.As), "%.0f"), spread(rates(p.Bs), "%.0f"),
			spread(p.ratios(), "%.2f"), lat(p.As), lat(p.Bs), bad(p.As)+bad(p.Bs), p.verdict())
	}
	return b.String()
}
