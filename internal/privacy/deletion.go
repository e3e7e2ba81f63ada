package privacy

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/intake"
	"memberbase/internal/members"
	"memberbase/internal/outbox"
	"memberbase/internal/token"
)

// Deletion mails and deadlines.
const (
	MailPrivacyConfirm    = "privacy_confirm"
	MailDeletionCompleted = "deletion_completed"
	MailDeletionRejected  = "deletion_rejected"
	// DeletionDue is the GDPR month: a confirmed deletion is due this long
	// after its confirmation.
	DeletionDue = 30 * 24 * time.Hour
)

// Deletion is the intake processor of deletion requests: for a member, a
// request awaiting confirmation and a confirmation mail; nobody else gets
// anything.
func (s *Service) Deletion(tx core.App, it intake.Item) error {
	m, err := members.FindByEmail(tx, it.Email)
	if err != nil || m == nil {
		return err
	}
	now := s.now()
	plain, req, err := newRequest(tx, KindDeletion, m, now.Add(ConfirmTTL))
	if err != nil {
		return err
	}
	o, err := outbox.FromApp(tx)
	if err != nil {
		return err
	}
	return o.Queue(tx, MailPrivacyConfirm, m.GetString("email"), "deletion_confirm:"+req.Id, true, map[string]any{
		"Action":    KindDeletion,
		"Token":     plain,
		"ExpiresAt": displayTime(now.Add(ConfirmTTL)),
	})
}

// afterDecision runs in the transaction of a deletion request's move to
// approved or rejected (every writer: dashboard, REST, the auto-approval
// job). Approval erases the member and completes the request; rejection
// needs a reason and mails it.
func afterDecision(tx core.App, r *core.Record, to string) error {
	switch to {
	case StatusApproved:
		return completeDeletion(tx, r)
	case StatusRejected:
		m, err := requestMember(tx, r)
		if err != nil {
			return nil // erased or deleted meanwhile: nobody to tell
		}
		o, err := outbox.FromApp(tx)
		if err != nil {
			return err
		}
		return o.Queue(tx, MailDeletionRejected, m.GetString("email"), "deletion_rejected:"+r.Id, true,
			map[string]any{"Reason": r.GetString("reason")})
	}
	return nil
}

// errReasonRequired refuses a rejection without a reason.
var errReasonRequired = validation.Errors{"reason": validation.NewError("validation_reason_required",
	"A rejection needs a reason: it is mailed to the member.")}

// completeDeletion erases the member of an approved request, moves the
// request to completed (actor system) and queues the completion mail, whose
// row is redacted once sent. A member already erased or deleted completes
// the request without a mail.
func completeDeletion(tx core.App, r *core.Record) error {
	s, err := FromApp(tx)
	if err != nil {
		return err
	}
	m, merr := requestMember(tx, r)
	email := ""
	if merr == nil {
		email = m.GetString(members.FieldEmail)
		er, err := members.EraserFrom(tx)
		if err != nil {
			return err
		}
		if err := er.Erase(tx, m); err != nil {
			return err
		}
	}
	fresh, err := tx.FindRecordById(Collection, r.Id)
	if err != nil {
		return fmt.Errorf("privacy: complete deletion: %w", err)
	}
	fresh.Set("status", StatusCompleted)
	fresh.Set("completed_at", s.now())
	SetActor(fresh, ActorSystem)
	if err := tx.Save(fresh); err != nil {
		return fmt.Errorf("privacy: complete deletion: %w", err)
	}
	if email == "" {
		return nil
	}
	o, err := outbox.FromApp(tx)
	if err != nil {
		return err
	}
	return o.QueueRedacting(tx, MailDeletionCompleted, email, "deletion_completed:"+r.Id,
		map[string]any{"MemberRef": r.GetString("member_ref")})
}

// OnErase is the privacy clean-up of every erasure ([members.Eraser]): the
// member's export files and download links go; an open deletion request
// completes (actor system), other open requests expire; and an erasure no
// request asked for gets a completed deletion request of its own, so each
// erasure has one record.
func (s *Service) OnErase(tx core.App, m *core.Record, _ string) error {
	reqs, err := tx.FindAllRecords(Collection, dbx.HashExp{"member": m.Id})
	if err != nil {
		return fmt.Errorf("privacy: requests of erased member: %w", err)
	}
	// A member delete (the row is not erased) completes an open deletion
	// request and removes export files, and leaves the rest as it is.
	erased := m.GetString(members.FieldStatus) == members.StatusErased
	asked := false
	now := s.now()
	for _, r := range reqs {
		kind, st := r.GetString("kind"), r.GetString("status")
		r.Set("export", nil)
		r.Set("download_token_hash", "")
		switch {
		case kind == KindDeletion && (st == StatusApproved || st == StatusCompleted):
			asked = true // the approval completes it, or did (a replay)
		case kind == KindDeletion && st == StatusConfirmed:
			asked = true
			r.Set("status", StatusCompleted)
			r.Set("completed_at", now)
		case erased && (st == StatusAwaiting || (kind == KindDetails && st == StatusConfirmed)):
			r.Set("status", StatusExpired)
		}
		SetActor(r, ActorSystem)
		if err := tx.Save(r); err != nil {
			return fmt.Errorf("privacy: request of erased member: %w", err)
		}
	}
	if asked || !erased {
		return nil
	}
	col, err := tx.FindCachedCollectionByNameOrId(Collection)
	if err != nil {
		return fmt.Errorf("privacy: %w", err)
	}
	rec := core.NewRecord(col)
	rec.Set("kind", KindDeletion)
	rec.Set("member", m.Id)
	rec.Set("member_ref", m.GetString(members.FieldMemberID))
	rec.Set("status", StatusCompleted)
	rec.Set("completed_at", now)
	// token_hash is unique: a hash of a token nobody ever receives.
	_, unused, err := token.New()
	if err != nil {
		return err
	}
	rec.Set("token_hash", unused)
	SetActor(rec, ActorSystem)
	if err := tx.Save(rec); err != nil {
		return fmt.Errorf("privacy: record erasure: %w", err)
	}
	return nil
}
