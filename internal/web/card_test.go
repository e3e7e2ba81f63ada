package web_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pocketbase/pocketbase/tools/logger"

	"memberbase/internal/card"
	"memberbase/internal/testapp"
)

var cardLinkRe = regexp.MustCompile(`https://members\.example\.org(/card\?c=([A-Za-z0-9_.-]+))`)

// cardSite is a joined, confirmed member's site with the card clock fixed;
// it returns the card page's path from the card mail.
func cardSite(t *testing.T) (*joinSite, *card.Service, *time.Time, string) {
	t.Helper()
	s := newJoinSite(t, nil)
	svc, err := card.FromApp(s.app)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	svc.Keys.SetClock(func() time.Time { return now })
	s.join("ada@example.org")
	path, _ := link(t, s.mail(1))
	if resp, page := s.confirm(path); resp.StatusCode != 200 {
		t.Fatalf("confirm: %d\n%s", resp.StatusCode, page)
	}
	s.mail(3)
	var cardPath string
	for _, m := range s.smtp.Messages() {
		if strings.Contains(m.Subject, "membership card") {
			mm := cardLinkRe.FindStringSubmatch(m.Text)
			if mm == nil || !strings.Contains(m.HTML, strings.ReplaceAll(mm[1], "&", "&amp;")) {
				t.Fatalf("no card link in the card mail:\n%s", m.Text)
			}
			cardPath = mm[1]
		}
	}
	if cardPath == "" {
		t.Fatal("no card mail at confirmation")
	}
	return s, svc, &now, cardPath
}

// TestCardFromTheMailAndItsQR: the card mail of a confirmation opens the
// card (no-store, no-referrer, the site's CSP, no script); its QR encodes
// BASE_URL/verify with a fresh ten-minute verify token, which says valid,
// then not valid after ten minutes, and a fresh one not valid once the
// member has lapsed.
func TestCardFromTheMailAndItsQR(t *testing.T) {
	s, svc, now, cardPath := cardSite(t)
	resp, page := s.req("GET", cardPath, nil, nil)
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Referrer-Policy") != "no-referrer" ||
		!strings.HasPrefix(resp.Header.Get("Content-Security-Policy"), "default-src 'self';") {
		t.Fatalf("card page: %d %v", resp.StatusCode, resp.Header)
	}
	if !contains(page, "Example Union membership card", "Ada Lovelace", "M-000001", "Valid member", "Valid until", "<svg") ||
		strings.Contains(page, "<script") || strings.Contains(page, "<img") {
		t.Fatalf("card page content:\n%s", page)
	}

	// The QR: recompute the short token the page minted (Ed25519 is
	// deterministic, the clock is fixed) and find its exact SVG.
	c, err := svc.Keys.Parse(strings.TrimPrefix(cardPath, "/card?c="), card.UseCard)
	if err != nil {
		t.Fatal(err)
	}
	short, err := svc.Keys.VerifyToken(c)
	if err != nil {
		t.Fatal(err)
	}
	verifyURL := "https://members.example.org/verify?c=" + short
	svg, _ := card.QRSVG(verifyURL)
	if !strings.Contains(page, string(svg)) {
		t.Fatal("the page's QR does not encode BASE_URL/verify?c=<verify token>")
	}
	claims := &card.Claims{}
	if _, _, err := jwt.NewParser().ParseUnverified(short, claims); err != nil || claims.Use != card.UseVerify ||
		claims.ExpiresAt.Sub(claims.IssuedAt.Time) > 10*time.Minute {
		t.Fatalf("verify token claims: %+v %v", claims, err)
	}

	verifyPath := strings.TrimPrefix(verifyURL, "https://members.example.org")
	resp, page = s.req("GET", verifyPath, nil, nil)
	if resp.StatusCode != 200 || !contains(page, "Valid member", "Ada Lovelace", "M-000001") || resp.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("verify: %d\n%s", resp.StatusCode, page)
	}
	if strings.Contains(page, "ada@example.org") {
		t.Error("the verify page shows the address")
	}

	*now = now.Add(11 * time.Minute)
	if resp, page = s.req("GET", verifyPath, nil, nil); resp.StatusCode != http.StatusNotFound || !strings.Contains(page, "Not a valid card") {
		t.Fatalf("verify after 10 minutes: %d", resp.StatusCode)
	}

	m, _ := s.app.FindFirstRecordByData("members", "member_id", "M-000001")
	m.Set("status", "lapsed")
	if err := s.app.Save(m); err != nil {
		t.Fatal(err)
	}
	fresh, _ := svc.Keys.VerifyToken(c)
	lapsed, lapsedPage := s.req("GET", "/verify?c="+fresh, nil, nil)
	if lapsed.StatusCode != http.StatusNotFound {
		t.Fatalf("lapsed member verifies: %d", lapsed.StatusCode)
	}
	if resp, _ := s.req("GET", cardPath, nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("lapsed member's card page: %d", resp.StatusCode)
	}

	// Every refusal is one page: same status, same body.
	for name, q := range map[string]string{
		"garbage":        "/verify?c=garbage",
		"empty":          "/verify",
		"card as verify": "/verify?c=" + strings.TrimPrefix(cardPath, "/card?c="),
		"verify as card": "/card?c=" + fresh,
		"truncated":      "/verify?c=" + fresh[:len(fresh)-3],
	} {
		resp, page := s.req("GET", q, nil, nil)
		if resp.StatusCode != http.StatusNotFound || strings.Replace(page, resp.Header.Get("X-Request-Id"), "", -1) == "" ||
			!strings.Contains(page, "Not a valid card") || resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %d\n%s", name, resp.StatusCode, page)
		}
	}
	if !strings.Contains(lapsedPage, "Not a valid card") {
		t.Error("lapsed page is not the neutral page")
	}
}

