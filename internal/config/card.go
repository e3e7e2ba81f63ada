package config

import (
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
)

// CardPurpose derives the card signing seed from SECRET_KEY when
// CARD_SIGNING_KEY is unset (SPEC §18).
const CardPurpose = "memberbase card ed25519 v1"

// parseSeed reads a base64 (standard or URL, padding optional) Ed25519 seed
// of 32 bytes.
func parseSeed(v string) (ed25519.PrivateKey, error) {
	v = strings.TrimRight(strings.TrimSpace(v), "=")
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(v); err == nil {
			if len(b) != ed25519.SeedSize {
				return nil, fmt.Errorf("is %d bytes, not a 32-byte Ed25519 seed", len(b))
			}
			return ed25519.NewKeyFromSeed(b), nil
		}
	}
	return nil, fmt.Errorf("is not base64 (e.g. `openssl rand -base64 32`)")
}

// setCardSigningKey accepts a base64 Ed25519 seed; empty derives one.
func setCardSigningKey(c *Config, v string) error {
	if strings.TrimSpace(v) == "" {
		c.CardSigningKey = nil
		return nil
	}
	k, err := parseSeed(v)
	if err != nil {
		return fmt.Errorf("the card signing key %w", err)
	}
	c.CardSigningKey = k
	return nil
}

// setCardPreviousKeys accepts former CARD_SIGNING_KEY values, CSV: they
// verify cards, never sign.
func setCardPreviousKeys(c *Config, v string) error {
	c.CardPreviousKeys = nil
	for i, s := range splitCSV(v) {
		k, err := parseSeed(s)
		if err != nil {
			return fmt.Errorf("entry %d %w", i+1, err)
		}
		c.CardPreviousKeys = append(c.CardPreviousKeys, k.Public().(ed25519.PublicKey))
	}
	return nil
}

// setCardValidity accepts a positive duration of at most ten years: the
// lifetime of a card without a periodic plan.
func setCardValidity(c *Config, v string) error {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d <= 0 || d > 87600*time.Hour {
		return fmt.Errorf("%q is not a duration like 8760h (at most 87600h)", v)
	}
	c.CardValidity = d
	return nil
}

// CardKeys returns the key cards are signed with and every public key they
// verify with, the signing one first: CARD_SIGNING_KEY, or the one derived
// from SECRET_KEY; then CARD_PREVIOUS_KEYS, then the keys derived from
// SECRET_KEY and SECRET_KEY_FALLBACKS (cards issued before the operator set
// CARD_SIGNING_KEY, or before a SECRET_KEY rotation that keeps the old key
// as a fallback, stay valid).
func (c *Config) CardKeys() (ed25519.PrivateKey, []ed25519.PublicKey) {
	derived := c.DerivedKeys(CardPurpose)
	sign := c.CardSigningKey
	if sign == nil {
		sign = ed25519.NewKeyFromSeed(derived[0])
		derived = derived[1:]
	}
	verify := []ed25519.PublicKey{sign.Public().(ed25519.PublicKey)}
	verify = append(verify, c.CardPreviousKeys...)
	for _, d := range derived {
		verify = append(verify, ed25519.NewKeyFromSeed(d).Public().(ed25519.PublicKey))
	}
	return sign, verify
}

// validateCard warns in production when cards are signed with a key derived
// from SECRET_KEY: rotating SECRET_KEY would then void every card.
func (c *Config) validateCard(add func(id, level, v, msg, fix string)) {
	if c.IsProduction() && c.CardSigningKey == nil {
		add("MB.W016", LevelWarning, "CARD_SIGNING_KEY", "MEMBERBASE_CARD_SIGNING_KEY is not set: cards are signed with a key derived from MEMBERBASE_SECRET_KEY, so rotating it voids every card", "set MEMBERBASE_CARD_SIGNING_KEY (or _FILE) to `openssl rand -base64 32`")
	}
}
