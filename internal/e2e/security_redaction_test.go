package e2e

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/url"
	"testing"
)

// randomToken is shaped like the tokens in mailed links: 32 random bytes,
// base64url.
func randomToken(t *testing.T) string {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// TestTokensAndAddressesStayOutOfLogs sends link tokens in query strings and
// Referers, addresses in API filters, a bearer token and the CSRF cookie,
// on pages, token routes, unknown paths and failing API calls (errors are
// what PocketBase's log database keeps); then, with the process stopped,
// none of them is anywhere in its stdout or data dir, while the log database
// does hold the redacted requests.
func TestTokensAndAddressesStayOutOfLogs(t *testing.T) {
	inst := startProduction(t, nil)
	c := inst.newClient(t, "127.0.0.80")
	c.formToken("/lookup")
	cookie := c.cookie(csrfCookie)
	const addr, addr2 = "redact.me@e2e.example.org", "redact.referer@e2e.example.org"
	var secrets []string
	tok := func() string { s := randomToken(t); secrets = append(secrets, s); return s }

	var ids []string
	send := func(method, path string, h http.Header) {
		t.Helper()
		res := c.Do(method, path, h, nil)
		ids = append(ids, res.Header.Get("X-Request-Id"))
	}
	for _, p := range []string{"/join/confirm", "/privacy/confirm", "/privacy/download", "/no-such-page"} {
		send(http.MethodGet, p+"?token="+tok(), nil)
		send(http.MethodPost, p+"?a=1&token="+tok(), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
	}
	send(http.MethodGet, "/lookup", http.Header{"Referer": {inst.Base + "/privacy/confirm?token=" + tok()}})
	send(http.MethodGet, "/no-such-page", http.Header{"Referer": {inst.Base + "/join/confirm?x=1&token=" + tok()}})
	send(http.MethodGet, "/api/collections/members/records?filter="+url.QueryEscape("email='"+addr+"'"), nil)
	send(http.MethodGet, "/api/collections/members/records?filter="+url.QueryEscape("email='"+addr+"' &&"), nil)
	send(http.MethodGet, "/api/collections/nope/records", http.Header{
		"Referer":       {inst.Base + "/api/collections/members/records?filter=" + url.QueryEscape("email='"+addr2+"'")},
		"Authorization": {"Bearer " + tok()},
	})
	// A query value that is not a secret stays readable in the log.
	const kept = "kept-query-value-0d9c"
	send(http.MethodGet, "/no-such-page?page="+kept, nil)
	inst.Stop(t)

	for _, f := range inst.scanWritten(t, append(secrets, addr, addr2, cookie)...) {
		t.Errorf("found %v", f)
	}
	if cols := inst.columnsHolding(t, "auxiliary.db", "token=REDACTED"); len(cols) == 0 {
		t.Error("PocketBase's log database holds no redacted request: the scan proves nothing")
	}
	if found := inst.scanWritten(t, kept); len(found) == 0 {
		t.Error("a plain query value is not found in the logs: the scan proves nothing")
	}
	for _, id := range ids {
		if inst.logLines(t, map[string]string{"msg": "request", "request_id": id}) == nil {
			t.Errorf("request %s is not on stdout: the scan proves nothing", id)
		}
	}
	t.Logf("%d secrets and %d addresses in %d requests: none written", len(secrets), 2, len(ids))
}
