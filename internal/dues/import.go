package dues

import (
	"context"
	"fmt"
	"io"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
	"memberbase/internal/observe"
)

// ImportOptions tune [ImportPayments].
type ImportOptions struct {
	Format    members.IDFormat // how references name members (MEMBER_ID_PREFIX, MEMBER_ID_WIDTH)
	DryRun    bool             // match and count, write nothing
	BatchSize int              // rows per transaction; members.DefaultBatchSize when 0
	Progress  io.Writer        // a line after each batch (nil: silent)
}

// ImportResult counts what an import did (or, in a dry run, would do).
type ImportResult struct {
	Rows           int   // incoming payments in the file
	Matched        int   // stored matched to a member
	Unmatched      int   // stored unmatched, for an editor to assign
	UnmatchedLines []int // their lines
	Skipped        int   // already imported (external_id or import key present)
	NoPeriod       int   // matched, but the member had no due period
	Outgoing       int   // debits and zero amounts, left out
}

// ImportPayments stores a statement's payments in batches, one transaction
// each, through app.Save: the payment hooks match each one to its member's
// oldest due period and recompute paid_through in the same transaction, and
// the audit log records each insert. A row whose external_id (or import
// key) is already stored is skipped, so importing a statement twice, or two
// overlapping statements, pays nothing twice, and a re-run after an
// interruption resumes. Matching depends only on the reference and the
// stored members ([ReferenceNumber]), so a dry run reports the same counts.
func ImportPayments(app core.App, st Statement, opts ImportOptions) (ImportResult, error) {
	res := ImportResult{Rows: len(st.Rows), Outgoing: len(st.Outgoing)}
	batch := opts.BatchSize
	if batch <= 0 {
		batch = members.DefaultBatchSize
	}
	col, err := app.FindCollectionByNameOrId(Payments)
	if err != nil {
		return res, wrap("payments collection", err)
	}
	bulk := observe.Bulk(context.Background())
	for start := 0; start < len(st.Rows); start += batch {
		chunk := st.Rows[start:min(start+batch, len(st.Rows))]
		var part ImportResult
		write := func(tx core.App) error {
			part = ImportResult{}
			present, err := presentKeys(tx, chunk)
			if err != nil {
				return err
			}
			who, err := matchMembers(tx, chunk, opts.Format)
			if err != nil {
				return err
			}
			for _, r := range chunk {
				if present[r.ExternalID] {
					part.Skipped++
					continue
				}
				member := who[r.Line]
				if member == "" {
					part.Unmatched++
					part.UnmatchedLines = append(part.UnmatchedLines, r.Line)
				} else {
					part.Matched++
				}
				if opts.DryRun {
					continue
				}
				rec := r.record(col, member)
				// One log line per batch (Progress), not one per payment.
				if err := tx.SaveWithContext(bulk, rec); err != nil {
					return fmt.Errorf("line %d: %w", r.Line, err)
				}
				if member != "" && rec.GetString("period") == "" {
					part.NoPeriod++
				}
			}
			return nil
		}
		if opts.DryRun {
			err = write(app)
		} else {
			err = app.RunInTransaction(write)
		}
		if err != nil {
			return res, err
		}
		res.Matched += part.Matched
		res.Unmatched += part.Unmatched
		res.UnmatchedLines = append(res.UnmatchedLines, part.UnmatchedLines...)
		res.Skipped += part.Skipped
		res.NoPeriod += part.NoPeriod
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

// matchMembers returns, by line, the record id of the member each row's
// reference names; erased members and IDs nobody holds match nothing.
func matchMembers(app core.App, rows []StatementRow, f members.IDFormat) (map[int]string, error) {
	want := map[string][]int{}
	var ids []any
	for _, r := range rows {
		n, ok := ReferenceNumber(r.Reference, f)
		if !ok {
			continue
		}
		id := f.Format(n)
		if want[id] == nil {
			ids = append(ids, id)
		}
		want[id] = append(want[id], r.Line)
	}
	who := map[int]string{}
	if len(ids) == 0 {
		return who, nil
	}
	var found []struct {
		ID       string `db:"id"`
		MemberID string `db:"member_id"`
	}
	err := app.DB().Select("id", "member_id").From(Members).
		Where(dbx.And(dbx.In("member_id", ids...), dbx.NewExp("status != 'erased'"))).All(&found)
	if err != nil {
		return nil, wrap("members of references", err)
	}
	for _, m := range found {
		for _, line := range want[m.MemberID] {
			who[line] = m.ID
		}
	}
	return who, nil
}
