package privacy

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// Actors of a change, as privacy_events.actor records them; a superuser's
// change is recorded with the superuser's record id.
const (
	ActorMember = "member" // the holder of a mailed link
	ActorSystem = "system" // workers, jobs and any Go writer that names no one
)

// actorKey is a record key outside the collection's fields: PocketBase keeps
// it on the record in memory, never stores it, and never loads it from a
// request body, so only Go code can set it.
const actorKey = "@memberbase.privacy.actor"

// SetActor names who makes the next save of r (see [ActorMember],
// [ActorSystem], or a superuser's id).
func SetActor(r *core.Record, actor string) { r.SetRaw(actorKey, actor) }

// actorOf returns and forgets the actor set on r: system when none was set.
func actorOf(r *core.Record) string {
	a, _ := r.GetRaw(actorKey).(string)
	r.SetRaw(actorKey, nil)
	if a == "" {
		return ActorSystem
	}
	return a
}

// Allowed reports whether a request of kind may move from one status to
// another when actor makes the change (SPEC §6; anything else is refused):
//
//	awaiting_confirmation → confirmed | expired
//	confirmed → completed | expired                     (details)
//	confirmed → approved | rejected                     (deletion)
//	confirmed → completed                               (deletion, system only: erased by another path)
//	approved → completed                                (deletion)
func Allowed(kind, from, to, actor string) bool {
	switch {
	case from == StatusAwaiting:
		return to == StatusConfirmed || to == StatusExpired
	case from == StatusConfirmed && kind == KindDetails:
		return to == StatusCompleted || to == StatusExpired
	case from == StatusConfirmed && kind == KindDeletion:
		return to == StatusApproved || to == StatusRejected || (to == StatusCompleted && actor == ActorSystem)
	case from == StatusApproved && kind == KindDeletion:
		return to == StatusCompleted
	}
	return false
}

// AllowedStart reports whether a request may be created in status: waiting
// for its confirmation, or (deletion, system only) already completed, the
// record of an erasure no request asked for.
func AllowedStart(kind, status, actor string) bool {
	return status == StatusAwaiting || (kind == KindDeletion && status == StatusCompleted && actor == ActorSystem)
}

// errTransition is the field error a refused status change answers with
// (400 on REST, with the field named).
func errTransition(from, to string) error {
	if from == "" {
		from = "(new)"
	}
	return validation.Errors{"status": validation.NewError("validation_privacy_transition",
		fmt.Sprintf("A privacy request cannot move from %s to %s.", from, to))}
}

// GuardCreate is the create hook of privacy_requests for every writer (our
// code, REST, the dashboard): the first status must be allowed, and the
// request's first event is written in the same transaction.
func GuardCreate(e *core.RecordEvent) error {
	r := e.Record
	actor := actorOf(r)
	kind, to := r.GetString("kind"), r.GetString("status")
	if !AllowedStart(kind, to, actor) {
		return errTransition("", to)
	}
	return inTransaction(e, func() error { return addEvent(e.App, r.Id, "", to, actor) })
}

// GuardUpdate is the update hook of privacy_requests for every writer. The
// stored status is read from the database (a record's Original() may be
// stale), a save that leaves it unchanged passes untouched (PocketBase
// re-saves requests when it clears a deleted member's relation), the kind
// never changes, and an allowed move is recorded in privacy_events in the
// same transaction. A deletion's approval erases the member in that
// transaction and completes the request; its rejection needs a reason,
// mailed to the member.
func GuardUpdate(e *core.RecordEvent) error {
	r := e.Record
	actor := actorOf(r)
	var stored struct {
		Kind   string `db:"kind"`
		Status string `db:"status"`
	}
	err := e.App.DB().Select("kind", "status").From(Collection).
		Where(dbx.HashExp{"id": r.Id}).One(&stored)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("privacy: read stored status: %w", err)
	}
	if r.GetString("kind") != stored.Kind && stored.Kind != "" {
		return validation.Errors{"kind": validation.NewError("validation_privacy_kind",
			"The kind of a privacy request cannot change.")}
	}
	from, to := stored.Status, r.GetString("status")
	if from == to {
		return e.Next()
	}
	if !Allowed(stored.Kind, from, to, actor) {
		return errTransition(from, to)
	}
	if to == StatusRejected && strings.TrimSpace(r.GetString("reason")) == "" {
		return errReasonRequired
	}
	return inTransaction(e, func() error {
		if err := addEvent(e.App, r.Id, from, to, actor); err != nil {
			return err
		}
		if stored.Kind == KindDeletion {
			return afterDecision(e.App, r, to)
		}
		return nil
	})
}

// inTransaction runs the rest of the save chain and then after (on success)
// in one transaction: the caller's, or one opened here. e.App goes back to
// the outer app afterwards, so after-success hooks never see the finished
// transaction.
func inTransaction(e *core.RecordEvent, after func() error) error {
	run := func() error {
		if err := e.Next(); err != nil {
			return err
		}
		return after()
	}
	if e.App.IsTransactional() {
		return run()
	}
	outer := e.App
	defer func() { e.App = outer }()
	return outer.RunInTransaction(func(tx core.App) error {
		e.App = tx
		return run()
	})
}
