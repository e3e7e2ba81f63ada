package outbox

import (
	"errors"
	"strings"
	"sync"
	"time"
)

// Priorities of outbox rows: the worker claims the highest first, so a
// transactional mail (a join confirmation, a privacy link) never waits
// behind an announcement to every member. Transactional is the column's
// default, so a row written by any other path is never held back.
const (
	PriorityBulk          = -10
	PriorityTransactional = 0
)

// Rate bounds bulk sends: at most Max rows of bulk priority are claimed in
// any Window. The zero Rate is unlimited.
type Rate struct {
	Max    int
	Window time.Duration
}

// reservedHeaders are set by the worker and the mail library; a message's
// own headers may not replace them.
var reservedHeaders = map[string]bool{
	"from": true, "to": true, "cc": true, "bcc": true, "subject": true, "date": true,
	"message-id": true, "mime-version": true, "content-type": true,
	"content-transfer-encoding": true, "reply-to": true, "sender": true, "return-path": true,
}

// validHeaders accepts header names made of letters, digits and dashes,
// values of one line, and no header the worker owns.
func validHeaders(h map[string]string) error {
	for k, v := range h {
		if k == "" || len(k) > 60 || reservedHeaders[strings.ToLower(k)] {
			return errors.New("outbox: header name not allowed")
		}
		for _, c := range k {
			if !(c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
				return errors.New("outbox: header name not allowed")
			}
		}
		if v == "" || len(v) > 900 || strings.ContainsAny(v, "\r\n") {
			return errors.New("outbox: header value must be one non-empty line")
		}
	}
	return nil
}

// bulkBudget remembers when bulk rows were claimed, to keep them within a
// [Rate] over a sliding window. It lives in the worker, so the budget
// restarts with the process: at worst one extra window's worth after a
// restart, never a burst of the whole backlog.
type bulkBudget struct {
	rate  Rate
	mu    sync.Mutex
	times []time.Time
}

// available is how many bulk rows may be claimed at now.
func (b *bulkBudget) available(now time.Time) int {
	if b.rate.Max <= 0 || b.rate.Window <= 0 {
		return -1 // unlimited
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	cut := 0
	for cut < len(b.times) && !b.times[cut].After(now.Add(-b.rate.Window)) {
		cut++
	}
	b.times = b.times[cut:]
	return max(0, b.rate.Max-len(b.times))
}

// nextFree is how long after now the oldest claim leaves the window and
// frees budget; false when nothing is spent.
func (b *bulkBudget) nextFree(now time.Time) (time.Duration, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.times) == 0 {
		return 0, false
	}
	return max(time.Millisecond, b.times[0].Add(b.rate.Window).Sub(now)+time.Millisecond), true
}

// spend records n bulk rows claimed at now.
func (b *bulkBudget) spend(now time.Time, n int) {
	if b.rate.Max <= 0 || n <= 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for range n {
		b.times = append(b.times, now)
	}
}
