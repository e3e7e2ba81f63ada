package outbox

import (
	"context"
	"sync"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
)

// sendContexts carries the context of each send from the worker to the
// mailer OnMailerSend installs for it: PocketBase's [mailer.Mailer] takes no
// context, so the message, one pointer per send, is the key.
type sendContexts struct {
	mu sync.Mutex
	m  map[*mailer.Message]context.Context
}

// sendContextsKey holds an app's *sendContexts in app.Store().
const sendContextsKey = "memberbase.outbox.sendContexts"

func contextsOf(app core.App) *sendContexts {
	return app.Store().GetOrSet(sendContextsKey, func() any {
		return &sendContexts{m: map[*mailer.Message]context.Context{}}
	}).(*sendContexts)
}

// withSendContext makes ctx the context of m's send until release is called.
func withSendContext(app core.App, m *mailer.Message, ctx context.Context) (release func()) {
	sc := contextsOf(app)
	sc.mu.Lock()
	sc.m[m] = ctx
	sc.mu.Unlock()
	return func() {
		sc.mu.Lock()
		delete(sc.m, m)
		sc.mu.Unlock()
	}
}

// sendContext returns the context the worker gave m's send: its deadline is
// the worker's send timeout and it is cancelled when a shutdown runs out of
// time. Other mails (PocketBase's own) get context.Background().
func sendContext(app core.App, m *mailer.Message) context.Context {
	sc := contextsOf(app)
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if ctx, ok := sc.m[m]; ok {
		return ctx
	}
	return context.Background()
}
