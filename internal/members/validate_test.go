package members

import (
	"errors"
	"strings"
	"testing"

	validation "github.com/pocketbase/ozzo-validation/v4"
)

// code is the validation code of err ("" for nil): validation errors carry
// a params map and cannot be compared with ==.
func code(err error) string {
	var ve validation.Error
	if errors.As(err, &ve) {
		return ve.Code()
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func TestNormalizeEmail(t *testing.T) {
	for _, c := range []struct {
		in, want string
		err      error
	}{
		{" Ann.Lee+tag@Example.ORG ", "ann.lee+tag@example.org", nil},
		{"", "", ErrRequired},
		{"a@b.example\r\nBcc: x@y.org", "", ErrEmailInvalid},
		{"a@b.example\n", "a@b.example", nil}, // trailing whitespace is trimmed, not injected
		{"Ann <a@example.org>", "", ErrEmailInvalid},
		{"a@example.org (Ann)", "", ErrEmailInvalid},
		{"a@example.org,b@example.org", "", ErrEmailInvalid},
		{"undisclosed:;", "", ErrEmailInvalid},
		{"a\x00@example.org", "", ErrEmailInvalid},
		{"a@example\u202e.org", "", ErrEmailInvalid},
		{"a@localhost", "", ErrEmailInvalid},
		{strings.Repeat("a", 243) + "@example.org", "", ErrEmailTooLong},
	} {
		got, err := NormalizeEmail(c.in, true)
		if code(err) != code(c.err) || (err == nil && got != c.want) {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q, %v", c.in, got, err, c.want, c.err)
		}
	}
	if _, err := NormalizeEmail(" ", false); err != nil {
		t.Errorf("optional empty email: %v", err)
	}
}

func TestNormalizeName(t *testing.T) {
	for _, c := range []struct {
		in, want string
		err      error
	}{
		{" Zoe\u0308 ", "Zoë", nil},
		{"O'Brien-Łukasz", "O'Brien-Łukasz", nil},
		{strings.Repeat("ß", 100), strings.Repeat("ß", 100), nil},
		{strings.Repeat("ß", 101), "", ErrNameTooLong},
		{"", "", ErrRequired},
		{"A\tB", "", ErrBadCharacters},
		{"A\u0085B", "", ErrBadCharacters}, // C1 control
		{"A\u200fB", "", ErrBadCharacters}, // RLM
		{"A\u2066B", "", ErrBadCharacters}, // LRI
		{"A\xffB", "", ErrBadCharacters},   // invalid UTF-8
		{"A\ufffdB", "", ErrBadCharacters}, // already mangled invalid UTF-8
	} {
		got, err := NormalizeName(c.in, true)
		if code(err) != code(c.err) || (err == nil && got != c.want) {
			t.Errorf("NormalizeName(%q) = %q, %v; want %q, %v", c.in, got, err, c.want, c.err)
		}
	}
}

func TestValidateRequiredUnlessErased(t *testing.T) {
	in := Input{Status: StatusActive}
	errs := Validate(&in)
	for _, f := range []string{FieldFirstName, FieldLastName, FieldEmail} {
		if code(errs[f]) != code(ErrRequired) {
			t.Errorf("%s: %v, want required", f, errs[f])
		}
	}
	if errs := Validate(&Input{Status: StatusErased}); errs != nil {
		t.Errorf("erased tombstone: %v", errs)
	}
	in = Input{FirstName: "Ann", LastName: "Lee", Email: "ANN@example.org", Phone: " +1 555 ", Status: StatusActive}
	if errs := Validate(&in); errs != nil || in.Email != "ann@example.org" || in.Phone != "+1 555" {
		t.Errorf("valid input: %v %+v", errs, in)
	}
	if errs := Validate(&Input{FirstName: "A", LastName: "B", Email: "a@b.org", Phone: "1\n2"}); code(errs[FieldPhone]) != code(ErrPhoneInvalid) {
		t.Errorf("phone with newline: %v", errs)
	}
}