// TestCardKeysEndpoint: the JWKS lists the signing key by its kid,
// cacheable for an hour.
func TestCardKeysEndpoint(t *testing.T) {
	s := newSite(t, prodEnv(nil), siteOpts{})
	svc, _ := card.FromApp(s.app)
	resp, body := s.req("GET", "/.well-known/memberbase-card-keys.json", nil, nil)
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "public, max-age=3600" {
		t.Fatalf("keys: %d %v", resp.StatusCode, resp.Header)
	}
	var set struct {
		Keys []struct{ Kty, Crv, Kid, X string }
	}
	if err := json.Unmarshal([]byte(body), &set); err != nil || len(set.Keys) < 1 || set.Keys[0].Kty != "OKP" || set.Keys[0].Crv != "Ed25519" {
		t.Fatalf("keys body: %v %s", err, body)
	}
	tok, _ := svc.Keys.Sign(card.Claims{}, card.UseCard, time.Now().Add(time.Hour))
	parsed, _, _ := jwt.NewParser().ParseUnverified(tok, &card.Claims{})
	if parsed.Header["kid"] != set.Keys[0].Kid {
		t.Errorf("kid %v is not the first published key %s", parsed.Header["kid"], set.Keys[0].Kid)
	}
}

// TestCardTokensStayOutOfLogs: c, in the query and in Referer, reaches
// neither stdout nor PocketBase's _logs (written for failures: a 500).
func TestCardTokensStayOutOfLogs(t *testing.T) {
	s, svc, now, cardPath := cardSite(t)
	s.app.Settings().Logs.MaxDays = 7
	s.app.Settings().Logs.MinLevel = 0
	s.app.Logger().Handler().(*logger.BatchHandler).SetLevel(slog.LevelInfo)
	tok := strings.TrimPrefix(cardPath, "/card?c=")
	c, _ := svc.Keys.Parse(tok, card.UseCard)
	short, _ := svc.Keys.VerifyToken(c)
	ref := map[string]string{"Referer": "https://members.example.org" + cardPath}
	s.req("GET", cardPath, nil, ref)
	s.req("GET", "/verify?c="+short, nil, ref)
	// Only failures reach _logs: the members table goes away under /verify.
	if _, err := s.app.DB().NewQuery("ALTER TABLE members RENAME TO members_away").Execute(); err != nil {
		t.Fatal(err)
	}
	resp, _ := s.req("GET", "/verify?c="+short, nil, ref)
	if _, err := s.app.DB().NewQuery("ALTER TABLE members_away RENAME TO members").Execute(); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusInternalServerError {
		t.Fatalf("broken table: %d", resp.StatusCode)
	}
	*now = now.Add(time.Hour)
	if resp, _ := s.req("GET", "/verify?c="+short, nil, ref); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("expired verify: %d", resp.StatusCode)
	}
	pbLogs := strings.Join(testapp.PBLogs(t, s.app, "SELECT message || ' ' || data FROM _logs", func(rows []string) bool {
		all := strings.Join(rows, "\n")
		return strings.Contains(all, "/verify?c=REDACTED") && strings.Contains(all, "/card?c=REDACTED")
	}), "\n")
	if !strings.Contains(pbLogs, "/verify?c=REDACTED") || !strings.Contains(pbLogs, "/card?c=REDACTED") {
		t.Errorf("no redacted row for the 404 in _logs:\n%s", pbLogs)
	}
	for name, text := range map[string]string{"_logs": pbLogs, "stdout": testapp.Logs(s.app)} {
		for _, secret := range []string{tok, short} {
			if strings.Contains(text, secret) {
				t.Errorf("%s contains a card token", name)
			}
		}
	}
}
