package web

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/config"
)

// CSRFField is the hidden form field that carries the token.
const CSRFField = "csrf_token"

// CSRFTokenTTL is how long a rendered form stays postable (SPEC: ≥ 12 h).
const CSRFTokenTTL = 24 * time.Hour

// csrfCookieMaxAge outlives the token so a form rendered just before the
// cookie was refreshed still verifies.
const csrfCookieMaxAge = 7 * 24 * time.Hour

// csrfHKDFInfo names the purpose of the derived key: another purpose must use
// another info string, so keys never serve two protocols.
const csrfHKDFInfo = "memberbase csrf token v1"

// Token verification failures.
var (
	ErrCSRFInvalid = errors.New("csrf token missing or invalid")
	ErrCSRFExpired = errors.New("csrf token expired")
)

// CSRF issues and verifies signed double-submit tokens: the cookie holds a
// random value, the form's hidden field an expiry and an HMAC over that value
// and the expiry. A token only verifies with the cookie it was made for.
type CSRF struct {
	keys       [][]byte // [0] signs; all verify (SECRET_KEY_FALLBACKS)
	cookieName string
	secure     bool
	cop        *http.CrossOriginProtection
	now        func() time.Time
}

// NewCSRF derives one key per secret through HKDF and prepares Go's
// cross-origin check with CSRF_TRUSTED_ORIGINS.
func NewCSRF(cfg *config.Config) (*CSRF, error) {
	c := &CSRF{cookieName: "csrf", cop: http.NewCrossOriginProtection(), now: time.Now}
	if cfg.IsProduction() {
		// __Host- makes browsers insist on Secure, Path=/ and no Domain, so a
		// sibling subdomain cannot plant the cookie.
		c.cookieName, c.secure = "__Host-csrf", true
	}
	for _, secret := range append([]string{cfg.SecretKey}, cfg.SecretKeyFallbacks...) {
		if secret == "" {
			continue
		}
		k, err := hkdf.Key(sha256.New, []byte(secret), nil, csrfHKDFInfo, 32)
		if err != nil {
			return nil, fmt.Errorf("derive csrf key: %w", err)
		}
		c.keys = append(c.keys, k)
	}
	if len(c.keys) == 0 {
		return nil, errors.New("csrf: SECRET_KEY is empty")
	}
	for _, o := range cfg.CSRFTrustedOrigins {
		if err := c.cop.AddTrustedOrigin(o); err != nil {
			return nil, fmt.Errorf("CSRF_TRUSTED_ORIGINS %q: %w", o, err)
		}
	}
	return c, nil
}

// CookieName is the name of the token cookie in this profile.
func (c *CSRF) CookieName() string { return c.cookieName }

// Issue returns a token for the cookie value, valid until now+CSRFTokenTTL.
func (c *CSRF) Issue(cookie string, now time.Time) string {
	exp := strconv.FormatInt(now.Add(CSRFTokenTTL).Unix(), 10)
	return exp + "." + base64.RawURLEncoding.EncodeToString(csrfMAC(c.keys[0], cookie, exp))
}

// Verify checks token against the cookie value with every key: a good MAC
// with a past expiry is ErrCSRFExpired (the caller may show the form again),
// anything else that fails is ErrCSRFInvalid.
func (c *CSRF) Verify(cookie, token string, now time.Time) error {
	if !validCookieValue(cookie) || len(token) > 100 {
		return ErrCSRFInvalid
	}
	exp, sig, ok := strings.Cut(token, ".")
	if !ok {
		return ErrCSRFInvalid
	}
	expUnix, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || expUnix <= 0 || strconv.FormatInt(expUnix, 10) != exp {
		return ErrCSRFInvalid
	}
	mac, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || len(mac) != sha256.Size {
		return ErrCSRFInvalid
	}
	for _, k := range c.keys {
		if hmac.Equal(mac, csrfMAC(k, cookie, exp)) {
			if now.Unix() > expUnix {
				return ErrCSRFExpired
			}
			return nil
		}
	}
	return ErrCSRFInvalid
}

func csrfMAC(key []byte, cookie, exp string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("csrf|" + cookie + "|" + exp))
	return m.Sum(nil)
}

// validCookieValue accepts exactly what newCookieValue makes: 32 bytes in
// unpadded base64url.
func validCookieValue(v string) bool {
	if len(v) != 43 {
		return false
	}
	b, err := base64.RawURLEncoding.DecodeString(v)
	return err == nil && len(b) == 32
}

func newCookieValue() string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// cookieValue returns the request's cookie value when well formed.
func (c *CSRF) cookieValue(e *core.RequestEvent) string {
	ck, err := e.Request.Cookie(c.cookieName)
	if err != nil || !validCookieValue(ck.Value) {
		return ""
	}
	return ck.Value
}

// tokenFor (re)sets the cookie on the response, keeping a valid existing
// value so other open tabs keep working, and returns a token for it.
func (c *CSRF) tokenFor(e *core.RequestEvent) string {
	v := c.cookieValue(e)
	if v == "" {
		v = newCookieValue()
	}
	e.SetCookie(&http.Cookie{
		Name: c.cookieName, Value: v, Path: "/", MaxAge: int(csrfCookieMaxAge.Seconds()),
		Secure: c.secure, HttpOnly: true, SameSite: http.SameSiteLaxMode,
	})
	return c.Issue(v, c.now())
}
