package members

import (
	"fmt"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// ErrMemberIDReadOnly refuses any change of a stored member ID, whoever
// makes it: the number identifies the member for life, erased or not.
var ErrMemberIDReadOnly = validation.NewError("validation_read_only",
	"member_id cannot be changed once assigned.")

// PrepareRecord normalises a member record before it is saved, through the
// same [Validate] as every other path, and returns field errors or nil. A new
// record without a status becomes active. app (the hook's e.App, possibly a
// transaction) reads the stored member ID of an existing record.
func PrepareRecord(app core.App, r *core.Record) error {
	if r.IsNew() && r.GetString(FieldStatus) == "" {
		r.Set(FieldStatus, StatusActive)
	}
	in := Input{
		FirstName: r.GetString(FieldFirstName),
		LastName:  r.GetString(FieldLastName),
		Email:     r.GetString(FieldEmail),
		Phone:     r.GetString(FieldPhone),
		Status:    r.GetString(FieldStatus),
	}
	errs := Validate(&in)
	if !r.IsNew() {
		stored, err := storedMemberID(app, r.Id)
		if err != nil {
			return err
		}
		if stored != r.GetString(FieldMemberID) {
			if errs == nil {
				errs = validation.Errors{}
			}
			errs[FieldMemberID] = ErrMemberIDReadOnly
		}
	}
	if errs != nil {
		return errs
	}
	r.Set(FieldFirstName, in.FirstName)
	r.Set(FieldLastName, in.LastName)
	r.Set(FieldEmail, in.Email)
	r.Set(FieldPhone, in.Phone)
	return nil
}

// storedMemberID reads the member ID as stored: a record built with
// core.NewRecord and saved has no Original() to compare against.
func storedMemberID(app core.App, id string) (string, error) {
	var stored string
	err := app.DB().NewQuery("SELECT [[member_id]] FROM {{members}} WHERE [[id]] = {:id}").
		Bind(dbx.Params{"id": id}).Row(&stored)
	if err != nil {
		return "", fmt.Errorf("read stored member_id: %w", err)
	}
	return stored, nil
}
