package web

import (
	"errors"
	"strings"
	"testing"
	"time"

	"memberbase/internal/config"
)

func testCSRF(t testing.TB, secret string, fallbacks ...string) *CSRF {
	t.Helper()
	c, err := NewCSRF(&config.Config{Env: config.Production, SecretKey: secret, SecretKeyFallbacks: fallbacks})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCSRFTokens(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	cur := testCSRF(t, "current-key-current-key-current-key-current-key-0001", "old-key-old-key-old-key-old-key-old-key-old-key-0002")
	old := testCSRF(t, "old-key-old-key-old-key-old-key-old-key-old-key-0002")
	other := testCSRF(t, "unknown-key-unknown-key-unknown-key-unknown-key-003")
	cookie, cookie2 := newCookieValue(), newCookieValue()
	tok := cur.Issue(cookie, now)
	exp, sig, _ := strings.Cut(tok, ".")
	flip := []byte(sig)
	flip[3] ^= 1
	cases := []struct {
		name          string
		cookie, token string
		at            time.Time
		want          error
	}{
		{"valid", cookie, tok, now, nil},
		{"valid until expiry", cookie, tok, now.Add(CSRFTokenTTL), nil},
		{"expired", cookie, tok, now.Add(CSRFTokenTTL + time.Second), ErrCSRFExpired},
		{"other cookie", cookie2, tok, now, ErrCSRFInvalid},
		{"no cookie", "", tok, now, ErrCSRFInvalid},
		{"no token", cookie, "", now, ErrCSRFInvalid},
		{"tampered mac", cookie, exp + "." + string(flip), now, ErrCSRFInvalid},
		{"extended expiry", cookie, "9" + tok, now, ErrCSRFInvalid},
		{"leading zero expiry", cookie, "0" + tok, now, ErrCSRFInvalid},
		{"fallback key accepted", cookie, old.Issue(cookie, now), now, nil},
		{"unknown key", cookie, other.Issue(cookie, now), now, ErrCSRFInvalid},
		{"malformed cookie", "short", cur.Issue("short", now), now, ErrCSRFInvalid},
		{"long token", cookie, tok + strings.Repeat("a", 100), now, ErrCSRFInvalid},
	}
	for _, c := range cases {
		if got := cur.Verify(c.cookie, c.token, c.at); !errors.Is(got, c.want) || (c.want == nil && got != nil) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	if old.Verify(cookie, tok, now) == nil {
		t.Error("a token signed with the new key must not verify with only the old one")
	}
	if CSRFTokenTTL < 12*time.Hour {
		t.Error("tokens must last at least 12 h")
	}
}

func TestCSRFCookieNames(t *testing.T) {
	if c := testCSRF(t, "k"); c.CookieName() != "__Host-csrf" || !c.secure {
		t.Errorf("production cookie %q secure=%v", c.CookieName(), c.secure)
	}
	dev, err := NewCSRF(&config.Config{Env: config.Development, SecretKey: config.DevSecretKey})
	if err != nil || dev.CookieName() != "csrf" || dev.secure {
		t.Errorf("development cookie: %v", err)
	}
	if _, err := NewCSRF(&config.Config{Env: config.Production}); err == nil {
		t.Error("an empty SECRET_KEY must be refused")
	}
}

// FuzzCSRFVerify feeds arbitrary cookies and tokens to the verifier: it must
// never panic and never accept anything but a token it issued for that very
// cookie.
func FuzzCSRFVerify(f *testing.F) {
	c := testCSRF(f, "fuzz-key-fuzz-key-fuzz-key-fuzz-key-fuzz-key-fuzz-key")
	now := time.Unix(1_800_000_000, 0)
	cookie := "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	good := c.Issue(cookie, now)
	for _, s := range []struct{ cookie, token string }{
		{cookie, good}, {cookie, ""}, {"", good}, {cookie, "."}, {cookie, "1."}, {cookie, ".x"},
		{cookie, "-1." + strings.SplitN(good, ".", 2)[1]}, {cookie, "99999999999999999999.AAAA"},
		{cookie + "=", good}, {cookie, good + "."}, {cookie, strings.ToUpper(good)}, {"\x00", "\xff.\xfe"},
	} {
		f.Add(s.cookie, s.token)
	}
	f.Fuzz(func(t *testing.T, ck, tok string) {
		err := c.Verify(ck, tok, now)
		if err == nil && (ck != cookie || tok != good) {
			t.Fatalf("accepted cookie %q token %q", ck, tok)
		}
	})
}
