package card_test

import (
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"memberbase/internal/card"
)

var t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func key(b byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed([]byte(strings.Repeat(string(rune(b)), 32)))
}

func clock(t *time.Time) func() time.Time { return func() time.Time { return *t } }

func claims() card.Claims {
	c := card.Claims{MemberID: "M-000001", Name: "Ada Lovelace", Plan: "Regular"}
	c.Subject = "abc123def456ghi"
	return c
}

// TestTokenMatrix: only an EdDSA token of the right use, signed by a known
// key, with exp and without a future iat, is accepted.
func TestTokenMatrix(t *testing.T) {
	now := t0
	k := card.NewKeys(key('a'), nil, clock(&now))
	good, err := k.Sign(claims(), card.UseCard, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if c, err := k.Parse(good, card.UseCard); err != nil || c.Subject != "abc123def456ghi" || c.MemberID != "M-000001" || c.Use != card.UseCard {
		t.Fatalf("good card refused: %v %+v", err, c)
	}
	other, _ := card.NewKeys(key('b'), nil, clock(&now)).Sign(claims(), card.UseCard, now.Add(time.Hour))

	none := jwt.NewWithClaims(jwt.SigningMethodNone, claims())
	none.Header["kid"] = card.Kid(key('a').Public().(ed25519.PublicKey))
	noneTok, _ := none.SignedString(jwt.UnsafeAllowNoneSignatureType)

	// HS256 keyed with the public key: the classic algorithm confusion.
	hs := jwt.NewWithClaims(jwt.SigningMethodHS256, withTimes(claims(), card.UseCard, now, now.Add(time.Hour)))
	hs.Header["kid"] = card.Kid(key('a').Public().(ed25519.PublicKey))
	hsTok, _ := hs.SignedString([]byte(key('a').Public().(ed25519.PublicKey)))

	expired, _ := k.Sign(claims(), card.UseCard, now.Add(-2*time.Minute))
	now = t0.Add(5 * time.Minute)
	future, _ := k.Sign(claims(), card.UseCard, now.Add(time.Hour))
	now = t0
	verifyTok, _ := k.Sign(claims(), card.UseVerify, now.Add(time.Minute))

	for name, tc := range map[string]struct{ tok, use string }{
		"other key":        {other, card.UseCard},
		"alg none":         {noneTok, card.UseCard},
		"HS256 public key": {hsTok, card.UseCard},
		"expired":          {expired, card.UseCard},
		"future iat":       {future, card.UseCard},
		"card as verify":   {good, card.UseVerify},
		"verify as card":   {verifyTok, card.UseCard},
		"garbage":          {"not.a.token", card.UseCard},
		"empty":            {"", card.UseVerify},
		"tampered":         {good[:len(good)-4] + "AAAA", card.UseCard},
	} {
		if _, err := k.Parse(tc.tok, tc.use); !errors.Is(err, card.ErrInvalid) {
			t.Errorf("%s: accepted or wrong error: %v", name, err)
		}
	}
}

func withTimes(c card.Claims, use string, iat, exp time.Time) card.Claims {
	c.Use = use
	c.IssuedAt, c.ExpiresAt = jwt.NewNumericDate(iat), jwt.NewNumericDate(exp)
	return c
}

// TestKidAndPreviousKeys: the header names the signing key; a card signed
// with a key now listed as previous still verifies, one signed with an
// unlisted key does not.
func TestKidAndPreviousKeys(t *testing.T) {
	now := t0
	old := card.NewKeys(key('a'), nil, clock(&now))
	tok, _ := old.Sign(claims(), card.UseCard, now.Add(time.Hour))
	parsed, _, err := jwt.NewParser().ParseUnverified(tok, &card.Claims{})
	if err != nil {
		t.Fatal(err)
	}
	if parsed.Header["kid"] != card.Kid(key('a').Public().(ed25519.PublicKey)) || parsed.Header["alg"] != "EdDSA" {
		t.Errorf("header = %v", parsed.Header)
	}
	rotated := card.NewKeys(key('b'), []ed25519.PublicKey{key('a').Public().(ed25519.PublicKey)}, clock(&now))
	if _, err := rotated.Parse(tok, card.UseCard); err != nil {
		t.Errorf("card signed with the previous key refused: %v", err)
	}
	if _, err := card.NewKeys(key('b'), nil, clock(&now)).Parse(tok, card.UseCard); err == nil {
		t.Error("card of a dropped key accepted")
	}
}

// TestVerifyTokenLifetime: the QR's token is use verify, lives ten minutes
// (less when the card ends sooner) and is dead after them.
func TestVerifyTokenLifetime(t *testing.T) {
	now := t0
	k := card.NewKeys(key('a'), nil, clock(&now))
	c := withTimes(claims(), card.UseCard, now, now.Add(24*time.Hour))
	short, err := k.VerifyToken(&c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := k.Parse(short, card.UseVerify)
	if err != nil || got.Use != card.UseVerify || !got.ExpiresAt.Equal(now.Add(card.VerifyLifetime)) || got.Name != "Ada Lovelace" {
		t.Fatalf("verify token: %v %+v", err, got)
	}
	now = t0.Add(card.VerifyLifetime + 2*time.Minute)
	if _, err := k.Parse(short, card.UseVerify); err == nil {
		t.Error("verify token accepted after ten minutes")
	}
	now = t0
	soon := withTimes(claims(), card.UseCard, now, now.Add(3*time.Minute))
	short, _ = k.VerifyToken(&soon)
	if got, _ := k.Parse(short, card.UseVerify); got == nil || !got.ExpiresAt.Equal(now.Add(3*time.Minute)) {
		t.Errorf("verify token outlives its card: %+v", got)
	}
}
