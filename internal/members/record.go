package members

import (
	"fmt"
	"time"

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
// record without a status becomes active; marketing_opt_in_at follows
// marketing_opt_in and left_at the status. app (the hook's e.App, possibly a transaction) reads the
// stored state of an existing record.
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
	var stored storedState
	if !r.IsNew() {
		var err error
		if stored, err = readStored(app, r.Id); err != nil {
			return err
		}
		if stored.MemberID != r.GetString(FieldMemberID) {
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
	now := time.Now()
	stampMarketing(r, stored, now)
	stampLeft(r, stored, now)
	return nil
}

// storedState is what an update is compared against, read from the row as
// stored: a record built with core.NewRecord and saved has no Original().
type storedState struct {
	MemberID         string `db:"member_id"`
	MarketingOptIn   bool   `db:"marketing_opt_in"`
	MarketingAt      string `db:"marketing_opt_in_at"`
	MarketingVersion string `db:"marketing_version"`
	Status           string `db:"status"`
	LeftAt           string `db:"left_at"`
}

func readStored(app core.App, id string) (storedState, error) {
	var st storedState
	err := app.DB().NewQuery("SELECT [[member_id]], [[marketing_opt_in]], [[marketing_opt_in_at]], [[marketing_version]], [[status]], [[left_at]] FROM {{members}} WHERE [[id]] = {:id}").
		Bind(dbx.Params{"id": id}).One(&st)
	if err != nil {
		return st, fmt.Errorf("read stored member: %w", err)
	}
	return st, nil
}
