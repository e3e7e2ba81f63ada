package webhooks

import (
	"encoding/json"
	"sync"
	"time"
)

// Cooldown bounds: after its first failed post an endpoint is left alone
// for minCooldown, doubling with each further failure up to maxCooldown.
// Both stay below the retry schedule's waits, so a retry is never held
// back by more than the cooldown, and the state is only in memory: a
// restart forgets it at the cost of one more failed round.
const (
	minCooldown = time.Second
	maxCooldown = time.Minute
)

// endpoints keeps each endpoint's share of the worker: at most
// PerEndpoint posts at once, and a circuit breaker. A failed post opens
// it for a cooldown during which claims skip that endpoint's deliveries
// and those already claimed go back to the queue unposted, so a dead
// endpoint with a big backlog costs one round of timeouts, not a slot
// for each of its deliveries, and its deliveries keep their attempts.
type endpoints struct {
	per   int
	mu    sync.Mutex
	state map[string]*endpoint
}

type endpoint struct {
	slots chan struct{}
	fails int       // consecutive failed posts
	until time.Time // cooling down until
}

func newEndpoints(per int) *endpoints {
	return &endpoints{per: per, state: map[string]*endpoint{}}
}

func (e *endpoints) get(id string) *endpoint {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.state[id]
	if s == nil {
		s = &endpoint{slots: make(chan struct{}, e.per)}
		e.state[id] = s
	}
	return s
}

// cooling lists, as a JSON array for the claim, the endpoints whose
// cooldown has not ended at now.
func (e *endpoints) cooling(now time.Time) string {
	e.mu.Lock()
	ids := []string{}
	for id, s := range e.state {
		if now.Before(s.until) {
			ids = append(ids, id)
		}
	}
	e.mu.Unlock()
	b, _ := json.Marshal(ids)
	return string(b)
}

// coolingUntil is the end of id's cooldown, ok when it is cooling at now.
func (e *endpoints) coolingUntil(id string, now time.Time) (time.Time, bool) {
	s := e.get(id)
	e.mu.Lock()
	defer e.mu.Unlock()
	return s.until, now.Before(s.until)
}

// failed opens id's breaker after a failed post at now.
func (e *endpoints) failed(id string, now time.Time) {
	s := e.get(id)
	e.mu.Lock()
	defer e.mu.Unlock()
	s.fails++
	wait := maxCooldown
	if s.fails <= 6 {
		wait = min(maxCooldown, minCooldown<<(s.fails-1))
	}
	s.until = now.Add(wait)
}

// succeeded closes id's breaker.
func (e *endpoints) succeeded(id string) {
	s := e.get(id)
	e.mu.Lock()
	defer e.mu.Unlock()
	s.fails, s.until = 0, time.Time{}
}
