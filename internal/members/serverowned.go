package members

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// Messages for server-owned fields (SPEC §4 Rules).
var (
	ErrMemberIDServerOwned = validation.NewError("validation_server_owned",
		"member_id is assigned by the server and cannot be set or changed.")
	ErrErasedServerOwned = validation.NewError("validation_server_owned",
		"Only the erasure process moves a member to or from status erased.")
	ErrVerifiedServerOwned = validation.NewError("validation_server_owned",
		"email_verified_at is set by the server when the member proves the address.")
	ErrConsentServerOwned = validation.NewError("validation_server_owned",
		"Consent is recorded by the server when the member gives it.")
	ErrPaidThroughServerOwned = validation.NewError("validation_server_owned",
		"paid_through follows the member's paid and waived periods: record a payment or mark a period instead.")
)

// serverOwnedValues are the server-owned fields besides member_id and
// status, with their messages.
var serverOwnedValues = map[string]validation.Error{
	FieldEmailVerifiedAt: ErrVerifiedServerOwned,
	FieldConsentVersion:  ErrConsentServerOwned,
	FieldConsentAt:       ErrConsentServerOwned,
	FieldPaidThrough:     ErrPaidThroughServerOwned,
}

// CheckClientCreate returns the server-owned fields a REST client (staff or
// superuser: the rules are the same for both) tried to set on a new member,
// or nil. Our own Go code is the server and does not call it.
func CheckClientCreate(r *core.Record) validation.Errors {
	errs := validation.Errors{}
	if r.GetString(FieldMemberID) != "" {
		errs[FieldMemberID] = ErrMemberIDServerOwned
	}
	if r.GetString(FieldStatus) == StatusErased {
		errs[FieldStatus] = ErrErasedServerOwned
	}
	for field, msg := range serverOwnedValues {
		if !isEmpty(r, field) {
			errs[field] = msg
		}
	}
	return nilIfEmpty(errs)
}

// CheckClientUpdate returns the server-owned fields a REST client changed on
// an existing member, or nil. Moves among pending_approval, active, lapsed
// and cancelled are allowed; unchanged values (the dashboard sends every
// field back) are fine. An erased member accepts no change at all.
func CheckClientUpdate(r *core.Record) validation.Errors {
	old := r.Original()
	errs := validation.Errors{}
	if r.GetString(FieldMemberID) != old.GetString(FieldMemberID) {
		errs[FieldMemberID] = ErrMemberIDServerOwned
	}
	before, after := old.GetString(FieldStatus), r.GetString(FieldStatus)
	if before != after && (before == StatusErased || after == StatusErased) {
		errs[FieldStatus] = ErrErasedServerOwned
	}
	for field, msg := range serverOwnedValues {
		if valueString(r, field) != valueString(old, field) {
			errs[field] = msg
		}
	}
	for field, err := range erasedChanges(r) {
		if errs[field] == nil { // a server-owned field keeps its own message
			errs[field] = err
		}
	}
	return nilIfEmpty(errs)
}

func isEmpty(r *core.Record, field string) bool { return valueString(r, field) == "" }

// valueString compares date fields by their canonical string (what is
// stored), so the dashboard's re-submitted value equals the stored one.
func valueString(r *core.Record, field string) string {
	if field == FieldEmailVerifiedAt || field == FieldConsentAt || field == FieldPaidThrough {
		return r.GetDateTime(field).String()
	}
	return r.GetString(field)
}

func nilIfEmpty(errs validation.Errors) validation.Errors {
	if len(errs) == 0 {
		return nil
	}
	return errs
}
