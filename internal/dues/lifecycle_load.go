package dues

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/outbox"
)

// lifecycleChunk is how many members one lifecycle transaction reads at
// once (members, plans, periods, credit and queued mails: five queries in
// all, instead of five per member). The transaction may stop earlier, when
// [txBudget] is spent; the rest is read again by the next one, and the
// chunk after a cut shrinks to what fitted.
const lifecycleChunk = 100

// chunk is what the lifecycle needs of a group of members, read in the
// transaction that changes them, so nothing is stale.
type chunk struct {
	members map[string]*core.Record
	plans   map[string]*core.Record
	// periods are each member's periods, oldest first.
	periods map[string][]*core.Record
	// credit names the members with matched payments linked to no period:
	// only their new periods look for credit to apply.
	credit map[string]bool
	// queued holds the dedupe keys of the dues mails already queued about
	// the members' due periods.
	queued map[string]bool
	// w is what the transaction has yet to write.
	w writes
	// stencils render the chunk's mails, shared by the run's chunks; nil
	// renders each in full (the per-record saves).
	stencils stencils
}

// loadChunk reads ids' members with their plans, periods, credit and the
// dues mails already queued about their due periods.
func loadChunk(tx core.App, ids []string) (*chunk, error) {
	c := &chunk{members: map[string]*core.Record{}, plans: map[string]*core.Record{},
		periods: map[string][]*core.Record{}, credit: map[string]bool{}, queued: map[string]bool{}}
	ms, err := tx.FindRecordsByIds(Members, ids)
	if err != nil {
		return nil, wrap("members of chunk", err)
	}
	var planIDs []string
	for _, m := range ms {
		c.members[m.Id] = m
		if p := m.GetString(FieldPlan); p != "" {
			planIDs = append(planIDs, p)
		}
	}
	if len(planIDs) > 0 {
		ps, err := tx.FindRecordsByIds(Plans, planIDs)
		if err != nil {
			return nil, wrap("plans of chunk", err)
		}
		for _, p := range ps {
			c.plans[p.Id] = p
		}
	}
	anyIDs := make([]any, len(ids))
	for i, id := range ids {
		anyIDs[i] = id
	}
	var periods []*core.Record
	err = tx.RecordQuery(Periods).AndWhere(dbx.In("member", anyIDs...)).OrderBy("starts_on", "created").All(&periods)
	if err != nil {
		return nil, wrap("periods of chunk", err)
	}
	var keys []any
	for _, p := range periods {
		m := p.GetString("member")
		c.periods[m] = append(c.periods[m], p)
		if p.GetString("status") == PeriodDue {
			for _, kind := range []string{MailRenewalDue, MailRenewalReminder, MailLapsed} {
				keys = append(keys, mailKey(kind, p.Id))
			}
		}
	}
	var credited []string
	err = tx.DB().Select("member").Distinct(true).From(Payments).
		Where(dbx.And(dbx.In("member", anyIDs...), dbx.HashExp{"period": "", "status": PaymentMatched})).
		Column(&credited)
	if err != nil {
		return nil, wrap("credit of chunk", err)
	}
	for _, m := range credited {
		c.credit[m] = true
	}
	if len(keys) == 0 {
		return c, nil
	}
	var queued []string
	err = tx.DB().Select("dedupe_key").From(outbox.Collection).Where(dbx.In("dedupe_key", keys...)).Column(&queued)
	if err != nil {
		return nil, wrap("queued mails of chunk", err)
	}
	for _, k := range queued {
		c.queued[k] = true
	}
	return c, nil
}

// mailKey is the dedupe key of a dues mail: one per period and kind, no
// personal data.
func mailKey(kind, periodID string) string { return kind + ":" + periodID }
