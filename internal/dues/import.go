package dues

import (
	"context"
	"fmt"
	"io"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/jobs"
	"memberbase/internal/members"
	"memberbase/internal/observe"
)

// ImportOptions tune [ImportPayments].
type ImportOptions struct {
	Format    members.IDFormat // how references name members (MEMBER_ID_PREFIX, MEMBER_ID_WIDTH)
	DryRun    bool             // match and count, write nothing
	BatchSize int              // rows per transaction; members.DefaultBatchSize when 0
	Progress  io.Writer        // a line after each batch (nil: silent)

	// perLine saves each payment through the hooks, as before the batched
	// path: the tests compare both, the benchmark times both.
	perLine bool
}

// ImportResult counts what an import did (or, in a dry run, would do).
type ImportResult struct {
	Rows          int            // incoming payments in the file
	Matched       int            // stored matched to a member
	Unmatched     int            // stored unmatched, for an editor to assign
	UnmatchedRows []UnmatchedRow // their lines, and why each matched nobody
	Skipped       int            // already imported (external_id or import key present)
	Credit        int            // payments kept as credit: lines with nothing due, or the rest of a larger one
	CreditAmount  map[string]int // that credit in minor units, by currency
	Outgoing      int            // debits and zero amounts, left out
}

// ImportPayments stores a statement's payments in batches, one transaction
// each, deciding each as the payment hooks would ([bulkBatch]: in memory,
// from rows read once per batch): it pays its member's oldest due period,
// what it brings beyond that period is split off as the next payment
// (which pays the next due period, or stays as credit), and paid_through
// is recomputed in the same transaction; the audit log records each insert
// (actor cli), and paid periods and changed members are saved through
// their hooks. A row whose external_id (or import key) is already stored
// is skipped, so importing a statement twice, or two overlapping
// statements, pays nothing twice, and a re-run after an interruption
// resumes. Matching depends only on the reference and the stored members
// ([ReferenceNumbers]), so a dry run reports the same matched and
// unmatched lines; credit is only known when paying.
func ImportPayments(app core.App, st Statement, opts ImportOptions) (ImportResult, error) {
	res := ImportResult{Rows: len(st.Rows), Outgoing: len(st.Outgoing), CreditAmount: map[string]int{}}
	batch := opts.BatchSize
	if batch <= 0 {
		batch = members.DefaultBatchSize
	}
	col, err := app.FindCollectionByNameOrId(Payments)
	if err != nil {
		return res, wrap("payments collection", err)
	}
	svc, err := FromApp(app)
	if err != nil {
		return res, err
	}
	m, err := newMatcher(app, opts.Format)
	if err != nil {
		return res, err
	}
	// The CLI import runs beside `serve`: leave it the write lock now and
	// then (docs/import-export.md).
	pacer := &jobs.Pacer{}
	for start := 0; start < len(st.Rows); start += batch {
		chunk := st.Rows[start:min(start+batch, len(st.Rows))]
		var part ImportResult
		var credit CreditTally
		write := func(tx core.App) error {
			part, credit = ImportResult{}, CreditTally{}
			// One log line per batch (Progress), not one per payment.
			ctx := WithCreditTally(observe.Bulk(context.Background()), &credit)
			present, err := presentKeys(tx, chunk)
			if err != nil {
				return err
			}
			who, why, err := m.match(tx, chunk)
			if err != nil {
				return err
			}
			var bulk *bulkBatch
			if !opts.DryRun && !opts.perLine {
				if bulk, err = newBulkBatch(tx, ctx, svc, col, who); err != nil {
					return err
				}
				defer bulk.close()
			}
			reasons := map[int]string{}
			for _, u := range why {
				reasons[u.Line] = u.Reason
			}
			for _, r := range chunk {
				if present[r.ExternalID] {
					part.Skipped++
					continue
				}
				member := who[r.Line]
				if member == "" {
					part.Unmatched++
					part.UnmatchedRows = append(part.UnmatchedRows, UnmatchedRow{r.Line, reasons[r.Line]})
				} else {
					part.Matched++
				}
				if opts.DryRun {
					continue
				}
				if bulk != nil {
					if err := bulk.store(r, member); err != nil {
						return errLine(r, err)
					}
					continue
				}
				// ReadStatement validated the row against the schema's
				// limits, and member comes from the lookup above: the
				// relation checks of a validating save would cost two
				// queries a row for nothing. The hooks run as ever.
				if err := tx.SaveNoValidateWithContext(ctx, r.record(col, member)); err != nil {
					return errLine(r, err)
				}
			}
			if bulk != nil {
				return bulk.finish()
			}
			return nil
		}
		if opts.DryRun {
			err = write(app)
		} else {
			err = pacer.Run(func() error { return app.RunInTransaction(write) })
		}
		if err != nil {
			return res, err
		}
		res.Matched += part.Matched
		res.Unmatched += part.Unmatched
		res.UnmatchedRows = append(res.UnmatchedRows, part.UnmatchedRows...)
		res.Skipped += part.Skipped
		res.Credit += credit.Payments
		for cur, amount := range credit.Amount {
			res.CreditAmount[cur] += amount
		}
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, "payments import: %d/%d rows (%d matched, %d unmatched, %d already imported)\n",
				start+len(chunk), len(st.Rows), res.Matched, res.Unmatched, res.Skipped)
		}
	}
	return res, nil
}

// record builds the payment of a row; member is empty when unmatched.
func (r StatementRow) record(col *core.Collection, member string) *core.Record {
	rec := core.NewRecord(col)
	rec.Set("member", member)
	rec.Set("amount", r.Amount)
	rec.Set("currency", r.Currency)
	rec.Set("received_on", r.ReceivedOn)
	rec.Set("method", r.Method)
	rec.Set("reference", r.Reference)
	rec.Set("payer", r.Payer)
	rec.Set("external_id", r.ExternalID)
	return rec
}

// presentKeys returns which of the rows' external ids are already stored.
func presentKeys(app core.App, rows []StatementRow) (map[string]bool, error) {
	keys := make([]any, len(rows))
	for i, r := range rows {
		keys[i] = r.ExternalID
	}
	var found []string
	err := app.DB().Select("external_id").From(Payments).Where(dbx.In("external_id", keys...)).Column(&found)
	if err != nil {
		return nil, wrap("stored external ids", err)
	}
	present := make(map[string]bool, len(found))
	for _, k := range found {
		present[k] = true
	}
	return present, nil
}
