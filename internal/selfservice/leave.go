package selfservice

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"golang.org/x/text/unicode/norm"

	"memberbase/internal/members"
	"memberbase/internal/outbox"
)

// Leave is what the leave form submits.
type Leave struct {
	Reason    string // optional, one of members.LeaveReasons()
	Note      string // optional, at most 500 characters
	Confirmed bool   // the required checkbox
}

// Validation messages of the leave form.
var (
	ErrLeaveConfirm = validation.NewError("validation_leave_confirm", "Tick this box to confirm you want to end your membership.")
	ErrLeaveReason  = validation.NewError("validation_leave_reason", "Choose one of the reasons, or none.")
	ErrLeaveNote    = validation.NewError("validation_leave_note", "Must be at most 500 characters without text-direction characters.")
)

// Normalize checks the form and tidies the note (NFC; line breaks and
// tabs become spaces, so the note stays one line in exports) and returns
// the problems keyed by field name (leave_reason, leave_note, confirm).
func (l *Leave) Normalize() validation.Errors {
	errs := validation.Errors{}
	if l.Reason != "" && !slices.Contains(members.LeaveReasons(), l.Reason) {
		errs["leave_reason"] = ErrLeaveReason
	}
	// Checked before the tidying below, which would turn stray bytes into
	// U+FFFD and so change the member's text without telling them.
	valid := utf8.ValidString(l.Note)
	note := strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, l.Note)
	l.Note = strings.TrimSpace(norm.NFC.String(note))
	if !valid || utf8.RuneCountInString(l.Note) > members.MaxLeaveNoteLen || strings.IndexFunc(l.Note, func(r rune) bool {
		return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
	}) >= 0 {
		errs["leave_note"] = ErrLeaveNote
	}
	if !l.Confirmed {
		errs["confirm"] = ErrLeaveConfirm
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// LeaveMembership ends a membership through the link, in one transaction:
// status cancelled (the members hook sets left_at), the reason and note
// stored, the goodbye mail queued (not again for a member who had already
// left). Field errors come back as validation.Errors with nothing written.
func (s *Service) LeaveMembership(app core.App, plain string, l Leave) (*core.Record, error) {
	var saved *core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		link, err := s.use(tx, plain)
		if err != nil {
			return err
		}
		if errs := l.Normalize(); errs != nil {
			return errs
		}
		m := link.Member
		// A member already cancelled (a form sent twice) was said goodbye
		// when they left: the reason and note change, no second mail.
		left := m.GetString(members.FieldStatus) == members.StatusCancelled
		m.Set(members.FieldStatus, members.StatusCancelled)
		m.Set(members.FieldLeaveReason, l.Reason)
		m.Set(members.FieldLeaveNote, l.Note)
		if err := saveAsMember(tx, m); err != nil {
			return fmt.Errorf("selfservice: leave: %w", err)
		}
		o, err := outbox.FromApp(tx)
		if err != nil {
			return err
		}
		saved = m
		if left {
			return nil
		}
		return o.Queue(tx, MailGoodbye, m.GetString(members.FieldEmail), MailGoodbye+":"+link.Record.Id+":"+s.now().Format("20060102T150405.000"), true,
			map[string]any{"FirstName": m.GetString("first_name"), "MemberID": m.GetString(members.FieldMemberID)})
	})
	return saved, err
}
