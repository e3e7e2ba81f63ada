package members

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/jobs"
	"memberbase/internal/observe"
)

// DefaultBatchSize keeps each import transaction short (well under a second)
// so a `serve` process sharing the database keeps answering in between.
const DefaultBatchSize = 500

// ImportOptions tune [Import].
type ImportOptions struct {
	Format    IDFormat  // how given member IDs are parsed to move the sequence past them
	DryRun    bool      // validate and count, write nothing
	BatchSize int       // rows per transaction; DefaultBatchSize when 0
	Progress  io.Writer // progress lines after each batch (nil: silent)
	// Suppression refuses rows whose address belongs to an erased person
	// (a row error), so an old register cannot bring them back.
	Suppression Suppression
}

// ImportResult counts what an import did (or, in a dry run, would do).
type ImportResult struct {
	Rows     int // valid rows in the file
	Created  int // members inserted
	Skipped  int // rows already present: same member and email (a re-run after an interruption)
	Sequence int64
}

// Import writes validated rows in batches through app.Save inside one
// transaction per batch, so every member hook runs (normalisation, member ID
// from the sequence) and an interruption loses at most the current batch.
//
// Before anything is written (and in a dry run) every row is compared with
// the stored members: a row that is already there (see [classify]) is
// skipped, which makes a re-run resume; a row that clashes with another
// member, or whose number is above [MaxMemberNumber], is a problem, and the
// error is an [*InvalidFileError] listing them all. Given member IDs are
// kept; the sequence first moves past the highest of them, so numbers
// assigned to rows without one (and to members created meanwhile by the
// server) never clash.
func Import(app core.App, rows []Row, opts ImportOptions) (ImportResult, error) {
	res := ImportResult{Rows: len(rows)}
	batch := opts.BatchSize
	if batch <= 0 {
		batch = DefaultBatchSize
	}
	col, err := app.FindCollectionByNameOrId("members")
	if err != nil {
		return res, fmt.Errorf("members collection: %w", err)
	}
	plans, err := planIDs(app, rows)
	if err != nil {
		return res, err
	}
	branches, err := branchIDs(app, rows)
	if err != nil {
		return res, err
	}
	skipped, highest, err := check(app, col, rows, opts, batch)
	if err != nil {
		return res, err
	}
	if opts.DryRun {
		res.Skipped = skipped
		res.Created = len(rows) - skipped
		res.Sequence, err = Current(app)
		return res, err
	}
	if highest > 0 {
		if err := app.RunInTransaction(func(tx core.App) error { return AdvancePast(tx, highest) }); err != nil {
			return res, err
		}
	}
	bulk := observe.Bulk(context.Background())
	// The CLI import runs beside `serve`: leave it the write lock now and then.
	pacer := &jobs.Pacer{}
	for start := 0; start < len(rows); start += batch {
		chunk := rows[start:min(start+batch, len(rows))]
		created, skipped := 0, 0
		err := pacer.Run(func() error {
			return app.RunInTransaction(func(tx core.App) error {
				// Again inside the transaction: the server may have created a
				// member since the check.
				present, problems, err := classify(tx, col, chunk)
				if err != nil {
					return err
				}
				if problems != nil {
					return problemsError(problems)
				}
				for i, r := range chunk {
					if present[i] {
						skipped++
						continue
					}
					// One log line per batch (Progress), not one per member.
					if err := tx.SaveWithContext(bulk, r.record(col, plans, branches)); err != nil {
						return fmt.Errorf("line %d: %w", r.Line, err)
					}
					created++
				}
				return nil
			})
		})
		if err != nil {
			return res, err
		}
		res.Created += created
		res.Skipped += skipped
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, "members import: %d/%d rows (%d created, %d already present)\n",
				start+len(chunk), len(rows), res.Created, res.Skipped)
		}
	}
	res.Sequence, err = Current(app)
	return res, err
}

// check compares every row with the stored members, in batches, writing
// nothing. It returns how many rows are already present and the highest
// given member number, or an [*InvalidFileError] with every clash and every
// number above the cap.
func check(app core.App, col *core.Collection, rows []Row, opts ImportOptions, batch int) (skipped int, highest int64, err error) {
	var problems []RowError
	for _, r := range rows {
		if opts.Format.TooLarge(r.MemberID) {
			problems = append(problems, RowError{r.Line, FieldMemberID,
				fmt.Sprintf("the number is above %d, the largest member number accepted.", MaxMemberNumber)})
		} else if n, ok := opts.Format.Parse(r.MemberID); ok {
			highest = max(highest, n)
		}
	}
	for _, r := range rows {
		found, err := opts.Suppression.Suppressed(app, r.Email)
		if err != nil {
			return 0, 0, err
		}
		if found {
			problems = append(problems, RowError{r.Line, FieldEmail,
				"this address belongs to a person whose data was erased; they can join again through the join form."})
		}
	}
	for start := 0; start < len(rows); start += batch {
		present, clashes, err := classify(app, col, rows[start:min(start+batch, len(rows))])
		if err != nil {
			return 0, 0, err
		}
		problems = append(problems, clashes...)
		for _, p := range present {
			if p {
				skipped++
			}
		}
	}
	if problems != nil {
		slices.SortStableFunc(problems, func(a, b RowError) int { return cmp.Compare(a.Line, b.Line) })
		return 0, 0, &InvalidFileError{problems}
	}
	return skipped, highest, nil
}

// problemsError reports clashes found while writing (members the server
// created after the check), one line each.
func problemsError(problems []RowError) error {
	errs := make([]error, len(problems))
	for i, p := range problems {
		errs[i] = p
	}
	return fmt.Errorf("rows clash with members created meanwhile:\n%w", errors.Join(errs...))
}

// record builds the member record of a row; plans and branches map codes
// to ids.
func (r Row) record(col *core.Collection, plans, branches map[string]string) *core.Record {
	rec := core.NewRecord(col)
	rec.Set(FieldMemberID, r.MemberID)
	rec.Set(FieldFirstName, r.FirstName)
	rec.Set(FieldLastName, r.LastName)
	rec.Set(FieldEmail, r.Email)
	rec.Set(FieldPhone, r.Phone)
	rec.Set(FieldStatus, r.Status)
	rec.Set(FieldJoinedAt, r.JoinedAt)
	rec.Set(FieldConsentVersion, r.ConsentVersion)
	rec.Set(FieldConsentAt, r.ConsentAt)
	rec.Set(FieldMarketingOptIn, r.MarketingOptIn)
	rec.Set(FieldLeftAt, r.LeftAt)
	rec.Set(FieldLeaveReason, r.LeaveReason)
	rec.Set(FieldLeaveNote, r.LeaveNote)
	rec.Set(FieldPlan, plans[r.Plan])
	rec.Set(FieldPaidThrough, r.PaidThrough)
	rec.Set(FieldBranch, branches[r.Branch])
	return rec
}
