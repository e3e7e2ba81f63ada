package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportSaysNotRunForLeftOutScenarios: a run narrowed by BENCH_ONLY
// (say, the lifecycle scenario alone) must not report the outbox drain
// and peak RSS it never measured as goals missed.
func TestReportSaysNotRunForLeftOutScenarios(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.md")
	writeReport(t, out, settings{Only: envSet("lifecycle")}, nil, report{})
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	if strings.Contains(got, "not met") {
		t.Errorf("a scenario left out reads as a goal missed:\n%s", got)
	}
	for _, want := range []string{"outbox drain to the fast server after a slow run: not run", "## Peak RSS\n\nNot run"} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}

	// A full run still judges both figures.
	writeReport(t, out, settings{}, nil, report{drains: []float64{150}, hwmKiB: 50 << 10})
	b, _ = os.ReadFile(out)
	for _, want := range []string{"150 (150–150) messages/s (SPEC: ≥ 200): **not met**", "VmHWM 50.0 MiB (SPEC: ≤ 100 MiB: met)"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("full report lacks %q:\n%s", want, b)
		}
	}
}
