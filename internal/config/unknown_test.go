package config

import (
	"slices"
	"strings"
	"testing"
)

// TestUnknownVariablesWarnWithTheClosestName: a MEMBERBASE_* variable
// memberbase does not read is a warning naming it and the closest known
// name; NAME_FILE is known for secrets only.
func TestUnknownVariablesWarnWithTheClosestName(t *testing.T) {
	c, err := LoadEnviron([]string{
		"MEMBERBASE_ALLOWED_HOST=members.example.org",
		"MEMBERBASE_SMTP_PASWORD=x",
		"MEMBERBASE_SMTP_PASSWORD_FILE=/dev/null",
		"MEMBERBASE_ORG_NAME_FILE=/dev/null",
		"MEMBERBASE_PB_ENCRYPTION_KEY=set-by-main-before-a-restart",
		"MEMBERBASE_LOG_SQL=false",
		"HOME=/root",
		"memberbase_env=lowercase-is-not-ours",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"MEMBERBASE_ALLOWED_HOST", "MEMBERBASE_ORG_NAME_FILE", "MEMBERBASE_SMTP_PASWORD"}
	if !slices.Equal(c.UnknownVars, want) {
		t.Fatalf("UnknownVars = %v, want %v", c.UnknownVars, want)
	}
	fixes := map[string]string{
		"MEMBERBASE_ALLOWED_HOST":  "rename it to MEMBERBASE_ALLOWED_HOSTS",
		"MEMBERBASE_SMTP_PASWORD":  "rename it to MEMBERBASE_SMTP_PASSWORD",
		"MEMBERBASE_ORG_NAME_FILE": "set MEMBERBASE_ORG_NAME to the value itself",
	}
	var got int
	for _, f := range c.StartupFindings() {
		if f.ID != "MB.W013" {
			continue
		}
		got++
		name := Prefix + strings.TrimPrefix(f.Var, Prefix)
		if f.Level != LevelWarning || !strings.Contains(f.Message, name) || !strings.HasPrefix(f.Fix, fixes[name]) {
			t.Errorf("finding for %s: %s", name, f)
		}
	}
	if got != len(want) {
		t.Errorf("%d MB.W013 findings, want %d", got, len(want))
	}
	if !hasID(c.Validate(), "MB.W013") {
		t.Error("check --deploy (Validate) does not report unknown variables")
	}
}

func TestLoadSeesNoUnknownVariables(t *testing.T) {
	c, err := Load(env(map[string]string{"ALLOWED_HOST": "x"}))
	if err != nil || len(c.UnknownVars) != 0 {
		t.Errorf("Load cannot list the environment: %v %v", err, c.UnknownVars)
	}
}

func TestLevenshtein(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"kitten", "sitting", 3}, {"HOST", "HOSTS", 1}, {"SMTP_TLS", "SMTP_TSL", 2}} {
		if got := levenshtein(tc.a, tc.b); got != tc.d {
			t.Errorf("levenshtein(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.d)
		}
		if got := levenshtein(tc.b, tc.a); got != tc.d {
			t.Errorf("levenshtein(%q, %q) = %d, want %d (not symmetric)", tc.b, tc.a, got, tc.d)
		}
	}
	if got := closestKnown("MEMBERBASE_SMTP_TSL"); got != "MEMBERBASE_SMTP_TLS" {
		t.Errorf("closestKnown(MEMBERBASE_SMTP_TSL) = %s", got)
	}
}
