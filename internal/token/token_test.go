package token_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
	"memberbase/internal/token"
)

func TestNewIsRandomAndHashed(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		plain, hash, err := token.New()
		if err != nil {
			t.Fatal(err)
		}
		if len(plain) != 43 || strings.ContainsAny(plain, "+/=") || !token.WellFormed(plain) {
			t.Fatalf("token %q is not 32 bytes of base64url", plain)
		}
		if len(hash) != 64 || hash != token.Hash(plain) || strings.Contains(hash, plain) {
			t.Fatalf("hash %q", hash)
		}
		if seen[plain] {
			t.Fatal("a token repeated")
		}
		seen[plain] = true
	}
}

func TestWellFormedRejectsGarbage(t *testing.T) {
	plain, _, _ := token.New()
	for _, s := range []string{"", "abc", plain + "A", plain[:42], strings.Repeat("!", 43), plain[:42] + "="} {
		if token.WellFormed(s) {
			t.Errorf("WellFormed(%q) = true", s)
		}
	}
}

func TestEqual(t *testing.T) {
	a := token.Hash("a")
	if !token.Equal(a, token.Hash("a")) || token.Equal(a, token.Hash("b")) || token.Equal(a, a[:63]) || token.Equal("", a) {
		t.Error("Equal is wrong")
	}
}

func TestFindThroughTheHash(t *testing.T) {
	app, _ := testapp.New(t, nil)
	col, err := app.FindCollectionByNameOrId("join_requests")
	if err != nil {
		t.Fatal(err)
	}
	plain, hash, _ := token.New()
	r := core.NewRecord(col)
	r.Set("first_name", "Ada")
	r.Set("email", "ada@example.org")
	r.Set("status", "mailed")
	r.Set("token_hash", hash)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	got, err := token.Find(app, "join_requests", "token_hash", plain)
	if err != nil || got.Id != r.Id {
		t.Fatalf("Find = %v, %v", got, err)
	}
	other, _, _ := token.New()
	for _, s := range []string{other, hash, "", "not a token", plain + "x"} {
		if _, err := token.Find(app, "join_requests", "token_hash", s); !errors.Is(err, token.ErrNotFound) {
			t.Errorf("Find(%q) error = %v, want ErrNotFound", s, err)
		}
	}
}

func TestMaskEmail(t *testing.T) {
	for in, want := range map[string]string{
		"jane@example.org":       "j***@e***.org",
		"j@e.org":                "j***@e***.org",
		"élodie@café.example.fr": "é***@c***.fr",
		"root@localhost":         "r***@l***",
		"bad":                    "***",
		"@example.org":           "***",
		"jane@":                  "***",
		// A dot at either end of the domain is no top-level domain: it is
		// masked with the rest, never shown.
		"a@.org":     "a***@.***",
		"a@example.": "a***@e***",
	} {
		if got := token.MaskEmail(in); got != want {
			t.Errorf("MaskEmail(%q) = %q, want %q", in, got, want)
		}
	}
}
