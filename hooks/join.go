package hooks

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/config"
	"memberbase/internal/intake"
	"memberbase/internal/join"
	"memberbase/internal/observe"
)

// joinExpiryCron runs the join requests' expiry and purge daily (UTC).
const joinExpiryCron = "41 3 * * *"

// bindJoin attaches the join rules to app, registers their intake processor,
// schedules the daily expiry, and mails a member whom an admin approves.
// onConfirmed runs in each confirmation's transaction (the card mail).
func bindJoin(app core.App, cfg *config.Config, w *intake.Worker, onConfirmed func(tx core.App, m *core.Record, requestID string) error) *join.Service {
	j := join.New(join.Options{RequireApproval: cfg.JoinRequiresApproval, OnConfirmed: onConfirmed})
	join.Attach(app, j)
	w.Handle(intake.KindJoin, j.Process)

	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "memberbase.join.serve",
		Func: func(se *core.ServeEvent) error {
			if err := se.Next(); err != nil {
				return err
			}
			return se.App.Cron().Add("memberbase.join.expiry", joinExpiryCron, func() {
				res, err := join.Expire(se.App, j.Now())
				if err != nil {
					observe.From(se.App).Error("join request expiry failed", "error", err)
					return
				}
				observe.From(se.App).Info("join request expiry", "expired", res.Expired, "purged", res.Purged)
			})
		},
	})

	// An admin approving a confirmed join (pending_approval → active) in the
	// dashboard, REST or Go: the mail is queued in the change's transaction.
	// Refusing (→ cancelled) sends nothing.
	app.OnRecordUpdate("members").Bind(&hook.Handler[*core.RecordEvent]{
		Id: "memberbase.join.approval",
		Func: func(e *core.RecordEvent) error {
			var before string
			err := e.App.DB().NewQuery("SELECT [[status]] FROM {{members}} WHERE [[id]] = {:id}").
				Bind(dbx.Params{"id": e.Record.Id}).Row(&before)
			if err != nil {
				return err
			}
			if !join.IsApproval(before, e.Record.GetString("status")) {
				return e.Next()
			}
			return inTransaction(e, func(tx core.App) error {
				if err := e.Next(); err != nil {
					return err
				}
				return j.Approved(tx, e.Record)
			})
		},
	})
	return j
}

// inTransaction runs fn with e.App in a transaction (the caller's, when it
// has one), and gives e back its outer app afterwards, so after-success
// hooks never see a finished transaction.
func inTransaction(e *core.RecordEvent, fn func(tx core.App) error) error {
	if e.App.IsTransactional() {
		return fn(e.App)
	}
	outer := e.App
	defer func() { e.App = outer }()
	return outer.RunInTransaction(func(tx core.App) error {
		e.App = tx
		return fn(tx)
	})
}

// bindConsentTexts keeps the join form's consent cache in step with the
// collection, and refuses changes to published texts, whichever way they
// are attempted (dashboard, REST, Go): what a member acknowledged must stay
// readable word for word.
func bindConsentTexts(app core.App, cache interface{ Invalidate() }) {
	invalidate := func(e *core.ModelEvent) error {
		cache.Invalidate()
		return e.Next()
	}
	app.OnModelAfterCreateSuccess(join.ConsentCollection).Bind(&hook.Handler[*core.ModelEvent]{Id: "memberbase.consent.create", Func: invalidate})
	app.OnModelAfterUpdateSuccess(join.ConsentCollection).Bind(&hook.Handler[*core.ModelEvent]{Id: "memberbase.consent.update", Func: invalidate})
	app.OnModelAfterDeleteSuccess(join.ConsentCollection).Bind(&hook.Handler[*core.ModelEvent]{Id: "memberbase.consent.delete", Func: invalidate})

	published := func(e *core.RecordEvent) error {
		stored, err := e.App.FindRecordById(join.ConsentCollection, e.Record.Id)
		if err != nil {
			return err
		}
		if err := join.CheckConsentChange(stored, time.Now()); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordUpdate(join.ConsentCollection).Bind(&hook.Handler[*core.RecordEvent]{Id: "memberbase.consent.immutable.update", Func: published})
	app.OnRecordDelete(join.ConsentCollection).Bind(&hook.Handler[*core.RecordEvent]{Id: "memberbase.consent.immutable.delete", Func: published})
}
