package members

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// SequenceCollection and SequenceName locate the persistent counter behind
// member IDs (created by the first migration).
const (
	SequenceCollection = "member_sequence"
	SequenceName       = "members"
)

// ErrNotInTransaction is returned when a sequence change is attempted outside
// a transaction: the bump and the member insert must commit together, or a
// failed insert would consume a number.
var ErrNotInTransaction = errors.New("member sequence: must run inside the member insert's transaction")

// MaxMemberNumber caps the numbers of member IDs the sequence may be moved
// to (an import's given IDs, a Go caller's): far above any register, and far
// enough below the int64 limit that SQLite's INTEGER never overflows to REAL
// when the sequence is incremented.
const MaxMemberNumber int64 = 1_000_000_000_000_000

// IDFormat is the member ID format: Prefix + the number zero-padded to Width
// digits (wider numbers are written in full).
type IDFormat struct {
	Prefix string
	Width  int
}

// Format returns the member ID of number n, e.g. M-000042.
func (f IDFormat) Format(n int64) string {
	return fmt.Sprintf("%s%0*d", f.Prefix, f.Width, n)
}

// Parse returns the number of a member ID written in this format (any
// width), and false for IDs from elsewhere (another prefix, no digits) and
// for numbers beyond int64.
func (f IDFormat) Parse(id string) (int64, bool) {
	digits, ok := f.digits(id)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

// TooLarge reports whether id is in this format with a number above
// [MaxMemberNumber] (beyond int64 included).
func (f IDFormat) TooLarge(id string) bool {
	digits, ok := f.digits(id)
	if !ok {
		return false
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	return err != nil || n > MaxMemberNumber
}

// digits returns the digits after the prefix, and false when id is not the
// prefix followed by digits only.
func (f IDFormat) digits(id string) (string, bool) {
	digits, ok := strings.CutPrefix(id, f.Prefix)
	if !ok || digits == "" {
		return "", false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	return digits, true
}

// NextNumber increments the sequence and returns the new value. tx must be a
// transaction app: the caller inserts the member in the same transaction.
func NextNumber(tx core.App) (int64, error) {
	if !tx.IsTransactional() {
		return 0, ErrNotInTransaction
	}
	var n int64
	err := tx.DB().NewQuery(
		"UPDATE {{member_sequence}} SET [[value]] = [[value]] + 1, [[updated]] = strftime('%Y-%m-%d %H:%M:%fZ') WHERE [[name]] = {:name} RETURNING [[value]]",
	).Bind(dbx.Params{"name": SequenceName}).Row(&n)
	if err != nil {
		return 0, fmt.Errorf("member sequence: increment: %w", err)
	}
	return n, nil
}

// AdvancePast moves the sequence to at least n, so a member ID given from
// outside (an import) is never handed out again. It never moves back, and
// refuses n above [MaxMemberNumber].
func AdvancePast(tx core.App, n int64) error {
	if !tx.IsTransactional() {
		return ErrNotInTransaction
	}
	if n > MaxMemberNumber {
		return fmt.Errorf("member sequence: %d is above the largest member number %d", n, MaxMemberNumber)
	}
	_, err := tx.DB().NewQuery(
		"UPDATE {{member_sequence}} SET [[value]] = {:n}, [[updated]] = strftime('%Y-%m-%d %H:%M:%fZ') WHERE [[name]] = {:name} AND [[value]] < {:n}",
	).Bind(dbx.Params{"name": SequenceName, "n": n}).Execute()
	if err != nil {
		return fmt.Errorf("member sequence: advance: %w", err)
	}
	return nil
}

// Current returns the sequence's value: the highest number handed out or
// imported so far.
func Current(app core.App) (int64, error) {
	var n int64
	err := app.DB().NewQuery("SELECT [[value]] FROM {{member_sequence}} WHERE [[name]] = {:name}").
		Bind(dbx.Params{"name": SequenceName}).Row(&n)
	if err != nil {
		return 0, fmt.Errorf("member sequence: read: %w", err)
	}
	return n, nil
}

// AssignID gives a new member record its member ID inside tx: the next
// number when member_id is empty; otherwise the given ID is kept and, when it
// is in our format, the sequence moves past it.
func AssignID(tx core.App, f IDFormat, r *core.Record) error {
	if id := r.GetString(FieldMemberID); id != "" {
		if n, ok := f.Parse(id); ok {
			return AdvancePast(tx, n)
		}
		if !tx.IsTransactional() {
			return ErrNotInTransaction
		}
		return nil
	}
	n, err := NextNumber(tx)
	if err != nil {
		return err
	}
	r.Set(FieldMemberID, f.Format(n))
	return nil
}
