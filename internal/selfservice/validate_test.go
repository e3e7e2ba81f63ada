package selfservice_test

import (
	"strings"
	"testing"

	"memberbase/internal/selfservice"
)

// The leave form: reason optional but from the list, note optional, at most
// 500 characters, tidied onto one line, no text-direction tricks; the box
// is required.
func TestLeaveValidation(t *testing.T) {
	for _, c := range []struct {
		name  string
		in    selfservice.Leave
		field string // "" when valid
	}{
		{"nothing but the box", selfservice.Leave{Confirmed: true}, ""},
		{"no box", selfservice.Leave{Reason: "cost"}, "confirm"},
		{"unknown reason", selfservice.Leave{Reason: "bored", Confirmed: true}, "leave_reason"},
		{"note too long", selfservice.Leave{Note: strings.Repeat("é", 501), Confirmed: true}, "leave_note"},
		{"500 characters", selfservice.Leave{Note: strings.Repeat("é", 500), Confirmed: true}, ""},
		{"bidi override", selfservice.Leave{Note: "abc\u202edef", Confirmed: true}, "leave_note"},
		{"NUL", selfservice.Leave{Note: "abc\x00", Confirmed: true}, "leave_note"},
	} {
		errs := c.in.Normalize()
		if c.field == "" && errs != nil || c.field != "" && errs[c.field] == nil {
			t.Errorf("%s: %v, want error on %q", c.name, errs, c.field)
		}
	}
	l := selfservice.Leave{Note: " Off to\r\nMars\t", Confirmed: true}
	if errs := l.Normalize(); errs != nil || l.Note != "Off to  Mars" {
		t.Errorf("note %q (%v)", l.Note, errs)
	}
}

// The details form uses the join's rules.
func TestDetailsValidation(t *testing.T) {
	d := selfservice.Details{FirstName: "  Zoe\u0308 ", LastName: "", Phone: "+49\n30"}
	errs := d.Normalize("ada@example.org")
	if errs["last_name"] == nil || errs["phone"] == nil || errs["first_name"] != nil || d.FirstName != "Zoë" {
		t.Fatalf("%v, first name %q", errs, d.FirstName)
	}
	ok := selfservice.Details{FirstName: "Ada", LastName: "Lovelace"}
	if errs := ok.Normalize("ada@example.org"); errs != nil {
		t.Fatal(errs)
	}
}
