package members

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pocketbase/pocketbase/tools/types"
)

// Columns returns the import/export columns in file order (SPEC §2).
func Columns() []string {
	return []string{FieldMemberID, FieldFirstName, FieldLastName, FieldEmail, FieldPhone, FieldStatus,
		FieldJoinedAt, FieldConsentVersion, FieldConsentAt, FieldMarketingOptIn, FieldLeftAt, FieldLeaveReason, FieldLeaveNote, FieldPlan, FieldPaidThrough, FieldBranch}
}

// Statuses returns every member status.
func Statuses() []string {
	return []string{StatusPendingApproval, StatusActive, StatusLapsed, StatusCancelled, StatusErased}
}

// Row is one validated, normalised member of an import file.
type Row struct {
	Line           int // line of the file where the row starts (the header is line 1)
	MemberID       string
	FirstName      string
	LastName       string
	Email          string
	Phone          string
	Status         string
	JoinedAt       types.DateTime
	ConsentVersion string
	ConsentAt      types.DateTime
	MarketingOptIn bool
	LeftAt         types.DateTime
	LeaveReason    string
	LeaveNote      string
	// Plan is the plan's code (SPEC §15); the import resolves it.
	Plan        string
	PaidThrough types.DateTime
	// Branch is the branch's code (SPEC §16b); the import resolves it.
	Branch string
}

// RowError is one problem of an import file, named by line and column.
type RowError struct {
	Line   int
	Column string
	Reason string
}

func (e RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return fmt.Sprintf("line %d, column %s: %s", e.Line, e.Column, e.Reason)
}

// parseRow validates and normalises one record (values by column name) with
// the shared member validation; it returns the row and its problems.
func parseRow(line int, v map[string]string) (Row, []RowError) {
	var errs []RowError
	bad := func(col, reason string) { errs = append(errs, RowError{line, col, reason}) }
	row := Row{Line: line, MemberID: strings.TrimSpace(v[FieldMemberID]), Status: strings.TrimSpace(v[FieldStatus])}

	if row.Status == "" {
		row.Status = StatusActive
	} else if !slices.Contains(Statuses(), row.Status) {
		bad(FieldStatus, "must be one of "+strings.Join(Statuses(), ", ")+".")
	}
	in := Input{FirstName: v[FieldFirstName], LastName: v[FieldLastName], Email: v[FieldEmail], Phone: v[FieldPhone], Status: row.Status}
	verrs := Validate(&in)
	for _, col := range []string{FieldFirstName, FieldLastName, FieldEmail, FieldPhone} { // stable order
		if err := verrs[col]; err != nil {
			bad(col, err.Error())
		}
	}
	row.FirstName, row.LastName, row.Email, row.Phone = in.FirstName, in.LastName, in.Email, in.Phone

	if utf8.RuneCountInString(row.MemberID) > 40 || hasForbiddenRunes(row.MemberID) || strings.ContainsAny(row.MemberID, " ,;") {
		bad(FieldMemberID, "must be at most 40 characters without spaces or control characters.")
	}
	if row.Status == StatusErased {
		if row.MemberID == "" {
			bad(FieldMemberID, "an erased row must keep its member ID.")
		}
		if row.FirstName != "" || row.LastName != "" || row.Email != "" || row.Phone != "" {
			bad(FieldStatus, "an erased row must have empty first_name, last_name, email and phone.")
		}
	}
	row.ConsentVersion = strings.TrimSpace(v[FieldConsentVersion])
	if utf8.RuneCountInString(row.ConsentVersion) > 40 || hasForbiddenRunes(row.ConsentVersion) {
		bad(FieldConsentVersion, "must be at most 40 characters without control characters.")
	}
	var err error
	if row.JoinedAt, err = parseDate(v[FieldJoinedAt]); err != nil {
		bad(FieldJoinedAt, err.Error())
	}
	if row.ConsentAt, err = parseDate(v[FieldConsentAt]); err != nil {
		bad(FieldConsentAt, err.Error())
	}
	switch strings.ToLower(strings.TrimSpace(v[FieldMarketingOptIn])) {
	case "", "false":
	case "true":
		row.MarketingOptIn = true
	default:
		bad(FieldMarketingOptIn, "must be true or false.")
	}
	if row.LeftAt, err = parseDate(v[FieldLeftAt]); err != nil {
		bad(FieldLeftAt, err.Error())
	}
	row.LeaveReason = strings.TrimSpace(v[FieldLeaveReason])
	if row.LeaveReason != "" && !slices.Contains(LeaveReasons(), row.LeaveReason) {
		bad(FieldLeaveReason, "must be empty or one of "+strings.Join(LeaveReasons(), ", ")+".")
	}
	row.LeaveNote = strings.TrimSpace(v[FieldLeaveNote])
	if utf8.RuneCountInString(row.LeaveNote) > MaxLeaveNoteLen || hasForbiddenRunes(row.LeaveNote) {
		bad(FieldLeaveNote, "must be at most 500 characters without control characters.")
	}
	row.Plan = strings.TrimSpace(v[FieldPlan])
	if row.Plan != "" && !planCode.MatchString(row.Plan) {
		bad(FieldPlan, "must be a plan code: 1-40 of a-z, 0-9 and -.")
	}
	if row.PaidThrough, err = parseDate(v[FieldPaidThrough]); err != nil {
		bad(FieldPaidThrough, err.Error())
	} else if !row.PaidThrough.IsZero() && row.Plan == "" {
		bad(FieldPaidThrough, "needs a plan: paid_through stands for a paid period of the member's plan.")
	}
	row.Branch = strings.TrimSpace(v[FieldBranch])
	if row.Branch != "" && !planCode.MatchString(row.Branch) {
		bad(FieldBranch, "must be a branch code: 1-40 of a-z, 0-9 and -.")
	}
	if row.Status == StatusErased && row.LeaveNote != "" {
		bad(FieldLeaveNote, "an erased row must have an empty leave_note.")
	}
	return row, errs
}

// planCode is the pattern of plans.code and branches.code.
var planCode = regexp.MustCompile(`^[a-z0-9-]{1,40}$`)

// parseDate accepts RFC 3339 (with or without fractional seconds) or
// YYYY-MM-DD (midnight UTC); empty is no date.
func parseDate(s string) (types.DateTime, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return types.DateTime{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return types.ParseDateTime(t)
		}
	}
	return types.DateTime{}, fmt.Errorf("must be an RFC 3339 date-time or YYYY-MM-DD, got %q", s)
}

// formatDate writes a stored date as RFC 3339 in UTC with milliseconds (the
// stored precision), or "" for no date.
func formatDate(d types.DateTime) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().UTC().Format("2006-01-02T15:04:05.000Z07:00")
}
