package observe_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tools/logger"

	"memberbase/internal/config"
	"memberbase/internal/testapp"
)

// TestSustainedLoadKeepsLogsBounded drives API traffic through a test app
// twice, side by side: once with PocketBase's default log settings (the
// baseline) and once with ours, and compares auxiliary.db growth and heap.
// Long: run with `make test-long`.
func TestSustainedLoadKeepsLogsBounded(t *testing.T) {
	if os.Getenv("MEMBERBASE_LONG_TESTS") == "" {
		t.Skip("long test: make test-long")
	}
	n := 50000
	if v, err := strconv.Atoi(os.Getenv("MEMBERBASE_LOAD_REQUESTS")); err == nil && v > 0 {
		n = v
	}
	base := runLoad(t, n, false)
	ours := runLoad(t, n, true)
	t.Logf("requests=%d  baseline: aux=%.1f MiB logs=%d heap=%.1f MiB | ours: aux=%.1f MiB logs=%d heap=%.1f MiB | aux ratio ours/baseline=%.3f | process RSS %.0f MiB",
		n, base.auxMiB, base.logRows, base.heapMiB, ours.auxMiB, ours.logRows, ours.heapMiB, ours.auxMiB/base.auxMiB, rssMiB(t))
	if ours.logRows > int64(ours.errors) {
		t.Errorf("ours kept %d log rows for %d error requests: successes are being stored", ours.logRows, ours.errors)
	}
	if ours.auxMiB > 16 {
		t.Errorf("auxiliary.db grew to %.1f MiB under load", ours.auxMiB)
	}
	// Both apps, the load generator and the race-free test binary together:
	// docs/operations.md documents this bound.
	if rss := rssMiB(t); rss > 400 {
		t.Errorf("process RSS %.0f MiB after the load", rss)
	}
}

type loadResult struct {
	auxMiB, heapMiB float64
	logRows         int64
	errors          int
}

func runLoad(t *testing.T, n int, ours bool) loadResult {
	app, _ := testapp.New(t, map[string]string{"RATE_LIMIT": "off"})
	srv := testapp.Serve(t, app) // saves our settings: MaxDays and MinLevel in effect
	if app.Settings().Logs.MaxDays != config.LogsMaxDays {
		t.Fatalf("serve did not apply the log retention: %+v", app.Settings().Logs)
	}
	if !ours {
		// PocketBase's default level: every request is stored at INFO.
		app.Settings().Logs.MinLevel = 0
		app.Logger().Handler().(*logger.BatchHandler).SetLevel(slog.LevelInfo)
	}

	var next, errs atomic.Int64
	var wg sync.WaitGroup
	deadline := time.Now().Add(90 * time.Second)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				i := next.Add(1)
				if i > int64(n) {
					return
				}
				path := "/api/collections/social_links/records"
				if i%100 == 0 {
					path = "/api/collections/nope/records" // an error, which must still be logged
					errs.Add(1)
				}
				res, err := http.Get(srv.URL + path + "?page=" + fmt.Sprint(i%7+1))
				if err != nil {
					t.Error(err)
					return
				}
				res.Body.Close()
			}
		}()
	}
	wg.Wait()
	time.Sleep(4 * time.Second) // PocketBase writes logs in 3 s batches

	var rows int64
	_ = app.AuxDB().NewQuery("SELECT COUNT(*) FROM _logs").Row(&rows)
	var size int64
	for _, f := range []string{"auxiliary.db", "auxiliary.db-wal"} {
		if st, err := os.Stat(filepath.Join(app.DataDir(), f)); err == nil {
			size += st.Size()
		}
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return loadResult{auxMiB: float64(size) / (1 << 20), heapMiB: float64(ms.HeapAlloc) / (1 << 20), logRows: rows, errors: int(errs.Load())}
}

// rssMiB reads the test process's resident set size from /proc.
func rssMiB(t *testing.T) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.Atoi(f[1])
			return float64(kb) / 1024
		}
	}
	t.Fatal("no VmRSS in /proc/self/status")
	return 0
}
