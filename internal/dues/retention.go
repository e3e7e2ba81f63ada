package dues

import (
	"context"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// UnmatchedRetention is how long payer and reference of unmatched and
// ignored payments are kept when FINANCE_RETENTION is 0.
const UnmatchedRetention = 90 * 24 * time.Hour

// retentionBatch is how many payments one clearing transaction touches.
const retentionBatch = 100

// OnErase is the dues part of every erasure ([members.Eraser]): the
// member's periods and payments stay against the tombstone (the books must
// add up), but payer and reference carry names. Without FINANCE_RETENTION
// they are cleared now; with it they stay, readable by superusers only (the
// payments rules hide an erased member's payments from staff), until
// [Service.ClearExpired] clears them.
func (s *Service) OnErase(tx core.App, m *core.Record, _ string) error {
	if s.opts.FinanceRetention > 0 {
		return nil
	}
	pays, err := tx.FindRecordsByFilter(Payments, "member = {:m} && (payer != '' || reference != '')", "", 0, 0, dbx.Params{"m": m.Id})
	if err != nil {
		return wrap("payments of erased member", err)
	}
	return clearPayer(tx, pays)
}

// ClearExpired is the daily retention job: it clears payer and reference
// on the payments of erased members once FINANCE_RETENTION has passed since
// their period's end (or since they were received, without a period), and
// on unmatched and ignored payments received longer ago than
// FINANCE_RETENTION (90 days when it is 0). It returns how many payments it
// cleared; each batch is a transaction of its own.
func (s *Service) ClearExpired(app core.App) (int, error) {
	now := s.opts.Now().UTC()
	keep := s.opts.FinanceRetention
	if keep <= 0 {
		keep = UnmatchedRetention
	}
	cutoff := date(now.Add(-keep)).String()
	filters := []string{
		"(status = 'unmatched' || status = 'ignored') && received_on < {:cut} && (payer != '' || reference != '')",
	}
	if s.opts.FinanceRetention > 0 {
		filters = append(filters, "member.status = 'erased' && (payer != '' || reference != '') && "+
			"((period != '' && period.ends_on != '' && period.ends_on < {:cut}) || (period = '' && received_on < {:cut}))")
	}
	total := 0
	for _, f := range filters {
		for {
			pays, err := app.FindRecordsByFilter(Payments, f, "id", retentionBatch, 0, dbx.Params{"cut": cutoff})
			if err != nil {
				return total, wrap("expired payments", err)
			}
			if len(pays) == 0 {
				break
			}
			if err := app.RunInTransaction(func(tx core.App) error { return clearPayer(tx, pays) }); err != nil {
				return total, err
			}
			total += len(pays)
		}
	}
	return total, nil
}

// clearPayer empties payer and reference of each payment (audited as updates).
func clearPayer(tx core.App, pays []*core.Record) error {
	for _, p := range pays {
		p.Set("payer", "")
		p.Set("reference", "")
		if err := tx.SaveWithContext(inner(context.Background()), p); err != nil {
			return wrap("clear payment", err)
		}
	}
	return nil
}
