package config

import (
	"strings"
	"testing"
)

// The SECRET_KEY strength rule at its exact edges (Django's): 50
// characters and 5 distinct characters pass, one less of either fails.
func TestSecretKeyStrengthAtItsEdges(t *testing.T) {
	fifty := "Zq0x7" + strings.Repeat("k", 45)
	for key, weak := range map[string]bool{
		fifty:                              false, // 50 characters, 5 distinct
		fifty[:49]:                         true,  // 49
		"Zq0" + strings.Repeat("k", 47):    true,  // 50 characters, 4 distinct
		"Zq0x7" + strings.Repeat("kk", 30): false, // 65 characters, 5 distinct
		strings.Repeat("é", 44) + "Zq0x7":  true,  // 49 characters in 93 bytes
	} {
		c, err := Load(env(map[string]string{"ENV": "production", "SECRET_KEY": key}))
		if err != nil {
			t.Fatal(err)
		}
		if got := hasID(c.Validate(), "MB.E004"); got != weak {
			t.Errorf("%d characters %q: weak=%v, want %v", len([]rune(key)), key, got, weak)
		}
	}
}

// A weak fallback key is named by its position in the list, counted from 1
// as an operator reads it.
func TestWeakFallbackKeyIsNamedByPosition(t *testing.T) {
	strong := "Zq0x7" + strings.Repeat("k", 45)
	c, err := Load(env(map[string]string{"ENV": "production", "SECRET_KEY": strong, "SECRET_KEY_FALLBACKS": strong + ",short"}))
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, f := range c.Validate() {
		if f.ID == "MB.E005" {
			msgs = append(msgs, f.Message)
		}
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0], "entry 2 ") {
		t.Errorf("E005 findings %q", msgs)
	}
}
