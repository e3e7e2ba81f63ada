package dues

import (
	"context"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/audit"
)

// bulkBatch stores one batch of an import's payments in its transaction
// the way the payment hooks store them one save at a time (PreparePayment,
// the insert, AfterPayment, the surplus), with the rows the hooks read
// loaded once per batch ([bulkBatch.load]) and kept in memory: the
// members, their periods, and what the matched payments on each due period
// add up to. The payments go in with multi-row inserts ([bulkBatch.flush]),
// their audit rows are those [audit.Log.TrackWrite] writes, and every row
// of the batch is chained at the end with one read of the chain head
// ([audit.Buffer]). A period that becomes paid and a member whose
// paid_through moves are still saved one by one through their hooks (audit,
// webhooks period.paid and member events, the card), as the payment hooks
// save them.
//
// A lapsed member with a plan may get a fresh period (PreparePayment), so
// their rows go through the hooks, after the payments waiting for an
// insert are flushed: the hooks then read what the batch stored so far.
type bulkBatch struct {
	tx  core.App
	ctx context.Context // the audit buffer, the credit tally, bulk logging
	svc *Service
	log *audit.Log // nil when the app keeps no audit log
	buf *audit.Buffer
	col *core.Collection

	members map[string]*core.Record
	periods map[string][]*core.Record // by member, oldest first (PeriodsOf)
	sums    map[string]*periodSum     // by due period
	hooked  map[string]bool           // members whose rows go through the hooks

	pending []*core.Record // decided, not inserted yet
	insertQ *dbx.Query     // the prepared insert of a payment, and its columns
	cols    []string
}

// periodSum is what a due period's matched payments in its currency add
// up to, and the received_on of the latest.
type periodSum struct {
	total int64
	last  string
}

// store stores the payment of row r, matched to member ("" unmatched).
func (b *bulkBatch) store(r StatementRow, member string) error {
	pay := r.record(b.col, member)
	if member != "" && (b.hooked[member] || freshStartPossible(b.members[member])) {
		b.hooked[member] = true
		if err := b.flush(); err != nil {
			return err
		}
		return b.tx.SaveNoValidateWithContext(b.ctx, pay)
	}
	return b.pay(pay)
}

// freshStartPossible reports whether PreparePayment may start a lapsed
// member over with a new period.
func freshStartPossible(m *core.Record) bool {
	return m == nil || (m.GetString("status") == "lapsed" && m.GetString(FieldPlan) != "")
}

// pay is the payment hooks' work on one new payment, in their order:
// decide (PreparePayment), insert, recompute the member (AfterPayment),
// store the surplus, and then the payment's own audit row (TrackWrite
// writes it once everything the save caused is written).
func (b *bulkBatch) pay(pay *core.Record) error {
	member := pay.GetString("member")
	var period, rest *core.Record
	if member != "" {
		if period = oldestDue(b.periods[member]); period != nil {
			pay.Set("period", period.Id)
			b.svc.defaultCurrency(pay, period)
			if pay.GetString("currency") == period.GetString("currency") {
				rest = splitSurplus(pay, b.owed(period))
			}
		}
		pay.Set("status", PaymentMatched)
	} else {
		pay.Set("status", PaymentUnmatched)
	}
	b.svc.defaultCurrency(pay, period)
	if member != "" && period == nil {
		tallyCredit(b.ctx, pay)
	}
	b.insert(pay, period)
	if member != "" {
		m, ps := b.members[member], b.periods[member]
		if err := b.svc.recomputeWith(b.ctx, b.tx, m, ps, b.settle); err != nil {
			return err
		}
		// The hooks of the next save compare with Original(): what a
		// fresh read (the hooks read the member for each payment) gives.
		for _, r := range append([]*core.Record{m}, ps...) {
			if err := r.PostScan(); err != nil {
				return wrap("refresh member", err)
			}
		}
	}
	if rest != nil {
		if err := b.pay(rest); err != nil {
			return err
		}
	}
	if b.log != nil {
		b.buf.Created(b.log, b.ctx, pay)
	}
	return nil
}

// insert queues pay for the next multi-row insert, with what the create
// interceptors would give it (id, created, updated), and adds it to its
// period's sum.
func (b *bulkBatch) insert(pay, period *core.Record) {
	pay.Id = core.GenerateDefaultRandomId()
	now := types.NowDateTime()
	pay.SetRaw("created", now)
	pay.SetRaw("updated", now)
	b.pending = append(b.pending, pay)
	if period == nil || pay.GetString("currency") != period.GetString("currency") {
		return
	}
	s := b.sums[period.Id]
	if s == nil {
		s = &periodSum{}
		b.sums[period.Id] = s
	}
	s.total += int64(pay.GetInt("amount"))
	s.last = max(s.last, pay.GetString("received_on"))
}

// owed is [owed] on the sums in memory.
func (b *bulkBatch) owed(p *core.Record) int {
	var paid int64
	if s := b.sums[p.Id]; s != nil {
		paid = s.total
	}
	return max(p.GetInt("amount")-int(paid), 0)
}

// settle is [Service.settle] on the sums in memory.
func (b *bulkBatch) settle(ctx context.Context, app core.App, p *core.Record) error {
	s := b.sums[p.Id]
	if s == nil {
		return nil
	}
	return markPaid(ctx, app, p, s.total, s.last)
}

// finish inserts what is left and chains the batch's audit rows.
func (b *bulkBatch) finish() error {
	if err := b.flush(); err != nil {
		return err
	}
	if b.log == nil {
		return nil
	}
	return wrap("audit rows of the batch", b.log.Flush(b.tx, b.buf))
}

// errLine names the line of a failed row.
func errLine(r StatementRow, err error) error {
	return fmt.Errorf("line %d: %w", r.Line, err)
}
