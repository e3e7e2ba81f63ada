package audit

import (
	"log/slog"
	"sync"

	"github.com/pocketbase/pocketbase/core"
)

// storeKey is the app store key of the app's [Log].
const storeKey = "memberbase.audit"

// Options tune a [Log]; zero values take the defaults.
type Options struct {
	Logger *slog.Logger // default app.Logger()
	// OnError is told about read rows that could not be written (monitoring).
	OnError func(err error)
	// RequestID returns a request's id for the request_id column.
	RequestID func(e *core.RequestEvent) string
}

// Log is the audit trail of one app: its chain keys, the reads collected per
// request and realtime batch, and the queue that writes them.
type Log struct {
	app   core.App
	keys  Keys
	opts  Options
	reads *tracker
	queue *queue

	mu           sync.Mutex
	fallback     Actor  // writes without a request or a context actor
	createAction string // how such creates are recorded (create, or import)
}

// New returns the audit log of app. Its read queue writes synchronously until
// [Log.Start].
func New(app core.App, keys Keys, opts Options) *Log {
	if opts.Logger == nil {
		opts.Logger = app.Logger()
	}
	if opts.OnError == nil {
		opts.OnError = func(error) {}
	}
	if opts.RequestID == nil {
		opts.RequestID = func(*core.RequestEvent) string { return "" }
	}
	l := &Log{app: app, keys: keys, opts: opts, reads: newTracker(), fallback: Actor{Type: ActorSystem}, createAction: ActionCreate}
	l.queue = newQueue(l)
	return l
}

// Attach makes l the audit log of app (see [From]).
func Attach(app core.App, l *Log) { app.Store().Set(storeKey, l) }

// From returns the audit log attached to app, or nil.
func From(app core.App) *Log {
	l, _ := app.Store().Get(storeKey).(*Log)
	return l
}

// Keys returns the chain keys.
func (l *Log) Keys() Keys { return l.keys }

// Append chains entries and writes them now: in app's transaction when app
// is one (they then commit or roll back with the change they describe),
// else in a transaction of their own.
func (l *Log) Append(app core.App, entries ...Entry) error {
	if app.IsTransactional() {
		return appendRows(app, l.keys.Sign, entries)
	}
	return app.RunInTransaction(func(tx core.App) error { return appendRows(tx, l.keys.Sign, entries) })
}

// SetDefault names the actor of writes made without a request or a context
// actor ([WithActor]): system in `serve`, cli in a command. createAction,
// when not empty, records their creates under another action (import).
func (l *Log) SetDefault(a Actor, createAction string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fallback = a
	l.createAction = ActionCreate
	if createAction != "" {
		l.createAction = createAction
	}
}

func (l *Log) defaults() (Actor, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fallback, l.createAction
}
