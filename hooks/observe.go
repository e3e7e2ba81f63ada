package hooks

import (
	"context"
	"log/slog"
	"os"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/config"
	"memberbase/internal/observe"
)

// bindObserve sets up stdout logging and error monitoring, and logs the app
// events operators need: members created, privacy request state changes and
// failed superuser logins. A logger already attached (tests) is kept.
func bindObserve(app core.App, cfg *config.Config) error {
	if !observe.Attached(app) {
		observe.Attach(app, observe.NewLogger(cfg, os.Stdout))
	}
	mon := observe.MonitorFrom(app)
	if !mon.Enabled() {
		var err error
		if mon, err = observe.NewMonitor(cfg, nil); err != nil {
			return err
		}
		observe.AttachMonitor(app, mon)
	}

	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "memberbase.observe.serve",
		Func: func(se *core.ServeEvent) error {
			se.Router.Bind(observe.RequestLogger(cfg.LogIP, mon), mon.PanicReporter())
			return se.Next()
		},
	})
	app.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
		Id: "memberbase.observe.flush",
		Func: func(e *core.TerminateEvent) error {
			// Bound first, so it flushes after every later handler has run:
			// failures reported while the workers drain still reach Sentry.
			err := e.Next()
			mon.Flush(time.Second)
			return err
		},
	})

	app.OnModelCreateExecute(core.LogsTableName).BindFunc(func(e *core.ModelEvent) error {
		if l, ok := e.Model.(*core.Log); ok {
			observe.MirrorPocketBaseLog(e.App, l)
		}
		return e.Next()
	})
	app.OnRecordAfterCreateSuccess("members").BindFunc(func(e *core.RecordEvent) error {
		if ctx := ctxOf(e.Context); !observe.IsBulk(ctx) {
			observe.MemberCreated(ctx, e.App, e.Record.GetString("member_id"))
		}
		return e.Next()
	})
	app.OnRecordUpdate("privacy_requests").BindFunc(func(e *core.RecordEvent) error {
		from := e.Record.Original().GetString("status")
		if err := e.Next(); err != nil {
			return err
		}
		if to := e.Record.GetString("status"); to != from {
			observe.RequestStatusChanged(ctxOf(e.Context), e.App, e.Record.Id, e.Record.GetString("kind"), from, to)
		}
		return nil
	})
	app.OnRecordAuthWithPasswordRequest(core.CollectionNameSuperusers).BindFunc(func(e *core.RecordAuthWithPasswordRequestEvent) error {
		err := e.Next()
		if err != nil {
			var attrs []slog.Attr
			if cfg.LogIP {
				attrs = append(attrs, slog.String("client_ip", e.RealIP()))
			}
			observe.Security(e.Request.Context(), e.App, observe.EventSuperuserLoginError, attrs...)
		}
		return err
	})
	return nil
}

func ctxOf(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}
