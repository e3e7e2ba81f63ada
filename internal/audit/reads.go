package audit

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// TrackReads is the router middleware that collects the audited records one
// request of a superuser or staff account receives (REST list and view, and
// their expansions) and queues its rows when the handler has returned: one
// insert at most, off the request path. Bind it after PocketBase loads the
// auth token.
func (l *Log) TrackReads(e *core.RequestEvent) error {
	if _, ok := ActorOf(e.Auth); !ok || strings.HasPrefix(e.Request.URL.Path, "/api/realtime") {
		// The realtime connection lives for minutes: its messages are
		// collected per broadcast instead.
		return e.Next()
	}
	c := &collector{requestID: l.opts.RequestID(e), defaultAction: readAction(e.Request)}
	auth := e.Auth
	push(l.reads, l.reads.byAuth, auth, c)
	err := func() error {
		defer pop(l.reads, l.reads.byAuth, auth, c) // a panic too
		return e.Next()
	}()
	if err == nil || e.Written() {
		l.queue.add(c.entries())
	}
	return err
}

// readAction is what a plain (not expanded) read means on this request: view
// for one record, list for everything else read in bulk, and nothing for
// writes, whose response echoes the record the write row already names.
func readAction(r *http.Request) string {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return ""
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) == 5 && parts[0] == "api" && parts[1] == "collections" && parts[3] == "records" {
		return ActionView
	}
	return ActionList
}

// OnEnrich is the OnRecordEnrich handler of the collections whose reads are
// audited. PocketBase calls it for every record it sends: list, view, expand
// and realtime messages. It only collects; rows are written by the request
// middleware or the broadcast hooks. A record sent outside both still gets
// its own row.
func (l *Log) OnEnrich(e *core.RecordEnrichEvent) error {
	info := e.RequestInfo
	if info == nil {
		return e.Next()
	}
	actor, ok := ActorOf(info.Auth)
	if !ok {
		return e.Next()
	}
	target, id := e.Record.Collection().Name, e.Record.Id
	action := ""
	switch info.Context {
	case core.RequestInfoContextRealtime:
		c := top(l.reads, l.reads.byRecord, recordKey(e.Record))
		if c == nil {
			if err := l.alone(e.App, Entry{Actor: actor, Action: ActionRealtime, Target: target, RecordIDs: []string{id}}); err != nil {
				return err
			}
			return e.Next()
		}
		c.add(actor, ActionRealtime, target, id)
		// Expansions of this message are enriched inside e.Next().
		push(l.reads, l.reads.byAuth, info.Auth, c)
		defer pop(l.reads, l.reads.byAuth, info.Auth, c)
		return e.Next()
	case core.RequestInfoContextExpand:
		action = ActionExpand
	}
	c := top(l.reads, l.reads.byAuth, info.Auth)
	if c == nil {
		if action == "" {
			action = ActionView
		}
		if err := l.alone(e.App, Entry{Actor: actor, Action: action, Target: target, RecordIDs: []string{id}}); err != nil {
			return err
		}
		return e.Next()
	}
	if action == "" {
		if action = c.defaultAction; action == "" {
			return e.Next()
		}
	}
	c.add(actor, action, target, id)
	return e.Next()
}

// alone records a read no request or broadcast collects: queued, or, when
// the enrich runs inside a transaction, written in it (queuing there could
// wait on a full queue, or on a stopped one writing through the outer app,
// while this transaction holds the only writer connection).
func (l *Log) alone(app core.App, entry Entry) error {
	if app.IsTransactional() {
		return l.Append(app, entry)
	}
	l.queue.add([]Entry{entry})
	return nil
}

// TrackBroadcast wraps PocketBase's realtime broadcast of a created or
// updated record (OnModelAfterCreateSuccess and OnModelAfterUpdateSuccess,
// bound before PocketBase's handler at -99): the messages it sends are one
// batch, queued as one row per receiving account.
func (l *Log) TrackBroadcast(e *core.ModelEvent) error {
	r, ok := e.Model.(*core.Record)
	if !ok {
		return e.Next()
	}
	c, k := &collector{}, recordKey(r)
	push(l.reads, l.reads.byRecord, k, c)
	err := func() error {
		defer pop(l.reads, l.reads.byRecord, k, c)
		return e.Next()
	}()
	l.queue.add(c.entries())
	return err
}

// TrackDeleteBroadcast is [Log.TrackBroadcast] for deletes: PocketBase
// prepares their messages in OnModelDelete (priority 99, inside the delete's
// transaction) and sends them after the commit, so the rows are written in
// that transaction and vanish with it when the delete fails.
func (l *Log) TrackDeleteBroadcast(e *core.ModelEvent) error {
	r, ok := e.Model.(*core.Record)
	if !ok {
		return e.Next()
	}
	c, k := &collector{}, recordKey(r)
	push(l.reads, l.reads.byRecord, k, c)
	err := func() error {
		defer pop(l.reads, l.reads.byRecord, k, c)
		return e.Next()
	}()
	if err != nil {
		return err
	}
	return l.Append(e.App, c.entries()...)
}
