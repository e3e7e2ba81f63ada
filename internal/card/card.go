// Package card holds the rules of the digital membership card (SPEC §18):
// EdDSA-signed JWTs with a kid header, the card's expiry from the member's
// plan and paid_through, the short-lived verify token a QR carries, the
// QR's inline SVG, the public key set for offline door apps and the card
// mail. It is HTTP-free: internal/web renders what it returns, hooks/
// queues the mails.
package card

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Token uses (claim use): the long-lived card a member keeps, and the short
// verify token a QR carries.
const (
	UseCard   = "card"
	UseVerify = "verify"
)

// VerifyLifetime bounds how long a photographed QR answers.
const VerifyLifetime = 10 * time.Minute

// leeway tolerates clock skew between us and a door app, no more.
const leeway = time.Minute

// ErrInvalid is every refused token: forged, expired, wrong use, garbage.
// Callers show one neutral page for all of them.
var ErrInvalid = errors.New("card: not a valid token")

// Claims are a card's or verify token's claims: sub is the member's record
// id, mid its member ID.
type Claims struct {
	MemberID string `json:"mid"`
	Name     string `json:"name"`
	Plan     string `json:"plan,omitempty"`
	Use      string `json:"use"`
	jwt.RegisteredClaims
}

// Keys sign and verify cards: one signing key, and every public key that
// still verifies (the signing one first), each known by its kid.
type Keys struct {
	sign    ed25519.PrivateKey
	signKid string
	verify  map[string]ed25519.PublicKey
	order   []string // kids, signing first: the published order
	now     func() time.Time
}

// NewKeys returns the keys of [config.Config.CardKeys]. now is the clock
// (nil: time.Now).
func NewKeys(sign ed25519.PrivateKey, verify []ed25519.PublicKey, now func() time.Time) *Keys {
	if now == nil {
		now = time.Now
	}
	k := &Keys{sign: sign, verify: map[string]ed25519.PublicKey{}, now: now}
	k.signKid = Kid(sign.Public().(ed25519.PublicKey))
	for _, pub := range append([]ed25519.PublicKey{sign.Public().(ed25519.PublicKey)}, verify...) {
		kid := Kid(pub)
		if _, dup := k.verify[kid]; !dup {
			k.verify[kid] = pub
			k.order = append(k.order, kid)
		}
	}
	return k
}

// Kid is a public key's RFC 7638 JWK thumbprint: any JOSE library computes
// the same, and a door app can match a token to its key.
func Kid(pub ed25519.PublicKey) string {
	x := base64.RawURLEncoding.EncodeToString(pub)
	sum := sha256.Sum256([]byte(`{"crv":"Ed25519","kty":"OKP","x":"` + x + `"}`))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// Sign returns a token of use for the claims, expiring at exp.
func (k *Keys) Sign(c Claims, use string, exp time.Time) (string, error) {
	now := k.now()
	c.Use = use
	c.IssuedAt = jwt.NewNumericDate(now)
	c.ExpiresAt = jwt.NewNumericDate(exp)
	t := jwt.NewWithClaims(jwt.SigningMethodEdDSA, c)
	t.Header["kid"] = k.signKid
	s, err := t.SignedString(k.sign)
	if err != nil {
		return "", fmt.Errorf("card: sign: %w", err)
	}
	return s, nil
}

// Parse verifies a token of use: EdDSA only, a known kid, exp required and
// iat not in the future (one minute of leeway each). Any failure is
// [ErrInvalid], wrapping the reason for tests.
func (k *Keys) Parse(token, use string) (*Claims, error) {
	c := &Claims{}
	_, err := jwt.ParseWithClaims(token, c, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		pub, ok := k.verify[kid]
		if !ok {
			return nil, errors.New("unknown kid")
		}
		return pub, nil
	}, jwt.WithValidMethods([]string{jwt.SigningMethodEdDSA.Alg()}), jwt.WithLeeway(leeway),
		jwt.WithExpirationRequired(), jwt.WithIssuedAt(), jwt.WithTimeFunc(k.now))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if c.Use != use || c.Subject == "" {
		return nil, fmt.Errorf("%w: use %q", ErrInvalid, c.Use)
	}
	return c, nil
}

// VerifyToken mints the short token of a card's QR: the card's claims,
// use verify, expiring in [VerifyLifetime] (or with the card, if sooner).
func (k *Keys) VerifyToken(c *Claims) (string, error) {
	exp := k.now().Add(VerifyLifetime)
	if c.ExpiresAt != nil && c.ExpiresAt.Before(exp) {
		exp = c.ExpiresAt.Time
	}
	short := Claims{MemberID: c.MemberID, Name: c.Name, Plan: c.Plan}
	short.Subject = c.Subject
	return k.Sign(short, UseVerify, exp)
}

// SetClock replaces the clock; tests move it (not safe while in use).
func (k *Keys) SetClock(now func() time.Time) { k.now = now }
