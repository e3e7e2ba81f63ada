package announce

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/audit"
	"memberbase/internal/members"
)

// FieldSecret is the member's hidden unsubscribe secret.
const FieldSecret = "unsubscribe_secret"

// ErrUnknownToken is a malformed token, one that matches no member, or one
// of an erased member. The web handler answers it exactly like a success.
var ErrUnknownToken = errors.New("announce: unknown unsubscribe token")

// UnsubscribeURL returns the member's one-click URL, creating their secret
// on first use. The token is the record id and the secret, so it does not
// depend on SECRET_KEY and survives its rotation; it only ever turns the
// marketing choice off.
func (s *Service) UnsubscribeURL(txApp core.App, member *core.Record) (string, error) {
	secret := member.GetString(FieldSecret)
	if secret == "" {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("announce: secret: %w", err)
		}
		secret = base64.RawURLEncoding.EncodeToString(b)
		// A plain UPDATE, not a record save: the secret is no change of the
		// member's data, so it writes no audit row and fires no member hook.
		// The condition keeps a secret another writer set first.
		_, err := txApp.DB().NewQuery(`UPDATE members SET unsubscribe_secret = {:s}
			WHERE id = {:id} AND unsubscribe_secret = ''`).Bind(dbx.Params{"s": secret, "id": member.Id}).Execute()
		if err != nil {
			return "", fmt.Errorf("announce: secret: %w", err)
		}
		if err := txApp.DB().NewQuery(`SELECT unsubscribe_secret FROM members WHERE id = {:id}`).
			Bind(dbx.Params{"id": member.Id}).Row(&secret); err != nil {
			return "", fmt.Errorf("announce: secret: %w", err)
		}
		member.Set(FieldSecret, secret)
	}
	return s.baseURL + "/unsubscribe?" + url.Values{"token": {member.Id + "." + secret}}.Encode(), nil
}

// findByToken returns the member a token names, or [ErrUnknownToken].
// The secret is compared in constant time; the id lookup is by primary key.
func findByToken(app core.App, tok string) (*core.Record, error) {
	id, secret, ok := strings.Cut(tok, ".")
	if !ok || len(id) != 15 || len(secret) != 43 {
		return nil, ErrUnknownToken
	}
	m, err := app.FindRecordById("members", id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrUnknownToken
	}
	if err != nil {
		return nil, fmt.Errorf("announce: unsubscribe: %w", err)
	}
	stored := m.GetString(FieldSecret)
	if stored == "" || m.GetString(members.FieldStatus) == members.StatusErased ||
		subtle.ConstantTimeCompare([]byte(stored), []byte(secret)) != 1 {
		return nil, ErrUnknownToken
	}
	return m, nil
}

// Unsubscribe turns the marketing choice off for the member tok names, in
// one transaction: the members hook clears marketing_opt_in_at, the audit
// names the member, and the member's queued marketing announcements are
// cancelled. Already off changes nothing (idempotent). An unknown token is
// [ErrUnknownToken], which callers must not reveal.
func (s *Service) Unsubscribe(app core.App, tok string) error {
	return app.RunInTransaction(func(tx core.App) error {
		m, err := findByToken(tx, tok)
		if err != nil {
			return err
		}
		if !m.GetBool(members.FieldMarketingOptIn) {
			return nil
		}
		m.Set(members.FieldMarketingOptIn, false)
		ctx := audit.WithActor(context.Background(), audit.Actor{Type: audit.ActorMember, ID: m.Id})
		if err := tx.SaveWithContext(ctx, m); err != nil {
			return fmt.Errorf("announce: unsubscribe: %w", err)
		}
		_, err = tx.DB().NewQuery(`UPDATE email_outbox SET status = 'cancelled', next_attempt_at = '', updated = {:now}
			WHERE status = 'queued' AND kind = {:kind} AND dedupe_key = 'announcement:' || [[group]] || ':' || {:id}
			AND [[group]] IN (SELECT id FROM announcements WHERE audience = {:marketing})`).
			Bind(dbx.Params{"now": dbTime(s.now()), "kind": MailKind, "id": m.Id, "marketing": AudienceMarketing}).Execute()
		if err != nil {
			return fmt.Errorf("announce: unsubscribe: cancel queued: %w", err)
		}
		return nil
	})
}
