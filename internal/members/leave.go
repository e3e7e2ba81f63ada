package members

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// The leave fields (SPEC §14).
const (
	FieldLeftAt      = "left_at"
	FieldLeaveReason = "leave_reason"
	FieldLeaveNote   = "leave_note"
)

// MaxLeaveNoteLen is the longest leave note, in characters.
const MaxLeaveNoteLen = 500

// LeaveReasons are the values of leave_reason.
func LeaveReasons() []string { return []string{"moving", "cost", "not_useful", "other"} }

// stampLeft keeps left_at in step with the status, whoever saves: every
// transition into cancelled (a member leaving, an admin's cancel in the
// dashboard, a Go writer) sets it to now, so ERASE_LEFT_AFTER counts from
// the real moment; a reactivation clears it with the reason and the note,
// which described a leaving that is over. A new cancelled record keeps a
// left_at it brings (an import restoring an export), so the round trip stays
// exact.
func stampLeft(r *core.Record, stored storedState, now time.Time) {
	status := r.GetString(FieldStatus)
	was := stored.Status
	switch {
	case status == StatusCancelled && r.IsNew():
		if r.GetDateTime(FieldLeftAt).IsZero() {
			r.Set(FieldLeftAt, stamp(now))
		}
	case status == StatusCancelled && was != StatusCancelled:
		r.Set(FieldLeftAt, stamp(now))
	case status == StatusCancelled:
		r.Set(FieldLeftAt, stored.LeftAt) // only a transition moves it
	case !r.IsNew() && was == StatusCancelled && status != StatusErased:
		r.Set(FieldLeftAt, "")
		r.Set(FieldLeaveReason, "")
		r.Set(FieldLeaveNote, "")
	}
}

// stamp is now as a stored date (millisecond precision, UTC).
func stamp(now time.Time) types.DateTime {
	dt, _ := types.ParseDateTime(now.UTC().Truncate(time.Millisecond))
	return dt
}
