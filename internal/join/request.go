package join

import (
	"errors"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/intake"
	"memberbase/internal/members"
)

// Request is what the join form submits: the intake row's payload (its
// address is the row's email column) and then a join request.
type Request struct {
	Email          string    `json:"-"`
	FirstName      string    `json:"first_name"`
	LastName       string    `json:"last_name"`
	Phone          string    `json:"phone"`
	MarketingOptIn bool      `json:"marketing_opt_in"`
	ConsentVersion string    `json:"consent_version"`
	ConsentAt      time.Time `json:"consent_at"`
	// Plan is the id of the plan chosen on the form (SPEC §15), empty when
	// no plan is offered.
	Plan string `json:"plan,omitempty"`
	// Branch is the id of the public branch chosen on the form (SPEC §16b),
	// empty when none was chosen.
	Branch string `json:"branch,omitempty"`
}

// Normalize applies the members' rules to the person's fields (the same
// words as REST and import) and returns the problems keyed by form field
// name, or nil.
func (r *Request) Normalize() validation.Errors {
	in := members.Input{FirstName: r.FirstName, LastName: r.LastName, Email: r.Email, Phone: r.Phone, Status: members.StatusActive}
	errs := members.Validate(&in)
	r.FirstName, r.LastName, r.Email, r.Phone = in.FirstName, in.LastName, in.Email, in.Phone
	return errs
}

// Submit stores a valid request as one intake row: the whole of the request
// path's work, the same for every address (no lookup: whether the address
// belongs to a member is decided by [Service.Process], off the request path).
func Submit(app core.App, r Request) error {
	if r.Email == "" || r.ConsentVersion == "" || r.ConsentAt.IsZero() {
		return errors.New("join: incomplete request")
	}
	return intake.Submit(app, intake.KindJoin, r.Email, r)
}
