package hooks

import (
	"context"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/audit"
	"memberbase/internal/config"
	"memberbase/internal/members"
	"memberbase/internal/observe"
)

// Audited collections (SPEC §16): every change of auditWrites and every
// record of auditReads sent to staff or superusers. A collection that does
// not exist yet (consent_texts before its migration) never fires a hook.
var (
	auditWrites = []string{"members", "staff", "privacy_requests", "consent_texts", "plans", "periods", "payments", "announcements", "webhooks", "branches"}
	auditReads  = []string{"members", "privacy_requests", "periods", "payments", "branch_members"}
)

// Priorities of the audit hooks, against PocketBase's and the members hooks.
const (
	// The write row is written after every other handler of the change ran
	// (the members transaction opens at -100, features bind at 0), so any of
	// their errors rolls it back with the change.
	auditWritePriority = -120
	// The REST request names its account before any handler saves.
	auditWriteRequestPriority = -200
	// Realtime broadcasts: PocketBase sends at -99 after a commit, and
	// prepares delete messages at 99 inside the delete.
	auditBroadcastPriority       = -100
	auditDeleteBroadcastPriority = 98
	// Router middlewares run after pbLoadAuthToken (-1020).
	auditRouterPriority = -1010
)

// Handler ids, so tests can tell audit on from off.
const (
	auditWriteID     = "memberbase.audit.write"
	auditRequestID   = "memberbase.audit.request"
	auditEnrichID    = "memberbase.audit.enrich"
	auditBroadcastID = "memberbase.audit.broadcast"
	auditDownloadID  = "memberbase.audit.download"
	auditServeID     = "memberbase.audit.serve"
	auditGuardID     = "memberbase.audit.guard"
)

const (
	auditAnchorCron      = "7 0 * * *"  // daily anchor to the ledger (UTC)
	auditPruneCron       = "47 3 * * *" // daily pruning past AUDIT_RETENTION
	auditShutdownTimeout = 10 * time.Second
)

// bindAudit attaches the audit log to app and binds it: the guard of
// audit_log, the write rows in each change's transaction, the read rows per
// request and realtime broadcast, file and backup downloads, the SQL console
// rule, the queue from OnServe to OnTerminate, the daily anchor and pruning.
func bindAudit(app core.App, cfg *config.Config) {
	l := audit.New(app, audit.KeysFrom(cfg), audit.Options{
		Logger: observe.From(app),
		OnError: func(err error) {
			observe.MonitorFrom(app).CaptureFailure("audit: read rows not written", map[string]string{"error": err.Error()})
		},
		RequestID: observe.RequestID,
	})
	audit.Attach(app, l)
	observe.WorkersOf(app).Add("audit", observe.Probe{
		Running: l.Running,
		Backlog: func() (observe.Backlog, error) { return observe.Backlog{Queued: l.Queued()}, nil },
	})
	bindAuditGuard(app)

	for action, h := range map[string]*hook.TaggedHook[*core.RecordEvent]{
		audit.ActionCreate: app.OnRecordCreate(auditWrites...),
		audit.ActionUpdate: app.OnRecordUpdate(auditWrites...),
		audit.ActionDelete: app.OnRecordDelete(auditWrites...),
	} {
		h.Bind(&hook.Handler[*core.RecordEvent]{Id: auditWriteID, Priority: auditWritePriority, Func: l.TrackWrite(action)})
	}
	for _, h := range []*hook.TaggedHook[*core.RecordRequestEvent]{
		app.OnRecordCreateRequest(auditWrites...), app.OnRecordUpdateRequest(auditWrites...), app.OnRecordDeleteRequest(auditWrites...),
	} {
		h.Bind(&hook.Handler[*core.RecordRequestEvent]{Id: auditRequestID, Priority: auditWriteRequestPriority, Func: l.TrackWriteRequest})
	}

	app.OnRecordEnrich(auditReads...).Bind(&hook.Handler[*core.RecordEnrichEvent]{Id: auditEnrichID, Func: l.OnEnrich})
	app.OnModelAfterCreateSuccess(auditReads...).Bind(&hook.Handler[*core.ModelEvent]{Id: auditBroadcastID, Priority: auditBroadcastPriority, Func: l.TrackBroadcast})
	app.OnModelAfterUpdateSuccess(auditReads...).Bind(&hook.Handler[*core.ModelEvent]{Id: auditBroadcastID, Priority: auditBroadcastPriority, Func: l.TrackBroadcast})
	app.OnModelDelete(auditReads...).Bind(&hook.Handler[*core.ModelEvent]{Id: auditBroadcastID, Priority: auditDeleteBroadcastPriority, Func: l.TrackDeleteBroadcast})
	app.OnFileDownloadRequest(auditReads...).Bind(&hook.Handler[*core.FileDownloadRequestEvent]{Id: auditDownloadID, Func: l.OnFileDownload})

	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: auditServeID,
		Func: func(se *core.ServeEvent) error {
			se.Router.Bind(
				&hook.Handler[*core.RequestEvent]{Id: "memberbase.audit.reads", Priority: auditRouterPriority, Func: l.TrackReads},
				&hook.Handler[*core.RequestEvent]{Id: "memberbase.audit.backups", Priority: auditRouterPriority, Func: l.TrackBackupDownload},
				&hook.Handler[*core.RequestEvent]{Id: "memberbase.audit.sql", Priority: auditRouterPriority, Func: l.SQLConsole(cfg.AllowSQLConsole)},
			)
			if err := se.Next(); err != nil {
				return err
			}
			l.Start()
			if err := se.App.Cron().Add("memberbase.audit.anchor", auditAnchorCron, func() { anchorAudit(se.App, cfg) }); err != nil {
				return err
			}
			if cfg.AuditRetention <= 0 {
				return nil
			}
			return se.App.Cron().Add("memberbase.audit.prune", auditPruneCron, func() {
				n, err := l.Prune(time.Now().Add(-cfg.AuditRetention))
				if err != nil {
					observe.From(se.App).Error("audit pruning failed", "error", err)
					return
				}
				observe.From(se.App).Info("audit pruning", "pruned", n)
			})
		},
	})
	app.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
		Id: "memberbase.audit.terminate",
		Func: func(e *core.TerminateEvent) error {
			ctx, cancel := context.WithTimeout(context.Background(), auditShutdownTimeout)
			defer cancel()
			if err := l.Stop(ctx); err != nil {
				observe.From(e.App).Error("audit queue did not drain in time", "error", err)
			}
			return e.Next()
		},
	})
}

