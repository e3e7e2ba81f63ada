package join

import (
	"strconv"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
	"memberbase/internal/outbox"
)

// IsApproval reports the one status change that mails the member: an admin
// moving a confirmed join from pending_approval to active. Refusing
// (pending_approval → cancelled) sends nothing.
func IsApproval(before, after string) bool {
	return before == members.StatusPendingApproval && after == members.StatusActive
}

// Approved queues the membership_approved mail for m through tx, the
// transaction of the status change, so the mail exists exactly when the
// change does.
func (s *Service) Approved(tx core.App, m *core.Record) error {
	ob, err := outbox.FromApp(tx)
	if err != nil {
		return err
	}
	key := MailApproved + ":" + m.Id + ":" + strconv.FormatInt(s.Now().UnixNano(), 36)
	return ob.Queue(tx, MailApproved, m.GetString(members.FieldEmail), key, true, memberMail{
		FirstName: m.GetString(members.FieldFirstName),
		MemberID:  m.GetString(members.FieldMemberID),
	})
}
