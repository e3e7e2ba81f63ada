package audit

import (
	"slices"
	"sync"

	"github.com/pocketbase/pocketbase/core"
)

// collector gathers the records one request, or one realtime broadcast,
// sent to staff and superusers: one row per actor, action and collection.
type collector struct {
	requestID     string
	defaultAction string // list or view; "" skips plain reads (a write's echo)

	mu     sync.Mutex
	groups []*group
}

type group struct {
	actor          Actor
	action, target string
	ids            []string
	seen           map[string]struct{}
}

// add records that id of target left the server to actor.
func (c *collector) add(actor Actor, action, target, id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var g *group
	for _, x := range c.groups {
		if x.actor == actor && x.action == action && x.target == target {
			g = x
			break
		}
	}
	if g == nil {
		g = &group{actor: actor, action: action, target: target, seen: map[string]struct{}{}}
		c.groups = append(c.groups, g)
	}
	if _, dup := g.seen[id]; !dup {
		g.seen[id] = struct{}{}
		g.ids = append(g.ids, id)
	}
}

// entries returns the collected rows.
func (c *collector) entries() []Entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]Entry, 0, len(c.groups))
	for _, g := range c.groups {
		out = append(out, Entry{Actor: g.actor, Action: g.action, Target: g.target, RecordIDs: g.ids, RequestID: c.requestID})
	}
	return out
}

// pendingWrite is who asked, over REST, for the save of one record.
type pendingWrite struct {
	actor     Actor
	requestID string
}

// tracker finds the collector of an enrich event. OnRecordEnrich carries no
// request, only its RequestInfo, whose Auth is the record the auth middleware
// loaded for that one request (and, for a realtime client, the record its
// subscription stored): that pointer is the key. Expansions share it.
type tracker struct {
	mu       sync.Mutex
	byAuth   map[*core.Record][]*collector
	byRecord map[string][]*collector // realtime broadcasts by collection id/record id
	writes   map[*core.Record]pendingWrite
}

func newTracker() *tracker {
	return &tracker{
		byAuth:   map[*core.Record][]*collector{},
		byRecord: map[string][]*collector{},
		writes:   map[*core.Record]pendingWrite{},
	}
}

func push[K comparable](t *tracker, m map[K][]*collector, k K, c *collector) {
	t.mu.Lock()
	m[k] = append(m[k], c)
	t.mu.Unlock()
}

func pop[K comparable](t *tracker, m map[K][]*collector, k K, c *collector) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := m[k]
	if i := slices.Index(s, c); i >= 0 {
		s = slices.Delete(s, i, i+1)
	}
	if len(s) == 0 {
		delete(m, k)
	} else {
		m[k] = s
	}
}

// top returns the newest collector under k, or nil.
func top[K comparable](t *tracker, m map[K][]*collector, k K) *collector {
	t.mu.Lock()
	defer t.mu.Unlock()
	if s := m[k]; len(s) > 0 {
		return s[len(s)-1]
	}
	return nil
}

func (t *tracker) setWrite(r *core.Record, w pendingWrite) {
	t.mu.Lock()
	t.writes[r] = w
	t.mu.Unlock()
}

func (t *tracker) clearWrite(r *core.Record) {
	t.mu.Lock()
	delete(t.writes, r)
	t.mu.Unlock()
}

func (t *tracker) write(r *core.Record) (pendingWrite, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	w, ok := t.writes[r]
	return w, ok
}

func recordKey(r *core.Record) string { return r.Collection().Id + "/" + r.Id }