// bindAuditGuard keeps audit_log append-only: no model create, update or
// delete (REST, dashboard, Go, truncate) and no change to the collection.
func bindAuditGuard(app core.App) {
	for _, h := range []*hook.TaggedHook[*core.ModelEvent]{
		app.OnModelCreate(audit.Collection), app.OnModelUpdate(audit.Collection), app.OnModelDelete(audit.Collection),
	} {
		h.Bind(&hook.Handler[*core.ModelEvent]{Id: auditGuardID, Priority: -1000, Func: audit.RefuseModelChange})
	}
	for _, h := range []*hook.TaggedHook[*core.RecordRequestEvent]{
		app.OnRecordCreateRequest(audit.Collection), app.OnRecordUpdateRequest(audit.Collection), app.OnRecordDeleteRequest(audit.Collection),
	} {
		h.Bind(&hook.Handler[*core.RecordRequestEvent]{Id: auditGuardID, Priority: -1000, Func: audit.RefuseRequest})
	}
	app.OnCollectionUpdate().Bind(&hook.Handler[*core.CollectionEvent]{Id: auditGuardID, Priority: -1000, Func: audit.GuardCollection})
	app.OnCollectionDelete().Bind(&hook.Handler[*core.CollectionEvent]{Id: auditGuardID, Priority: -1000, Func: audit.GuardCollection})
}

// anchorAudit appends the newest audit row to the ledger (the daily cron).
func anchorAudit(app core.App, cfg *config.Config) {
	path := cfg.LedgerFile(app.DataDir())
	ledger, err := members.OpenLedger(path)
	if err != nil {
		observe.From(app).Error("audit anchor failed", "error", err)
		return
	}
	defer ledger.Close()
	e, ok, err := audit.Anchor(app, ledger, time.Now())
	if err != nil {
		observe.From(app).Error("audit anchor failed", "error", err)
		return
	}
	if ok {
		observe.From(app).Info("audit anchor", "seq", e.AuditSeq)
	}
}
