package selfservice

import (
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/intake"
	"memberbase/internal/members"
	"memberbase/internal/outbox"
	"memberbase/internal/token"
)

// Manage is the intake processor of "Update my details or leave": a member
// (any non-erased row with the address) gets a manage link valid
// [LinkTTL]; anyone else gets nothing. Earlier links stay valid.
func (s *Service) Manage(tx core.App, it intake.Item) error {
	m, err := members.FindByEmail(tx, it.Email)
	if err != nil || m == nil {
		return err
	}
	expires := s.now().Add(manageLinkTTL)
	plain, link, err := token.NewRow(tx, LinksCollection, map[string]any{"member": m.Id}, expires)
	if err != nil {
		return fmt.Errorf("selfservice: create manage link: %w", err)
	}
	o, err := outbox.FromApp(tx)
	if err != nil {
		return err
	}
	return o.Queue(tx, MailManageLink, m.GetString("email"), MailManageLink+":"+link.Id, true, map[string]any{
		"FirstName": m.GetString("first_name"), "Token": plain, "ExpiresAt": displayTime(expires),
	})
}

// Link is an open manage link and its member.
type Link struct {
	Record *core.Record
	Member *core.Record
}

// Open finds the manage link of a token and its member; it changes nothing
// (GET uses it; mail scanners open links). Unknown, malformed or expired
// links and erased members are [ErrGone].
func (s *Service) Open(app core.App, plain string) (*Link, error) {
	r, err := token.Find(app, LinksCollection, "token_hash", plain)
	if errors.Is(err, token.ErrNotFound) {
		return nil, ErrGone
	}
	if err != nil {
		return nil, err
	}
	if !r.GetDateTime("expires_at").Time().After(s.now()) {
		return nil, ErrGone
	}
	m, err := liveMember(app, r.GetString("member"))
	if err != nil {
		return nil, err
	}
	return &Link{Record: r, Member: m}, nil
}

// use opens the link inside a POST's transaction and records the use.
func (s *Service) use(tx core.App, plain string) (*Link, error) {
	l, err := s.Open(tx, plain)
	if err != nil {
		return nil, err
	}
	l.Record.Set("last_used_at", dateTime(s.now()))
	if err := tx.Save(l.Record); err != nil {
		return nil, fmt.Errorf("selfservice: mark link used: %w", err)
	}
	return l, nil
}
