package join

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/branches"
	"memberbase/internal/intake"
	"memberbase/internal/members"
	"memberbase/internal/outbox"
	"memberbase/internal/token"
)

// confirmMail and memberMail are the Data of the join mails.
type confirmMail struct{ FirstName, Token string }

type memberMail struct {
	FirstName, MemberID string
	Pending             bool // pending_approval: the wording says it waits for an admin
}

// Process is the intake processor of join rows, run in the transaction that
// deletes the row. The address of a current member (active or waiting for
// approval) gets an "already a member" mail with the member ID; any other
// address (new, lapsed, cancelled) gets a join request and a confirmation
// link. Earlier unexpired requests of the address stay valid: nobody can
// void another person's link by asking again.
func (s *Service) Process(tx core.App, it intake.Item) error {
	var req Request
	if err := it.Decode(&req); err != nil {
		return err
	}
	req.Email = it.Email
	ob, err := outbox.FromApp(tx)
	if err != nil {
		return err
	}
	m, err := members.FindByEmail(tx, req.Email)
	if err != nil {
		return err
	}
	if m != nil && isCurrent(m.GetString(members.FieldStatus)) {
		return ob.Queue(tx, MailAlready, req.Email, MailAlready+":"+it.ID, true, memberMail{
			FirstName: m.GetString(members.FieldFirstName),
			MemberID:  m.GetString(members.FieldMemberID),
			Pending:   m.GetString(members.FieldStatus) == members.StatusPendingApproval,
		})
	}
	plain, r, err := token.NewRow(tx, Collection, map[string]any{
		"first_name":       req.FirstName,
		"last_name":        req.LastName,
		"email":            req.Email,
		"phone":            req.Phone,
		"marketing_opt_in": req.MarketingOptIn,
		"consent_version":  req.ConsentVersion,
		"consent_at":       dateTime(req.ConsentAt),
		"plan":             offeredPlan(tx, req.Plan),
		"branch":           branches.PublicID(tx, req.Branch),
		"status":           StatusMailed,
	}, s.Now().Add(TTL))
	if err != nil {
		return fmt.Errorf("join: save request: %w", err)
	}
	return ob.Queue(tx, MailConfirm, req.Email, MailConfirm+":"+r.Id, true, confirmMail{FirstName: req.FirstName, Token: plain})
}

// offeredPlan returns id when it names a plan still active and public, else
// "": a plan withdrawn between the form and the intake worker is dropped
// rather than failing the join (the admin sees a member without a plan).
func offeredPlan(app core.App, id string) string {
	if id == "" {
		return ""
	}
	p, err := app.FindRecordById("plans", id)
	if err != nil || !p.GetBool("active") || !p.GetBool("public") {
		return ""
	}
	return p.Id
}

// isCurrent reports the statuses that count as "already a member".
func isCurrent(status string) bool {
	return status == members.StatusActive || status == members.StatusPendingApproval
}
