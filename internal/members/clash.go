package members

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// sameDataColumns are the columns besides member_id and email that must all
// match for a row without member ID to count as already present.
var sameDataColumns = [...]string{FieldFirstName, FieldLastName, FieldPhone, FieldStatus,
	FieldJoinedAt, FieldConsentVersion, FieldConsentAt, FieldMarketingOptIn}

// classify compares chunk with the members already stored. A row is present
// (skipped) only when it is that member: same member ID and same email (an
// erased tombstone matches its own exported row, both emails empty), or, for
// a row without member ID, same email and the same value in every other
// column (what a re-run of an interrupted import finds). Any other overlap
// is a problem naming the row's line: skipping it would lose a person, and
// importing it would give one number or address to two people.
func classify(app core.App, col *core.Collection, chunk []Row) (present []bool, problems []RowError, err error) {
	byID, byEmail, err := existing(app, chunk)
	if err != nil {
		return nil, nil, err
	}
	present = make([]bool, len(chunk))
	for i, r := range chunk {
		holder, owner := byID[r.MemberID], byEmail[r.Email]
		switch {
		case r.MemberID != "" && holder != nil && holder.GetString(FieldEmail) == r.Email:
			present[i] = true
		case r.MemberID != "":
			if holder != nil {
				problems = append(problems, RowError{r.Line, FieldMemberID, heldBy(holder, r)})
			}
			if owner != nil {
				problems = append(problems, RowError{r.Line, FieldEmail,
					fmt.Sprintf("already registered under member ID %s; the row has another member ID.", owner.GetString(FieldMemberID))})
			}
		case owner != nil && sameData(owner, r.record(col, nil, nil)):
			present[i] = true
		case owner != nil:
			problems = append(problems, RowError{r.Line, FieldEmail, fmt.Sprintf(
				"already registered under member ID %s with other details; put that member_id on the row to skip it, or remove the row.",
				owner.GetString(FieldMemberID))})
		}
	}
	return present, problems, nil
}

// heldBy explains why a stored member holding the row's member ID is not
// the row's person.
func heldBy(holder *core.Record, r Row) string {
	switch {
	case holder.GetString(FieldStatus) == StatusErased:
		return "this member ID belongs to an erased member; an erased person is not brought back."
	case r.Status == StatusErased:
		return "this member ID belongs to a member who is not erased here."
	default:
		return "this member ID already belongs to a member with another email."
	}
}

// sameData reports whether a stored member holds the row's values in every
// column besides member_id and email.
func sameData(stored, row *core.Record) bool {
	for _, c := range sameDataColumns {
		if storedValue(stored, c) != storedValue(row, c) {
			return false
		}
	}
	return true
}

// existing returns the stored members that hold a member ID or an email of
// chunk, by member ID and by email, in one query (both columns are indexed).
func existing(app core.App, chunk []Row) (byID, byEmail map[string]*core.Record, err error) {
	var ids, emails []any
	for _, r := range chunk {
		if r.MemberID != "" {
			ids = append(ids, r.MemberID)
		}
		if r.Email != "" {
			emails = append(emails, r.Email)
		}
	}
	found, err := app.FindAllRecords("members",
		dbx.Or(dbx.In(FieldMemberID, ids...), dbx.And(dbx.NewExp("[[email]] != ''"), dbx.In(FieldEmail, emails...))))
	if err != nil {
		return nil, nil, fmt.Errorf("look up existing members: %w", err)
	}
	byID, byEmail = make(map[string]*core.Record, len(found)), make(map[string]*core.Record, len(found))
	for _, m := range found {
		if id := m.GetString(FieldMemberID); id != "" {
			byID[id] = m
		}
		if email := m.GetString(FieldEmail); email != "" {
			byEmail[email] = m
		}
	}
	return byID, byEmail, nil
}
