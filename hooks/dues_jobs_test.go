package hooks_test

import (
	"testing"

	"memberbase/internal/testapp"
)

// TestDuesJobsScheduled: serve schedules the lifecycle job on
// LIFECYCLE_CRON and the daily retention job.
func TestDuesJobsScheduled(t *testing.T) {
	app, _ := testapp.New(t, map[string]string{"LIFECYCLE_CRON": "5 6 * * *"})
	testapp.Mux(t, app)
	want := map[string]string{"memberbase.dues.lifecycle": "5 6 * * *", "memberbase.dues.retention": "35 4 * * *"}
	for _, j := range app.Cron().Jobs() {
		if expr, ok := want[j.Id()]; ok {
			if j.Expression() != expr {
				t.Errorf("%s runs on %q, want %q", j.Id(), j.Expression(), expr)
			}
			delete(want, j.Id())
		}
	}
	if len(want) != 0 {
		t.Errorf("not scheduled: %v", want)
	}
}
