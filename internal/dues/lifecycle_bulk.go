package dues

import (
	"context"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/audit"
	"memberbase/internal/bulkinsert"
	"memberbase/internal/outbox"
	"memberbase/internal/recordid"
)

// flushEvery is how many rows (periods and mails) a lifecycle transaction
// collects before writing them, so the time the writes take counts
// against [txBudget] as the transaction goes.
const flushEvery = 64

// writes are the rows a lifecycle transaction has decided on and not yet
// written. On the job's heaviest day every member gets a new period and a
// mail: saving each through PocketBase (hooks, validation, one statement,
// its audit row) was most of the job's time, so they are collected and
// written together with prepared inserts ([Service.flush]). perRecord writes each
// at once through the ordinary saves instead: the replay of a failed
// group, so only the failing member is skipped, and the tests that compare
// both ways.
type writes struct {
	perRecord bool
	periods   []*core.Record
	mails     []outbox.Message
	// queued counts the mails written, to wake the outbox after commit.
	queued int
}

func (w *writes) size() int { return len(w.periods) + len(w.mails) }

// nextPeriod creates member's period of plan from start. A due period
// without credit to look for is collected for [Service.flush]; a free
// plan's (waived) and a member's with credit (paid from it, and
// recomputed) are saved at once, after what is collected.
func (s *Service) nextPeriod(ctx context.Context, tx core.App, c *chunk, m, plan *core.Record, start time.Time) (*core.Record, error) {
	if c.w.perRecord || c.credit[m.Id] || plan.GetInt("fee") == 0 {
		if err := s.flush(ctx, tx, c); err != nil {
			return nil, err
		}
		return s.insertPeriod(ctx, tx, m, plan, start, c.credit[m.Id])
	}
	p, err := s.periodRecord(tx, m, plan, start)
	if err != nil {
		return nil, err
	}
	// The id now: the mails about the period name it before it is written.
	// It sorts by time ([recordid.New]), and so do the mails' dedupe keys
	// that name it: the chunk's rows share index pages.
	p.Set(core.FieldNameId, recordid.New(time.Now()))
	c.w.periods = append(c.w.periods, p)
	return p, nil
}

// queue queues msg: collected for [Service.flush], or at once.
func (s *Service) queue(tx core.App, c *chunk, msg outbox.Message) error {
	if !c.w.perRecord {
		c.w.mails = append(c.w.mails, msg)
		return nil
	}
	if err := outbox.Enqueue(tx, msg); err != nil {
		return err
	}
	c.w.queued++
	return nil
}

// flush writes what c collected, doing what the saves' hooks would have:
// the periods with one audit row each (as [audit.Log.TrackWrite] writes
// it), then the mails. A new due period fires no webhook (only a paid one
// does) and no realtime event (docs/dues.md): staff see it on their next
// read.
func (s *Service) flush(ctx context.Context, tx core.App, c *chunk) error {
	if ps := c.w.periods; len(ps) > 0 {
		if err := bulkinsert.Records(ctx, tx, ps); err != nil {
			return wrap("new periods", err)
		}
		if l := audit.From(tx); l != nil {
			entries := make([]audit.Entry, len(ps))
			for i, p := range ps {
				entries[i] = l.Created(ctx, p)
			}
			if err := l.Append(tx, entries...); err != nil {
				return wrap("audit new periods", err)
			}
		}
		c.w.periods = c.w.periods[:0]
	}
	if len(c.w.mails) > 0 {
		n, err := outbox.EnqueueMany(ctx, tx, c.w.mails)
		if err != nil {
			return wrap("queue mails", err)
		}
		c.w.queued += n
		c.w.mails = c.w.mails[:0]
	}
	return nil
}

// wakeOutbox tells the outbox worker, after a commit, that mails wait.
func wakeOutbox(app core.App) {
	if ob, err := outbox.FromApp(app); err == nil && ob.Worker != nil {
		ob.Worker.Wake()
	}
}
