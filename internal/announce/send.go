package announce

import (
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/members"
	"memberbase/internal/outbox"
)

func dbTime(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }

// dedupeKey names one announcement to one member: queueing it again (a
// replayed batch after a crash) is a no-op.
func dedupeKey(announcementID, memberID string) string {
	return "announcement:" + announcementID + ":" + memberID
}

// ErrNotSending is returned by [Service.ExpandBatch] when the announcement
// is no longer sending (cancelled meanwhile).
var ErrNotSending = errors.New("announce: announcement is not sending")

// ExpandBatch queues the next batch of recipients of the announcement id,
// in one transaction with the cursor that records how far it got, so a
// crash replays at most the batch (whose dedupe keys make it harmless) and
// never skips one. It reports whether expansion is complete.
func (s *Service) ExpandBatch(app core.App, id string) (done bool, err error) {
	err = app.RunInTransaction(func(tx core.App) error {
		a, err := tx.FindRecordById(Collection, id)
		if err != nil {
			return fmt.Errorf("announce: expand: %w", err)
		}
		if a.GetString("status") != StatusSending {
			return ErrNotSending
		}
		if a.GetBool("expanded") {
			done = true
			return nil
		}
		rs, err := recipients(tx, a.GetString("audience"), a.GetString("expanded_to"), s.batch)
		if err != nil {
			return err
		}
		for _, m := range rs {
			if err := s.queueOne(tx, a, m); err != nil {
				return err
			}
		}
		done = len(rs) < s.batch
		last := a.GetString("expanded_to")
		if len(rs) > 0 {
			last = rs[len(rs)-1].Id
		}
		// Progress fields are written directly: a batch is no change an
		// admin made, and 20 audit rows per 10,000 members would be noise.
		_, err = tx.DB().NewQuery(`UPDATE announcements SET expanded_to = {:last}, expanded = {:done} WHERE id = {:id}`).
			Bind(dbx.Params{"last": last, "done": done, "id": id}).Execute()
		return err
	})
	return done, err
}

// queueOne renders and queues a for member m.
func (s *Service) queueOne(tx core.App, a, m *core.Record) error {
	unsub := ""
	if a.GetString("audience") == AudienceMarketing {
		var err error
		if unsub, err = s.UnsubscribeURL(tx, m); err != nil {
			return err
		}
	}
	r, h, err := s.render(tx, a, unsub)
	if err != nil {
		return err
	}
	return outbox.Enqueue(tx, outbox.Message{To: m.GetString(members.FieldEmail), Kind: MailKind,
		Subject: r.Subject, Text: r.Text, HTML: r.HTML, DedupeKey: dedupeKey(a.Id, m.Id),
		Bulk: true, Group: a.Id, Headers: h})
}

// SendTest queues a to every superuser through txApp, with a fresh dedupe
// key each time, so an admin sees the mail as members will (a marketing
// test carries an unsubscribe link that unsubscribes nobody). The caller
// sets the status back to draft.
func (s *Service) SendTest(txApp core.App, a *core.Record) error {
	sus, err := txApp.FindAllRecords(core.CollectionNameSuperusers)
	if err != nil {
		return fmt.Errorf("announce: test: %w", err)
	}
	unsub := ""
	if a.GetString("audience") == AudienceMarketing {
		unsub = s.baseURL + "/unsubscribe?token=test"
	}
	r, h, err := s.render(txApp, a, unsub)
	if err != nil {
		return err
	}
	run := security.RandomString(12)
	for _, su := range sus {
		err := outbox.Enqueue(txApp, outbox.Message{To: su.Email(), Kind: MailKind, Subject: "[Test] " + r.Subject,
			Text: r.Text, HTML: r.HTML, DedupeKey: "announcement-test:" + a.Id + ":" + run + ":" + su.Id, Headers: h})
		if err != nil {
			return err
		}
	}
	return nil
}

// Counts are an announcement's outbox outcomes.
type Counts struct {
	Sent, Failed, Pending int
}

// CountsOf reads the outcomes of announcement id's rows from the outbox
// group.
func CountsOf(app core.App, id string) (Counts, error) {
	var rows []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	err := app.DB().NewQuery(`SELECT status, COUNT(*) AS n FROM email_outbox WHERE [[group]] = {:id} GROUP BY status`).
		Bind(dbx.Params{"id": id}).All(&rows)
	var c Counts
	for _, r := range rows {
		switch r.Status {
		case outbox.StatusSent:
			c.Sent = r.N
		case outbox.StatusFailed:
			c.Failed = r.N
		case outbox.StatusQueued, outbox.StatusSending:
			c.Pending += r.N
		}
	}
	if err != nil {
		return c, fmt.Errorf("announce: counts: %w", err)
	}
	return c, nil
}

// Cancel stops announcement a through txApp (the status change's
// transaction): its queued rows are cancelled and what was sent is
// counted. Rows being sent finish.
func (s *Service) Cancel(txApp core.App, a *core.Record) error {
	_, err := txApp.DB().NewQuery(`UPDATE email_outbox SET status = 'cancelled', next_attempt_at = '', updated = {:now}
		WHERE [[group]] = {:id} AND status = 'queued'`).Bind(dbx.Params{"id": a.Id, "now": dbTime(s.now())}).Execute()
	if err != nil {
		return fmt.Errorf("announce: cancel: %w", err)
	}
	c, err := CountsOf(txApp, a.Id)
	if err != nil {
		return err
	}
	a.Set("sent_count", c.Sent)
	a.Set("failed_count", c.Failed)
	return nil
}
