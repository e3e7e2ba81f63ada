package config

import (
	"crypto/ed25519"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func seed(b byte) string {
	return base64.StdEncoding.EncodeToString([]byte(strings.Repeat(string(rune(b)), 32)))
}

// TestCardKeysDerivedAndSet: unset, the key is derived from SECRET_KEY (and
// changes with it); set, a SECRET_KEY rotation leaves it alone; previous
// keys and the keys derived from SECRET_KEY_FALLBACKS verify only.
func TestCardKeysDerivedAndSet(t *testing.T) {
	a, _ := Load(env(map[string]string{"SECRET_KEY": "first-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"}))
	b, _ := Load(env(map[string]string{"SECRET_KEY": "second-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz", "SECRET_KEY_FALLBACKS": "first-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"}))
	signA, _ := a.CardKeys()
	signB, verifyB := b.CardKeys()
	if signA.Equal(signB) {
		t.Fatal("derived card key does not depend on SECRET_KEY")
	}
	if len(verifyB) != 2 || !verifyB[1].Equal(signA.Public()) {
		t.Errorf("the key derived from the fallback does not verify: %d keys", len(verifyB))
	}

	set := map[string]string{"SECRET_KEY": "first-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz", "CARD_SIGNING_KEY": seed('a'), "CARD_PREVIOUS_KEYS": seed('b') + ", " + seed('c')}
	c1, err := Load(env(set))
	if err != nil {
		t.Fatal(err)
	}
	set["SECRET_KEY"] = "rotated-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
	c2, _ := Load(env(set))
	s1, v1 := c1.CardKeys()
	s2, _ := c2.CardKeys()
	if !s1.Equal(s2) || !s1.Equal(ed25519.NewKeyFromSeed([]byte(strings.Repeat("a", 32)))) {
		t.Error("CARD_SIGNING_KEY is not the signing key, or a SECRET_KEY rotation changed it")
	}
	// The key derived from SECRET_KEY still verifies: cards issued before
	// the operator set CARD_SIGNING_KEY stay valid.
	if len(v1) != 4 || !v1[3].Equal(ed25519.NewKeyFromSeed(c1.DerivedKey(CardPurpose)).Public()) || !v1[2].Equal(ed25519.NewKeyFromSeed([]byte(strings.Repeat("c", 32))).Public()) {
		t.Errorf("previous keys not accepted for verification: %d keys", len(v1))
	}
}

func TestCardValuesRejected(t *testing.T) {
	for _, kv := range [][2]string{
		{"CARD_SIGNING_KEY", "not base64!"},
		{"CARD_SIGNING_KEY", base64.StdEncoding.EncodeToString([]byte("short"))},
		{"CARD_PREVIOUS_KEYS", seed('a') + ",nope"},
		{"CARD_VALIDITY", "0"},
		{"CARD_VALIDITY", "1y"},
		{"CARD_VALIDITY", "100000h"},
	} {
		if _, err := Load(env(map[string]string{kv[0]: kv[1]})); err == nil {
			t.Errorf("%s=%q accepted", kv[0], kv[1])
		}
	}
	c, _ := Load(env(nil))
	if c.CardValidity != 8760*time.Hour || c.CardSigningKey != nil {
		t.Errorf("defaults: validity %v, key set %v", c.CardValidity, c.CardSigningKey != nil)
	}
}

// TestCardSigningKeyFile: the _FILE form, as every secret.
func TestCardSigningKeyFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "card.key")
	if err := os.WriteFile(p, []byte(seed('z')+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(env(map[string]string{"CARD_SIGNING_KEY_FILE": p}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.CardSigningKey.Equal(ed25519.NewKeyFromSeed([]byte(strings.Repeat("z", 32)))) {
		t.Error("CARD_SIGNING_KEY_FILE not read")
	}
}
