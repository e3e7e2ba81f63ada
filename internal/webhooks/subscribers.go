package webhooks

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// subscribersMaxAge bounds how long a cached endpoint list is trusted
// without a change seen by the record hooks: a write that bypasses them
// (SQL run by hand on the database file) is picked up within it.
const subscribersMaxAge = 5 * time.Second

// Subscribers caches the active endpoints and their events for [Queue],
// which runs in the transaction of every member change and so would read
// the endpoints on SQLite's single writer each time. With the cache a
// change no endpoint wants costs no query and one that an endpoint wants
// costs the delivery's insert only.
//
// It must never queue for an endpoint that is gone or inactive, nor miss
// one that is new. Every write of an endpoint marks the cache pending
// from the write until its transaction ends (committed or rolled back);
// while any is pending, Queue reads the endpoints in its own transaction,
// which sees exactly what committed. A list read while an endpoint write
// started or ended is not kept (gen tells).
type Subscribers struct {
	mu      sync.Mutex
	gen     uint64 // bumped when an endpoint write starts and when it ends
	pending int    // endpoint writes whose transaction has not ended
	valid   bool
	loaded  time.Time
	byEvent map[string][]string // event → endpoint ids, read-only once stored
}

// subscribersKey holds the app's *Subscribers in app.Store().
const subscribersKey = "memberbase.webhooks.subscribers"

// AttachSubscribers gives app an endpoint cache, kept current by hooks on
// every create, update and delete of an endpoint, and returns it.
func AttachSubscribers(app core.App) *Subscribers {
	s := &Subscribers{}
	app.Store().Set(subscribersKey, s)
	for i, h := range []*hook.TaggedHook[*core.RecordEvent]{
		app.OnRecordCreateExecute(Collection), app.OnRecordUpdateExecute(Collection), app.OnRecordDeleteExecute(Collection),
	} {
		// First in the chain, so the mark is set before the SQL runs.
		h.Bind(&hook.Handler[*core.RecordEvent]{Id: fmt.Sprintf("memberbase.webhooks.subscribers.%d", i),
			Priority: -1000, Func: s.onWrite})
	}
	return s
}

// onWrite marks the cache pending until the write's transaction ends (at
// once after the write outside one).
func (s *Subscribers) onWrite(e *core.RecordEvent) error {
	s.begin()
	if info := e.App.TxInfo(); info != nil {
		info.OnComplete(func(error) error { s.end(); return nil })
		return e.Next()
	}
	defer s.end()
	return e.Next()
}

func (s *Subscribers) begin() {
	s.mu.Lock()
	s.pending++
	s.gen++
	s.valid = false
	s.mu.Unlock()
}

func (s *Subscribers) end() {
	s.mu.Lock()
	s.pending--
	s.gen++
	s.valid = false
	s.mu.Unlock()
}

// subscribed returns the ids of the active endpoints subscribed to event,
// read through app (the change's transaction) when the app's cache
// cannot answer. The slice is shared: callers must not modify it.
func subscribed(app core.App, event string) ([]string, error) {
	s, ok := app.Store().Get(subscribersKey).(*Subscribers)
	if !ok || s == nil {
		byEvent, err := readSubscribers(app)
		return byEvent[event], err
	}
	s.mu.Lock()
	if s.pending == 0 && s.valid && time.Since(s.loaded) < subscribersMaxAge {
		ids := s.byEvent[event]
		s.mu.Unlock()
		return ids, nil
	}
	keep, gen := s.pending == 0, s.gen
	s.mu.Unlock()
	byEvent, err := readSubscribers(app)
	if err != nil {
		return nil, err
	}
	if keep {
		s.mu.Lock()
		if s.gen == gen && s.pending == 0 {
			s.byEvent, s.valid, s.loaded = byEvent, true, time.Now()
		}
		s.mu.Unlock()
	}
	return byEvent[event], nil
}

// readSubscribers reads the active endpoints, grouped by event.
func readSubscribers(app core.App) (map[string][]string, error) {
	var rows []struct {
		ID     string `db:"id"`
		Events string `db:"events"`
	}
	err := app.DB().Select("id", "events").From(Collection).Where(dbx.HashExp{"active": true}).OrderBy("id").All(&rows)
	if err != nil {
		return nil, fmt.Errorf("webhooks: endpoints: %w", err)
	}
	byEvent := map[string][]string{}
	for _, r := range rows {
		var events []string
		if r.Events == "" {
			continue
		}
		if err := json.Unmarshal([]byte(r.Events), &events); err != nil {
			return nil, fmt.Errorf("webhooks: endpoint %s events: %w", r.ID, err)
		}
		for _, ev := range events {
			byEvent[ev] = append(byEvent[ev], r.ID)
		}
	}
	return byEvent, nil
}
