package selfservice

import (
	"fmt"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/branches"
	"memberbase/internal/members"
)

// Details is what the details form submits.
type Details struct {
	FirstName, LastName, Phone string
	MarketingOptIn             bool
	// MarketingVersion is the consent_texts version whose marketing
	// statement the form showed beside the box.
	MarketingVersion string
	// SetBranch is true when the form offered a branch: Branch (an id, or
	// empty for none) is then the member's choice (SPEC §16b).
	SetBranch bool
	Branch    string
}

// Normalize applies the members' rules (the same as a join) and returns the
// problems keyed by field name, or nil.
func (d *Details) Normalize(email string) validation.Errors {
	in := members.Input{FirstName: d.FirstName, LastName: d.LastName, Email: email, Phone: d.Phone, Status: members.StatusActive}
	errs := members.Validate(&in)
	d.FirstName, d.LastName, d.Phone = in.FirstName, in.LastName, in.Phone
	delete(errs, members.FieldEmail) // not on this form; the stored address is the member's
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// UpdateDetails saves a member's names, phone, marketing choice and branch through
// the link, in one transaction with the link's use. Field errors come back
// as validation.Errors (nothing written); a dead link is [ErrGone].
func (s *Service) UpdateDetails(app core.App, plain string, d Details) (*core.Record, error) {
	var saved *core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		l, err := s.use(tx, plain)
		if err != nil {
			return err
		}
		m := l.Member
		if errs := d.Normalize(m.GetString(members.FieldEmail)); errs != nil {
			return errs
		}
		if d.SetBranch {
			// A member may keep the branch they have, public or not, or
			// choose a public one.
			if d.Branch != "" && d.Branch != m.GetString(members.FieldBranch) && branches.PublicID(tx, d.Branch) == "" {
				return validation.Errors{members.FieldBranch: validation.NewError("validation_branch", "Choose a branch from the list.")}
			}
			m.Set(members.FieldBranch, d.Branch)
		}
		m.Set(members.FieldFirstName, d.FirstName)
		m.Set(members.FieldLastName, d.LastName)
		m.Set(members.FieldPhone, d.Phone)
		m.Set(members.FieldMarketingOptIn, d.MarketingOptIn)
		m.Set(members.FieldMarketingVersion, d.MarketingVersion)
		if err := saveAsMember(tx, m); err != nil {
			return fmt.Errorf("selfservice: save details: %w", err)
		}
		saved = m
		return nil
	})
	return saved, err
}
