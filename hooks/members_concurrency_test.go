package hooks_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

// TestConcurrentCreatesGetDistinctIDs mixes REST creates over real HTTP and
// app.Save calls from goroutines: every create succeeds, every member ID is
// distinct and the sequence ends at the highest number.
func TestConcurrentCreatesGetDistinctIDs(t *testing.T) {
	const workers, perWorker = 32, 63 // 2,016 creates
	app, cfg := testapp.New(t, map[string]string{"MEMBER_ID_WIDTH": "3", "RATE_LIMIT": "off"})
	srv := testapp.Serve(t, app)
	editor := newStaff(t, app, "editor@staff.example.org", "editor")
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}, Timeout: time.Minute}

	ids := make(chan string, workers*perWorker)
	errs := make(chan error, workers*perWorker)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				email := fmt.Sprintf("w%d-%d@example.org", w, i)
				if w%2 == 0 {
					res := doJSON(t, client, http.MethodPost, srv.URL+membersURL, editor,
						map[string]any{"first_name": "Rest", "last_name": "Worker", "email": email})
					id, _ := res.Body["member_id"].(string)
					if res.Status != 200 || id == "" {
						errs <- fmt.Errorf("REST create: %d %v", res.Status, res.Body)
						continue
					}
					ids <- id
					continue
				}
				r := newMember(t, app, "Go", email)
				if err := app.Save(r); err != nil {
					errs <- fmt.Errorf("app.Save: %w", err)
					continue
				}
				ids <- r.GetString("member_id")
			}
		})
	}
	wg.Wait()
	close(ids)
	close(errs)
	t.Logf("%d creates at concurrency %d in %s", workers*perWorker, workers, time.Since(start))
	for err := range errs {
		t.Error(err)
	}

	format := members.IDFormat{Prefix: cfg.MemberIDPrefix, Width: cfg.MemberIDWidth}
	seen := map[string]bool{}
	var highest int64
	for id := range ids {
		if seen[id] {
			t.Errorf("duplicate member_id %s", id)
		}
		seen[id] = true
		n, ok := format.Parse(id)
		if !ok {
			t.Errorf("member_id %q not in format", id)
		}
		highest = max(highest, n)
	}
	if len(seen) != workers*perWorker {
		t.Errorf("%d distinct ids, want %d", len(seen), workers*perWorker)
	}
	if n, _ := app.CountRecords("members"); n != int64(workers*perWorker) {
		t.Errorf("members = %d, want %d", n, workers*perWorker)
	}
	if seq := sequence(t, app); seq != highest || highest != int64(workers*perWorker) {
		t.Errorf("sequence = %d, highest id = %d, want both %d", seq, highest, workers*perWorker)
	}
	// Widened past the 3-digit width without breaking.
	if !seen["M-2016"] {
		t.Error("M-2016 missing: numbers beyond the width must be written in full")
	}
}
