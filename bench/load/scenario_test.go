package load

import (
	"fmt"
	"testing"
	"time"
)

// settings are the knobs of one harness run, from the environment.
type settings struct {
	Run   time.Duration // one side of one pair
	Pairs int
	RSS   time.Duration   // the long join load of the RSS and backlog check
	Max   int64           // requests per run, whatever the clock says
	Joins []int           // concurrencies of the POST /join pairs
	Only  map[string]bool // BENCH_ONLY: the scenarios to run; nil runs all
	// Lifecycle is how many members the dues lifecycle scenario renews.
	Lifecycle int
	// Payments is how many lines the payments import scenario imports.
	Payments int
}

// runs reports whether the scenario name is selected by BENCH_ONLY.
func (s settings) runs(name string) bool { return s.Only == nil || s.Only[name] }

// pair is one scenario measured against its baseline, alternating A B A B.
type pair struct {
	Name, A, B string
	Conc       int
	As, Bs     []result
	Goal       float64 // the minimum A/B ratio of SPEC §12; 0 when none
	Notes      []string
}

// alternate measures a then b, Pairs times; after each run of either side it
// calls settle (e.g. to let the workers drain) so one side's leftovers do not
// load the other's run.
func alternate(t *testing.T, s settings, p *pair, a, b func() result, settle func(side string, i int)) {
	t.Helper()
	for i := range s.Pairs {
		for _, side := range []string{"A", "B"} {
			var r result
			if side == "A" {
				r = a()
			} else {
				r = b()
			}
			if r.Err != nil && r.OK == 0 {
				t.Fatalf("%s %s: %v", p.Name, side, r.Err)
			}
			if side == "A" {
				p.As = append(p.As, r)
			} else {
				p.Bs = append(p.Bs, r)
			}
			t.Logf("%s pair %d %s: %.0f req/s, p50 %v p99 %v, bad %d %v", p.Name, i+1, side, r.RPS(), r.P50, r.P99, r.Bad, r.Statuses)
			if settle != nil {
				settle(side, i)
			}
		}
	}
}

// drain waits until every worker's backlog is empty (or limit passes) and
// returns how long that took and how many mails arrived meanwhile.
func drain(inst *instance, limit time.Duration) (time.Duration, int, error) {
	start, before := time.Now(), inst.SMTP.Count()
	for time.Since(start) < limit {
		b, err := inst.backlogs()
		if err != nil {
			return 0, 0, err
		}
		total := 0
		for _, n := range b {
			total += n
		}
		if total == 0 {
			return time.Since(start), inst.SMTP.Count() - before, nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return time.Since(start), inst.SMTP.Count() - before, fmt.Errorf("backlog not empty after %v", limit)
}

// sampler polls the worker backlogs every second while a load runs.
type sampler struct {
	stop    chan struct{}
	done    chan struct{}
	samples []map[string]int
}

func sample(inst *instance) *sampler {
	s := &sampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-tick.C:
				if b, err := inst.backlogs(); err == nil {
					s.samples = append(s.samples, b)
				}
			}
		}
	}()
	return s
}

// end stops sampling and describes the backlog of each worker over the run:
// the first, maximum and last sample.
func (s *sampler) end() string {
	close(s.stop)
	<-s.done
	if len(s.samples) == 0 {
		return "no samples"
	}
	out := ""
	for _, w := range []string{"intake", "outbox"} {
		first, last, peak := s.samples[0][w], s.samples[len(s.samples)-1][w], 0
		for _, m := range s.samples {
			peak = max(peak, m[w])
		}
		out += fmt.Sprintf("%s backlog first/max/last %d/%d/%d; ", w, first, peak, last)
	}
	return out + fmt.Sprintf("%d samples, 1 s apart", len(s.samples))
}
