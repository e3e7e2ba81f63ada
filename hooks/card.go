package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/card"
	"memberbase/internal/config"
	"memberbase/internal/dues"
	"memberbase/internal/members"
)

// bindCard attaches the membership card (SPEC §18) and mails a current card
// whenever paid_through moves forward (a period paid or waived), in the
// transaction that moved it. The confirmation's card mail is
// [cardOnConfirmed], handed to the join service.
func bindCard(app core.App, cfg *config.Config) *card.Service {
	sign, verify := cfg.CardKeys()
	svc := &card.Service{Keys: card.NewKeys(sign, verify, cfg.CardClock()), Validity: cfg.CardValidity}
	card.Attach(app, svc)
	app.OnRecordUpdate(dues.Members).Bind(&hook.Handler[*core.RecordEvent]{
		Id: "memberbase.card.paid",
		Func: func(e *core.RecordEvent) error {
			before := e.Record.Original().GetDateTime(dues.FieldPaidThrough)
			if err := e.Next(); err != nil {
				return err
			}
			after := e.Record.GetDateTime(dues.FieldPaidThrough)
			if after.IsZero() || (!before.IsZero() && !after.Time().After(before.Time())) {
				return nil
			}
			_, err := svc.QueueMail(e.App, e.Record, cardKey(e.Record, ""))
			return err
		},
	})
	return svc
}

// cardOnConfirmed mails the new or returning member's card, when one can
// be issued, in the confirmation's transaction (the member re-read: the
// dues hooks may have set paid_through on a waived first period).
func cardOnConfirmed(svc *card.Service) func(tx core.App, m *core.Record, requestID string) error {
	return func(tx core.App, m *core.Record, requestID string) error {
		fresh, err := tx.FindRecordById(members.Collection, m.Id)
		if err != nil {
			return err
		}
		_, err = svc.QueueMail(tx, fresh, cardKey(fresh, requestID))
		return err
	}
}

// cardKey dedupes card mails: one per paid_through a member reaches (so the
// confirmation and the waived first period's update send one card), else
// one per confirmed join request.
func cardKey(m *core.Record, requestID string) string {
	if pt := m.GetDateTime(dues.FieldPaidThrough); !pt.IsZero() {
		return "card:" + m.Id + ":" + pt.Time().Format("2006-01-02")
	}
	return "card:join:" + requestID
}
