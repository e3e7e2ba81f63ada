package selfservice_test

import (
	"testing"

	"memberbase/internal/selfservice"
)

// TestLeaveNoteRefusesHiddenCharactersAnywhere: a text-direction or control
// character is refused wherever it sits in the note, its first character
// included, so no note can reorder what an admin reads in the export.
func TestLeaveNoteRefusesHiddenCharactersAnywhere(t *testing.T) {
	for _, note := range []string{"\u202eabc", "abc\u202e", "\u2066abc", "\x00abc", "\x07"} {
		l := selfservice.Leave{Note: note, Confirmed: true}
		if errs := l.Normalize(); errs["leave_note"] == nil {
			t.Errorf("note %q accepted", note)
		}
	}
}

// TestLeaveNoteRefusesTextThatIsNotUTF8: bytes that are not UTF-8 (a form
// sent in another encoding) are refused like every other text field,
// rather than stored altered; the form layer refuses them first, this is
// the rule's own guard.
func TestLeaveNoteRefusesTextThatIsNotUTF8(t *testing.T) {
	l := selfservice.Leave{Note: "caf\xe9 au lait", Confirmed: true}
	if errs := l.Normalize(); errs["leave_note"] == nil {
		t.Errorf("note %q accepted", l.Note)
	}
}
