package privacy

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/intake"
	"memberbase/internal/members"
	"memberbase/internal/outbox"
)

// MailAdminDigest is the admins' daily digest (SPEC §6).
const MailAdminDigest = "admin_digest"

// digestListMax bounds each list of the digest: the counts stay exact, the
// rest is in the dashboard.
const digestListMax = 50

// DigestItem is one line of a digest list: a member ID (or request's
// member_ref), the record id for the dashboard link and a date. Never a
// name or an address: the mail goes to every superuser.
type DigestItem struct {
	Ref     string // member ID
	ID      string // record id (members or privacy_requests)
	Date    string // joined (joins) or due (deletions), YYYY-MM-DD
	Overdue bool
}

// DigestData is what the admin_digest templates receive.
type DigestData struct {
	Date          string
	PendingJoins  int
	Joins         []DigestItem // oldest first, at most digestListMax
	DeletionCount int
	Deletions     []DigestItem // due first (overdue ones lead), at most digestListMax
	FailedMails   int
	FailedIntake  int
}

// Waiting reports whether anything waits for an admin.
func (d DigestData) Waiting() bool {
	return d.PendingJoins+d.DeletionCount+d.FailedMails+d.FailedIntake > 0
}

// DigestResult is what one digest run did: the mails queued (0 when
// nothing waits or today's were queued already) and the overdue deletion
// requests, which the caller logs as warnings.
type DigestResult struct {
	Queued  int
	Overdue []DigestItem
}

// Digest queues the admins' digest for every superuser when anything waits
// (joins awaiting approval, confirmed deletions, mails and intake rows that
// failed for good), once per superuser and UTC day: the dedupe key holds
// the date, so a second run the same day queues nothing.
func (s *Service) Digest(app core.App) (DigestResult, error) {
	var res DigestResult
	now := s.now()
	d, err := collectDigest(app, now)
	if err != nil {
		return res, err
	}
	for _, it := range d.Deletions {
		if it.Overdue {
			res.Overdue = append(res.Overdue, it)
		}
	}
	if !d.Waiting() {
		return res, nil
	}
	admins, err := app.FindAllRecords(core.CollectionNameSuperusers,
		dbx.Not(dbx.HashExp{core.FieldNameEmail: core.DefaultInstallerEmail}))
	if err != nil {
		return res, fmt.Errorf("privacy: digest: %w", err)
	}
	ob, err := outbox.FromApp(app)
	if err != nil {
		return res, err
	}
	err = app.RunInTransaction(func(tx core.App) error {
		for _, a := range admins {
			key := MailAdminDigest + ":" + d.Date + ":" + a.Id
			var n int
			if err := tx.DB().Select("COUNT(*)").From(outbox.Collection).
				Where(dbx.HashExp{"dedupe_key": key}).Row(&n); err != nil {
				return fmt.Errorf("privacy: digest: %w", err)
			}
			if n > 0 {
				continue
			}
			if err := ob.Queue(tx, MailAdminDigest, a.Email(), key, true, d); err != nil {
				return err
			}
			res.Queued++
		}
		return nil
	})
	if err != nil {
		res.Queued = 0
	}
	return res, err
}

// collectDigest reads what waits, with a count and a bounded list each.
func collectDigest(app core.App, now time.Time) (DigestData, error) {
	d := DigestData{Date: now.Format(time.DateOnly)}
	count := func(q string, p dbx.Params) (int, error) {
		var n int
		err := app.DB().NewQuery(q).Bind(p).Row(&n)
		return n, err
	}
	var err error
	pending := dbx.Params{"s": members.StatusPendingApproval}
	if d.PendingJoins, err = count("SELECT COUNT(*) FROM members WHERE status = {:s}", pending); err != nil {
		return d, fmt.Errorf("privacy: digest: joins: %w", err)
	}
	var joins []struct {
		ID       string `db:"id"`
		MemberID string `db:"member_id"`
		Created  string `db:"created"`
	}
	if err := app.DB().NewQuery(`SELECT id, member_id, created FROM members WHERE status = {:s}
		ORDER BY created, rowid LIMIT {:n}`).Bind(dbx.Params{"s": members.StatusPendingApproval, "n": digestListMax}).All(&joins); err != nil {
		return d, fmt.Errorf("privacy: digest: joins: %w", err)
	}
	for _, j := range joins {
		d.Joins = append(d.Joins, DigestItem{Ref: j.MemberID, ID: j.ID, Date: day(j.Created)})
	}

	confirmed := dbx.Params{"k": KindDeletion, "s": StatusConfirmed}
	if d.DeletionCount, err = count("SELECT COUNT(*) FROM privacy_requests WHERE kind = {:k} AND status = {:s}", confirmed); err != nil {
		return d, fmt.Errorf("privacy: digest: deletions: %w", err)
	}
	var dels []struct {
		ID    string `db:"id"`
		Ref   string `db:"member_ref"`
		DueAt string `db:"due_at"`
	}
	// Ascending due dates put the overdue ones first; a request without a
	// due date (none should exist) comes last.
	if err := app.DB().NewQuery(`SELECT id, member_ref, due_at FROM privacy_requests
		WHERE kind = {:k} AND status = {:s} ORDER BY due_at = '', due_at, rowid LIMIT {:n}`).
		Bind(dbx.Params{"k": KindDeletion, "s": StatusConfirmed, "n": digestListMax}).All(&dels); err != nil {
		return d, fmt.Errorf("privacy: digest: deletions: %w", err)
	}
	for _, r := range dels {
		it := DigestItem{Ref: r.Ref, ID: r.ID, Date: day(r.DueAt)}
		if due, err := types.ParseDateTime(r.DueAt); err == nil && !due.IsZero() && due.Time().Before(now) {
			it.Overdue = true
		}
		d.Deletions = append(d.Deletions, it)
	}

	if d.FailedMails, err = count("SELECT COUNT(*) FROM email_outbox WHERE status = {:s}", dbx.Params{"s": outbox.StatusFailed}); err != nil {
		return d, fmt.Errorf("privacy: digest: mails: %w", err)
	}
	if d.FailedIntake, err = count("SELECT COUNT(*) FROM intake WHERE attempts >= {:max}", dbx.Params{"max": intake.MaxAttempts}); err != nil {
		return d, fmt.Errorf("privacy: digest: intake: %w", err)
	}
	return d, nil
}

// day is the date part of a stored datetime ("" stays "").
func day(stored string) string {
	if len(stored) < len(time.DateOnly) {
		return stored
	}
	return stored[:len(time.DateOnly)]
}
