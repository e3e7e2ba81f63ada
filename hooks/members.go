package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/config"
	"memberbase/internal/members"
)

// Priorities of the members hooks: the transaction opens first, so every
// later handler (ours and other features' at the default priority 0) writes
// in the same transaction as the member insert.
const (
	membersTxPriority      = -100
	membersPreparePriority = -90
)

// bindMembers makes every member create atomic with its member ID (REST,
// dashboard, Go code, CLI import), applies the shared validation on every
// save, and refuses server-owned fields from REST clients.
func bindMembers(app core.App, cfg *config.Config) {
	format := members.IDFormat{Prefix: cfg.MemberIDPrefix, Width: cfg.MemberIDWidth}
	reserver := &members.Reserver{Path: cfg.LedgerFile(app.DataDir())}
	members.AttachReserver(app, reserver)

	// REST and dashboard: refuse server-owned fields, then run the whole
	// request (insert, hooks and the deferred response) in one transaction.
	app.OnRecordCreateRequest("members").Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id:       "memberbase.members.createRequest",
		Priority: membersTxPriority,
		Func: func(e *core.RecordRequestEvent) error {
			if errs := members.CheckClientCreate(e.Record); errs != nil {
				return e.BadRequestError("Some fields are set by the server only.", errs)
			}
			outer := e.App
			defer func() { e.App = outer }()
			return outer.RunInTransaction(func(tx core.App) error {
				e.App = tx
				return e.Next()
			})
		},
	})
	app.OnRecordUpdateRequest("members").Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id:       "memberbase.members.updateRequest",
		Priority: membersTxPriority,
		Func: func(e *core.RecordRequestEvent) error {
			if errs := members.CheckClientUpdate(e.Record); errs != nil {
				return e.BadRequestError("Some fields are set by the server only.", errs)
			}
			return e.Next()
		},
	})

	// Every create, including a plain app.Save from our code: open the
	// transaction when the caller has none. e.App goes back to the outer app
	// afterwards, so after-success hooks (which PocketBase runs right after
	// this chain when the caller had no transaction) never see the finished
	// transaction.
	app.OnRecordCreate("members").Bind(&hook.Handler[*core.RecordEvent]{
		Id:       "memberbase.members.createTx",
		Priority: membersTxPriority,
		Func: func(e *core.RecordEvent) error {
			if e.App.IsTransactional() {
				return e.Next()
			}
			outer := e.App
			defer func() { e.App = outer }()
			return outer.RunInTransaction(func(tx core.App) error {
				e.App = tx
				return e.Next()
			})
		},
	})
	app.OnRecordCreate("members").Bind(&hook.Handler[*core.RecordEvent]{
		Id:       "memberbase.members.create",
		Priority: membersPreparePriority,
		Func: func(e *core.RecordEvent) error {
			if err := members.PrepareRecord(e.App, e.Record); err != nil {
				return err
			}
			given := e.Record.GetString(members.FieldMemberID) != ""
			if err := members.AssignID(e.App, format, e.Record); err != nil {
				return err
			}
			// The ledger covers the number before it can commit (SPEC §9).
			if n, ok := format.Parse(e.Record.GetString(members.FieldMemberID)); ok {
				if err := reserver.Ensure(n); err != nil {
					return err
				}
			}
			err := e.Next()
			if err != nil && !given {
				// The transaction rolls the number back: forget it too, so a
				// retry of the same record draws a fresh one.
				e.Record.Set(members.FieldMemberID, "")
			}
			return err
		},
	})
	app.OnRecordUpdate("members").Bind(&hook.Handler[*core.RecordEvent]{
		Id:       "memberbase.members.update",
		Priority: membersPreparePriority,
		Func: func(e *core.RecordEvent) error {
			if err := members.PrepareRecord(e.App, e.Record); err != nil {
				return err
			}
			return e.Next()
		},
	})
}
