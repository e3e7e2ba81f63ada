package webhooks_test

import (
	"testing"
	"time"

	"memberbase/internal/webhooks"
)

// TestRetryWaitsSpreadTenPercentAroundTheSchedule: an integrator's endpoint
// sees retries 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after each
// failure (SPEC §17), each spread over 90 %..110 % of that wait; an attempt
// number below one counts as the first, and none is left after the eighth.
func TestRetryWaitsSpreadTenPercentAroundTheSchedule(t *testing.T) {
	waits := []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour,
		5 * time.Hour, 10 * time.Hour, 10 * time.Hour}
	if webhooks.MaxAttempts != len(waits)+1 {
		t.Fatalf("MaxAttempts %d, want %d", webhooks.MaxAttempts, len(waits)+1)
	}
	for i, wait := range waits {
		for _, c := range []struct {
			j    float64
			want time.Duration
		}{{0, wait * 9 / 10}, {0.5, wait}, {0.75, wait * 105 / 100}} {
			got, ok := webhooks.Backoff(i+1, c.j)
			if !ok || got != c.want {
				t.Errorf("attempt %d, jitter %v: %s (retry %v), want %s", i+1, c.j, got, ok, c.want)
			}
		}
	}
	for _, attempt := range []int{0, -3} {
		if got, ok := webhooks.Backoff(attempt, 0.5); !ok || got != waits[0] {
			t.Errorf("attempt %d: %s (retry %v), want the first wait %s", attempt, got, ok, waits[0])
		}
	}
	for _, attempt := range []int{webhooks.MaxAttempts, webhooks.MaxAttempts + 1} {
		if got, ok := webhooks.Backoff(attempt, 0.5); ok || got != 0 {
			t.Errorf("attempt %d: %s (retry %v), want no retry", attempt, got, ok)
		}
	}
}
