package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	_ "image/png" // the element screenshot is a PNG
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"memberbase/internal/smtptest"
)

// TestBrowserCard is the membership card in Chromium (issue 26, SPEC §18),
// in the development profile: MEMBERBASE_CARD_CLOCK_OFFSET, which moves the
// card clock, is refused in production. A member asks for the member ID on
// the lookup page; the mail links the card; the card page shows the
// member; the QR, decoded from a screenshot of the rendered code, leads to
// /verify, which says "Valid member". With the card clock 9 minutes on, the
// same QR still answers; 11 minutes on (ten minutes and the minute of
// clock-skew leeway), it does not, while a fresh render of the card gives a
// QR that does. Once the member has lapsed, that fresh QR and the card say
// not valid. axe checks the card, the valid and the invalid page.
func TestBrowserCard(t *testing.T) {
	inst := startDevelopment(t, nil)
	su := inst.superuser(t)
	m := su.createMember("Katherine", "Johnson-E2E", "katherine.e2e@e2e.example.org")
	name := m.FirstName + " " + m.LastName
	script := axeScript(t)
	b := newBrowser(t, inst)

	b.lookupRequest("member-id", m.Email)
	card := cardLinkIn(t, inst, mailAbout(t, inst, m.Email, "Your member ID at "))
	b.openCard(card, name, m.MemberID)
	b.axe(script)
	first := b.scanQR()
	if _, tok, _ := strings.Cut(card, "?c="); strings.Contains(first, tok) {
		t.Error("the QR carries the card token itself")
	}
	b.checkVerify(first, true, name, m.MemberID)
	b.axe(script)

	inst.restart(t, map[string]string{"CARD_CLOCK_OFFSET": "9m"})
	b.checkVerify(first, true, name, m.MemberID)
	inst.restart(t, map[string]string{"CARD_CLOCK_OFFSET": "11m"})
	b.checkVerify(first, false, name, m.MemberID)
	b.axe(script)

	b.openCard(card, name, m.MemberID)
	fresh := b.scanQR()
	if fresh == first {
		t.Fatal("reopening the card shows the same QR")
	}
	b.checkVerify(fresh, true, name, m.MemberID)

	su.call(http.MethodPatch, "/api/collections/members/records/"+m.ID, map[string]any{"status": "lapsed"}, http.StatusOK, nil)
	b.checkVerify(fresh, false, name, m.MemberID)
	if res := b.openURL(card); res.Status != http.StatusNotFound || !strings.Contains(b.text("main"), "Not a valid card") {
		t.Errorf("the card of a lapsed member: %d %q", res.Status, b.text("main"))
	}
	b.axe(script)
}

// cardLinkIn returns the card link of m's text part, which the HTML part
// must carry too.
func cardLinkIn(t *testing.T, inst *instance, m smtptest.Mail) string {
	t.Helper()
	re := regexp.MustCompile(regexp.QuoteMeta(inst.Base+"/card?c=") + `[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`)
	link := re.FindString(m.Text)
	if link == "" {
		t.Fatalf("mail %q has no card link:\n%s", m.Subject, m.Text)
	}
	if !strings.Contains(m.HTML, link) {
		t.Errorf("the HTML part of %q lacks the card link", m.Subject)
	}
	return link
}

// openCard opens the card link and checks the page: 200, no-store,
// no-referrer, the member's name and ID, the valid badge.
func (b *browser) openCard(link, name, memberID string) {
	b.t.Helper()
	res := b.openURL(link)
	if res.Status != http.StatusOK {
		b.t.Fatalf("card page: %d", res.Status)
	}
	if rp, cc := res.Headers["Referrer-Policy"], res.Headers["Cache-Control"]; rp != "no-referrer" || !strings.Contains(fmt.Sprint(cc), "no-store") {
		b.t.Errorf("card page Referrer-Policy %q, Cache-Control %q", rp, cc)
	}
	if page := b.text("main"); !strings.Contains(page, name) || !strings.Contains(page, memberID) || !strings.Contains(page, "Valid member") {
		b.t.Errorf("card page: %q", page)
	}
}

// scanQR decodes the card page's QR code as a phone camera would: from a
// picture of the rendered code (an element screenshot at twice the size),
// with a QR decoder that knows nothing of how it was drawn. The decoded
// URL must be BASE_URL/verify?c= and a verify token of ten minutes.
func (b *browser) scanQR() string {
	b.t.Helper()
	shot := run(b, "screenshot the QR code", chromedp.ScreenshotScale(chromedp.CSS("main svg.card-qr"), 2))
	img, _, err := image.Decode(bytes.NewReader(shot))
	if err != nil {
		b.t.Fatalf("QR screenshot: %v", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		b.t.Fatalf("QR bitmap: %v", err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		b.t.Fatalf("the QR on the card does not decode: %v", err)
	}
	text := res.GetText()
	prefix := b.inst.Base + "/verify?c="
	if !strings.HasPrefix(text, prefix) {
		b.t.Fatalf("the QR decodes to %q, want %s…", text, prefix)
	}
	tok, err := url.QueryUnescape(strings.TrimPrefix(text, prefix))
	if err != nil {
		b.t.Fatalf("QR token: %v", err)
	}
	var claims struct {
		Use      string `json:"use"`
		Iat, Exp int64
	}
	parts := strings.Split(tok, ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[min(1, len(parts)-1)])
	if err == nil {
		err = json.Unmarshal(payload, &claims)
	}
	if err != nil || len(parts) != 3 {
		b.t.Fatalf("the QR's token is not a JWT: %v", err)
	}
	if claims.Use != "verify" || claims.Exp-claims.Iat != 600 {
		b.t.Errorf("the QR's token: use %q, lifetime %d s; want verify, 600 s", claims.Use, claims.Exp-claims.Iat)
	}
	return text
}

// checkVerify opens a scanned URL and checks what the door volunteer sees:
// "Valid member" with name and member ID, or the neutral 404 page that
// names nobody.
func (b *browser) checkVerify(link string, valid bool, name, memberID string) {
	b.t.Helper()
	res := b.openURL(link)
	page := b.text("main")
	if rp := res.Headers["Referrer-Policy"]; rp != "no-referrer" {
		b.t.Errorf("verify page Referrer-Policy %q", rp)
	}
	switch {
	case valid && (res.Status != http.StatusOK || !strings.Contains(page, "Valid member") || !strings.Contains(page, name) || !strings.Contains(page, memberID)):
		b.t.Fatalf("verify: want valid, got %d %q", res.Status, page)
	case !valid && (res.Status != http.StatusNotFound || !strings.Contains(page, "Not a valid card") || strings.Contains(page, name) || strings.Contains(page, memberID)):
		b.t.Fatalf("verify: want the neutral page, got %d %q", res.Status, page)
	}
}
