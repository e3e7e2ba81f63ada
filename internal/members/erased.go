package members

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// ErrErasedReadOnly refuses a REST client's change to an erased member: the
// erasure cleared the person's data for good, and only the erasure process
// (the server) writes to the tombstone.
var ErrErasedReadOnly = validation.NewError("validation_erased",
	"This member was erased: the record holds no personal data and cannot be edited.")

// erasedChanges returns [ErrErasedReadOnly] for every field a REST client
// changed on a member stored as erased, and nil for any other member. It
// refuses every field rather than a list of personal ones, so a field added
// to the collection later is covered without anyone remembering to list it.
func erasedChanges(r *core.Record) validation.Errors {
	if r.Original().GetString(FieldStatus) != StatusErased {
		return nil
	}
	errs := validation.Errors{}
	for _, name := range changedFields(r) {
		errs[name] = ErrErasedReadOnly
	}
	return nilIfEmpty(errs)
}
