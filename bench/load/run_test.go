package load

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// result is one timed run of one side of a scenario.
type result struct {
	OK, Bad  int
	Elapsed  time.Duration
	P50, P99 time.Duration
	Err      error       // the first transport error, if any
	Statuses map[int]int // answers that were not the expected one, by status
}

// RPS is the rate of expected answers.
func (r result) RPS() float64 { return float64(r.OK) / r.Elapsed.Seconds() }

// run drives op on conc connections for d (bounded also by maxReq requests in
// all), each connection opened and given its CSRF pair before the clock
// starts.
func run(inst *instance, conc int, d time.Duration, maxReq int64, o op) result {
	conns := make([]*conn, conc)
	for i := range conns {
		conns[i] = newConn(inst)
		if err := conns[i].csrf(); err != nil {
			return result{Err: err}
		}
	}
	defer func() {
		for _, c := range conns {
			c.close()
		}
	}()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		lat      []time.Duration
		ok, bad  int
		firstErr error
		issued   atomic.Int64
		statuses = map[int]int{}
	)
	start := time.Now()
	deadline := start.Add(d)
	for _, c := range conns {
		wg.Go(func() {
			var mine []time.Duration
			var myOK, myBad int
			var myErr error
			myBadSt := map[int]int{}
			for time.Now().Before(deadline) && issued.Add(1) <= maxReq {
				t0 := time.Now()
				good, st, err := o(c)
				mine = append(mine, time.Since(t0))
				if good {
					myOK++
				} else {
					myBad++
					myBadSt[st]++
					if err != nil && myErr == nil {
						myErr = err
					}
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			ok, bad = ok+myOK, bad+myBad
			if firstErr == nil {
				firstErr = myErr
			}
			for k, v := range myBadSt {
				statuses[k] += v
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	r := result{OK: ok, Bad: bad, Elapsed: time.Since(start), Err: firstErr, Statuses: statuses}
	slices.Sort(lat)
	if n := len(lat); n > 0 {
		r.P50, r.P99 = lat[n*50/100], lat[min(n-1, n*99/100)]
	}
	return r
}
