package outbox

import (
	"math"
	"regexp"
	"time"
)

// Retry schedule: the first retry after about a minute, growing
// geometrically to about six hours before the last attempt; 8 attempts span
// roughly ten hours, long enough to ride out a mail provider's bad evening.
const (
	DefaultMaxAttempts = 8
	backoffBase        = time.Minute
	backoffCap         = 6 * time.Hour
)

// Backoff is the delay before the next attempt after `attempt` failed ones
// (1-based), with ±20% jitter from j in [0,1) so that a burst of failures
// does not retry in lockstep. The jitter band is narrow enough that delays
// still grow from one attempt to the next.
func Backoff(attempt int, j float64) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	// The factor makes attempt 7 (the last retry of 8) wait the cap:
	// base * factor^6 = cap, about 2.67.
	factor := math.Pow(float64(backoffCap/backoffBase), 1.0/6)
	d := float64(backoffBase) * math.Pow(factor, float64(attempt-1))
	d = min(d, float64(backoffCap))
	return time.Duration(d * (0.8 + 0.4*j))
}

// addressPattern finds anything that looks like an email address, so SMTP
// replies such as "550 <someone@example.org>: no such user" are stored and
// logged without the address.
var addressPattern = regexp.MustCompile(`[^\s<>"'(),;:]+@[^\s<>"'(),;:]+`)

// redactError renders err for last_error and logs: addresses removed and at
// most 2000 characters (the field's limit).
func redactError(err error) string {
	s := addressPattern.ReplaceAllString(err.Error(), "[address]")
	if len(s) > 2000 {
		s = s[:2000]
	}
	return s
}
