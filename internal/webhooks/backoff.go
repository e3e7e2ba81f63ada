package webhooks

import "time"

// schedule holds the waits after each failed attempt (SPEC §17): eight
// attempts over about 32 hours, then the delivery is failed.
var schedule = [...]time.Duration{
	5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour,
	5 * time.Hour, 10 * time.Hour, 10 * time.Hour,
}

// MaxAttempts is the number of attempts before a delivery is failed.
const MaxAttempts = len(schedule) + 1

// Backoff is the wait after `attempt` failed attempts (1-based), with ±10%
// jitter from j in [0,1) so that the deliveries of one outage do not all
// come back in the same second. ok is false when no retry is left.
func Backoff(attempt int, j float64) (d time.Duration, ok bool) {
	if attempt < 1 {
		attempt = 1
	}
	if attempt > len(schedule) {
		return 0, false
	}
	return time.Duration(float64(schedule[attempt-1]) * (0.9 + 0.2*j)), true
}
