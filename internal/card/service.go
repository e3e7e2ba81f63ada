package card

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/dues"
)

// Statuses a valid card's member may have; pending_approval is shown as
// such.
const (
	StatusActive  = "active"
	StatusPending = "pending_approval"
)

// Service issues and checks the cards of one app.
type Service struct {
	Keys *Keys
	// Validity is CARD_VALIDITY.
	Validity time.Duration
}

const storeKey = "memberbase.card"

// Attach stores s in app's store, for the web handlers and hooks.
func Attach(app core.App, s *Service) { app.Store().Set(storeKey, s) }

// FromApp returns the Service attached to app.
func FromApp(app core.App) (*Service, error) {
	s, ok := app.Store().Get(storeKey).(*Service)
	if !ok || s == nil {
		return nil, errors.New("card: not attached to this app")
	}
	return s, nil
}

// Card is what the card page and mail show.
type Card struct {
	Token    string
	Claims   *Claims
	Member   *core.Record
	PlanName string
}

// Issue signs a current card for member, or returns ok false when none can
// be issued (a periodic plan not yet paid, or already past its grace, or a
// member whose status is not active or pending).
func (s *Service) Issue(app core.App, m *core.Record) (c *Card, ok bool, err error) {
	if st := m.GetString("status"); st != StatusActive && st != StatusPending {
		return nil, false, nil
	}
	var standing Standing
	if pt := m.GetDateTime(dues.FieldPaidThrough); !pt.IsZero() {
		standing.PaidThrough = pt.Time()
	}
	planName := ""
	if id := m.GetString(dues.FieldPlan); id != "" {
		plan, err := app.FindRecordById(dues.Plans, id)
		if err != nil {
			return nil, false, fmt.Errorf("card: plan of member: %w", err)
		}
		standing.Kind, standing.GraceDays, planName = plan.GetString("kind"), plan.GetInt("grace_days"), plan.GetString("name")
	}
	exp, ok := Expiry(standing, s.Keys.now(), s.Validity)
	if !ok {
		return nil, false, nil
	}
	cl := Claims{MemberID: m.GetString("member_id"), Name: fullName(m), Plan: planName}
	cl.Subject = m.Id
	tok, err := s.Keys.Sign(cl, UseCard, exp)
	if err != nil {
		return nil, false, err
	}
	parsed, err := s.Keys.Parse(tok, UseCard)
	if err != nil {
		return nil, false, fmt.Errorf("card: fresh card does not verify: %w", err)
	}
	return &Card{Token: tok, Claims: parsed, Member: m, PlanName: planName}, true, nil
}

// Check verifies token of use and reads the member it names (one primary
// key read): the member must still exist with status active or
// pending_approval. Everything else, an erased or lapsed member included,
// is [ErrInvalid].
func (s *Service) Check(ctx context.Context, app core.App, token, use string) (*Claims, *core.Record, error) {
	cl, err := s.Keys.Parse(token, use)
	if err != nil {
		return nil, nil, err
	}
	m, err := app.FindRecordById(dues.Members, cl.Subject, func(q *dbx.SelectQuery) error {
		q.WithContext(ctx)
		return nil
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("%w: no such member", ErrInvalid)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("card: read member: %w", err)
	}
	if st := m.GetString("status"); st != StatusActive && st != StatusPending {
		return nil, nil, fmt.Errorf("%w: member is %s", ErrInvalid, st)
	}
	return cl, m, nil
}

func fullName(m *core.Record) string {
	return strings.TrimSpace(m.GetString("first_name") + " " + m.GetString("last_name"))
}
