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

// TestLeaveNoteStoresOnlyValidText: bytes that are not UTF-8 (a form sent
// in another encoding) become U+FFFD when the note is tidied, so what is
// stored and exported is always valid text.
func TestLeaveNoteStoresOnlyValidText(t *testing.T) {
	l := selfservice.Leave{Note: "caf\xe9 au lait", Confirmed: true}
	if errs := l.Normalize(); errs != nil || l.Note != "caf\uFFFD au lait" {
		t.Errorf("note %q (%v)", l.Note, errs)
	}
}
