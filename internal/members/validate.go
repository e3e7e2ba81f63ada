// Package members owns what makes a member row valid: normalisation and
// validation shared by every write path (REST, dashboard, join form, CLI
// import), member ID assignment from the persistent sequence, and the
// server-owned fields REST clients may not set.
package members

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"golang.org/x/text/unicode/norm"
)

// Field names of the members collection (part of the public contract).
const (
	FieldMemberID        = "member_id"
	FieldFirstName       = "first_name"
	FieldLastName        = "last_name"
	FieldEmail           = "email"
	FieldPhone           = "phone"
	FieldStatus          = "status"
	FieldEmailVerifiedAt = "email_verified_at"
	FieldJoinedAt        = "joined_at"
	FieldConsentVersion  = "consent_version"
	FieldConsentAt       = "consent_at"
	FieldMarketingOptIn  = "marketing_opt_in"
	FieldPlan            = "plan"
	FieldBranch          = "branch"
	FieldPaidThrough     = "paid_through"
)

// Member statuses.
const (
	StatusPendingApproval = "pending_approval"
	StatusActive          = "active"
	StatusLapsed          = "lapsed"
	StatusCancelled       = "cancelled"
	StatusErased          = "erased"
)

// Limits of the personal fields.
const (
	MaxNameLen  = 100
	MaxEmailLen = 254
	MaxPhoneLen = 40
)

// Validation messages, shared by REST answers and the join form so both
// reject the same input with the same words.
var (
	ErrRequired      = validation.NewError("validation_required", "This field is required.")
	ErrNameTooLong   = validation.NewError("validation_name_too_long", "Must be at most 100 characters.")
	ErrBadCharacters = validation.NewError("validation_bad_characters", "Contains control or text-direction characters.")
	ErrEmailInvalid  = validation.NewError("validation_email_invalid", "Enter a single email address like name@example.org.")
	ErrEmailTooLong  = validation.NewError("validation_email_too_long", "Must be at most 254 characters.")
	ErrPhoneInvalid  = validation.NewError("validation_phone_invalid", "Must be at most 40 characters without control characters.")
)

// Input holds the person-entered member fields. [Validate] normalises them in
// place.
type Input struct {
	FirstName string
	LastName  string
	Email     string
	Phone     string
	// Status decides whether names and email are required: not for erased
	// tombstones.
	Status string
}

// Validate normalises in (names NFC-trimmed, email trimmed and lower-cased,
// phone trimmed) and returns the problems keyed by field name, or nil.
func Validate(in *Input) validation.Errors {
	errs := validation.Errors{}
	required := in.Status != StatusErased
	var err error
	if in.FirstName, err = NormalizeName(in.FirstName, required); err != nil {
		errs[FieldFirstName] = err
	}
	if in.LastName, err = NormalizeName(in.LastName, required); err != nil {
		errs[FieldLastName] = err
	}
	if in.Email, err = NormalizeEmail(in.Email, required); err != nil {
		errs[FieldEmail] = err
	}
	if in.Phone, err = NormalizePhone(in.Phone); err != nil {
		errs[FieldPhone] = err
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// NormalizeName trims and NFC-normalises a name and checks it is 1–100
// characters without control or bidi-control characters (which can disguise
// a name in the dashboard and in mails). An empty name is an error only when
// required.
func NormalizeName(s string, required bool) (string, error) {
	if !utf8.ValidString(s) {
		return s, ErrBadCharacters
	}
	s = strings.TrimSpace(norm.NFC.String(s))
	if s == "" {
		if required {
			return s, ErrRequired
		}
		return s, nil
	}
	if hasForbiddenRunes(s) {
		return s, ErrBadCharacters
	}
	if utf8.RuneCountInString(s) > MaxNameLen {
		return s, ErrNameTooLong
	}
	return s, nil
}

// NormalizeEmail trims and lower-cases an address and accepts only a single
// bare addr-spec (no display name, comments or groups) of at most 254
// characters without CR/LF, so it can never inject mail headers.
func NormalizeEmail(s string, required bool) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		if required {
			return s, ErrRequired
		}
		return s, nil
	}
	if len(s) > MaxEmailLen {
		return s, ErrEmailTooLong
	}
	if !utf8.ValidString(s) || strings.ContainsAny(s, "\r\n") || hasForbiddenRunes(s) {
		return s, ErrEmailInvalid
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s {
		return s, ErrEmailInvalid
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 || !strings.Contains(s[at+1:], ".") || strings.ContainsAny(s, " \t\"(),:;<>[\\]") {
		return s, ErrEmailInvalid
	}
	return s, nil
}

// NormalizePhone trims an optional phone number and checks its length and
// characters.
func NormalizePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) || hasForbiddenRunes(s) || utf8.RuneCountInString(s) > MaxPhoneLen {
		return s, ErrPhoneInvalid
	}
	return s, nil
}

// hasForbiddenRunes reports control characters (NUL, CR, LF, tab, C1) and
// bidi controls (embeddings, overrides, isolates and marks).
func hasForbiddenRunes(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == utf8.RuneError {
			return true
		}
	}
	return false
}
