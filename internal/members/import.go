package members

import (
	"fmt"
	"io"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
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
}

// ImportResult counts what an import did (or, in a dry run, would do).
type ImportResult struct {
	Rows     int // valid rows in the file
	Created  int // members inserted
	Skipped  int // rows already present by member ID or email (a re-run after an interruption)
	Sequence int64
}

// Import writes validated rows in batches through app.Save inside one
// transaction per batch, so every member hook runs (normalisation, member ID
// from the sequence) and an interruption loses at most the current batch.
// Rows whose member ID or email is already present are skipped, which makes
// a re-run resume. Given member IDs are kept; before anything is written the
// sequence moves past the highest of them, so numbers assigned to rows
// without one (and to members created meanwhile by the server) never clash.
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
	var highest int64
	for _, r := range rows {
		if n, ok := opts.Format.Parse(r.MemberID); ok {
			highest = max(highest, n)
		}
	}
	if !opts.DryRun && highest > 0 {
		if err := app.RunInTransaction(func(tx core.App) error { return AdvancePast(tx, highest) }); err != nil {
			return res, err
		}
	}
	for start := 0; start < len(rows); start += batch {
		chunk := rows[start:min(start+batch, len(rows))]
		created, skipped := 0, 0
		write := func(tx core.App) error {
			ids, emails, err := presentKeys(tx, chunk)
			if err != nil {
				return err
			}
			for _, r := range chunk {
				if ids[r.MemberID] || emails[r.Email] {
					skipped++
					continue
				}
				created++
				if opts.DryRun {
					continue
				}
				if err := tx.Save(r.record(col)); err != nil {
					return fmt.Errorf("line %d: %w", r.Line, err)
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

// presentKeys returns the member IDs and emails of chunk that already exist,
// in one query per batch (both columns are indexed).
func presentKeys(app core.App, chunk []Row) (ids, emails map[string]bool, err error) {
	var idArgs, emailArgs []any
	for _, r := range chunk {
		if r.MemberID != "" {
			idArgs = append(idArgs, r.MemberID)
		}
		if r.Email != "" {
			emailArgs = append(emailArgs, r.Email)
		}
	}
	var found []struct {
		MemberID string `db:"member_id"`
		Email    string `db:"email"`
	}
	err = app.DB().Select("member_id", "email").From("members").
		Where(dbx.Or(dbx.In("member_id", idArgs...), dbx.And(dbx.NewExp("email != ''"), dbx.In("email", emailArgs...)))).
		All(&found)
	if err != nil {
		return nil, nil, fmt.Errorf("look up existing members: %w", err)
	}
	ids, emails = make(map[string]bool, len(found)), make(map[string]bool, len(found))
	for _, f := range found {
		if f.MemberID != "" {
			ids[f.MemberID] = true
		}
		if f.Email != "" {
			emails[f.Email] = true
		}
	}
	return ids, emails, nil
}

// record builds the member record of a row.
func (r Row) record(col *core.Collection) *core.Record {
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
	return rec
}
