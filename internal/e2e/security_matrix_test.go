package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// matrixCase is one row of the security matrix: a request and what must
// come back. Requests go through the TLS proxy unless direct is set (then
// to the process's own plain-HTTP port) or raw is set (written as is to
// the process).
type matrixCase struct {
	name    string
	direct  bool
	src     string // loopback source address; 127.0.0.30 when empty
	method  string
	path    string
	header  http.Header
	body    []byte
	chunked bool   // send body without a length
	raw     string // a raw HTTP/1.x request to the process's port
	status  int
	want    map[string]string // headers with exact values; "-" means absent
	check   func(t *testing.T, inst *instance, res response)
}

// run sends the request and checks the answer; every error page of ours
// must be the branded one, and every answer through the proxy must carry
// HSTS.
func (c matrixCase) run(t *testing.T, inst *instance) response {
	t.Helper()
	src := c.src
	if src == "" {
		src = "127.0.0.30"
	}
	var res response
	switch {
	case c.raw != "":
		res = rawRequest(t, strings.TrimPrefix(inst.Direct, "http://"), src, c.raw)
	default:
		cl := inst.newClient(t, src)
		if c.direct {
			cl.base = inst.Direct
		}
		method := c.method
		if method == "" {
			method = http.MethodGet
		}
		if c.chunked {
			res = cl.doReader(method, c.path, c.header, io.MultiReader(bytes.NewReader(c.body)))
		} else {
			res = cl.Do(method, c.path, c.header, c.body)
		}
	}
	if res.Status != c.status {
		t.Fatalf("want %d, got %d %v\n%.300s", c.status, res.Status, res.Header, res.Body)
	}
	checkHeaders(t, res.Header, c.want)
	if !c.direct && c.raw == "" && res.Header.Get("Strict-Transport-Security") != hstsValue {
		t.Errorf("HTTPS answer without HSTS: %q", res.Header.Get("Strict-Transport-Security"))
	}
	isAPI := strings.HasPrefix(c.path, "/api/")
	switch {
	case isAPI || c.method == http.MethodHead || res.Status < 400:
	case res.Status == http.StatusUnprocessableEntity:
		// The form itself again, not an error page.
		checkHeaders(t, res.Header, pageHeaders())
	default:
		checkBranded(t, res)
	}
	if c.check != nil {
		c.check(t, inst, res)
	}
	return res
}

// TestSecurityMatrix runs SPEC §7 against the built binary in production
// behind the TLS proxy: hosts, proxies, redirects, HSTS, headers, CORS,
// methods, CSRF, sizes and types, and error pages; then checks that none of
// the refused requests wrote anything. Rows for a public POST skip (naming
// the issue) while its route answers 404.
func TestSecurityMatrix(t *testing.T) {
	inst := startProduction(t, nil)
	su := inst.superuser(t)
	m := su.createMember("Grace", "Hopper", "grace.hopper@e2e.example.org")

	for _, c := range edgeCases(inst) {
		t.Run(c.name, func(t *testing.T) { c.run(t, inst) })
	}
	for i, f := range publicForms() {
		t.Run(f.Post, func(t *testing.T) {
			src := fmt.Sprintf("127.0.0.%d", 50+i)
			needRoute(t, inst.newClient(t, src), f.Post, f.Issue)
			for _, c := range formCases(t, inst, f, src, m.Email) {
				t.Run(c.name, func(t *testing.T) { c.run(t, inst) })
			}
		})
	}
	t.Run("nothing written", func(t *testing.T) { checkNothingWritten(t, inst, su, 1) })
}

// checkNothingWritten fails when any public request left a trace: an intake
// row, a join or privacy request, an outbox row or a mail, or a member
// beyond the members the test created. Intake is counted first: its worker
// turns a row into the others in one transaction, so nothing slips between
// the counts.
func checkNothingWritten(t *testing.T, inst *instance, su *restClient, members int) {
	t.Helper()
	for _, col := range []string{"intake", "join_requests", "privacy_requests", "email_outbox"} {
		if n := su.count(col, ""); n != 0 {
			t.Errorf("%s has %d rows, want none", col, n)
		}
	}
	if n := su.count("members", ""); n != members {
		t.Errorf("members: want %d, got %d", members, n)
	}
	if n := inst.SMTP.Count(); n != 0 {
		t.Errorf("%d mails sent, want none", n)
	}
}

// apiJSON checks an /api/ error stays PocketBase's JSON.
func apiJSON(t *testing.T, _ *instance, res response) {
	t.Helper()
	var v map[string]any
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || json.Unmarshal(res.Body, &v) != nil {
		t.Errorf("want a JSON error on /api/, got %s: %.200s", res.Header.Get("Content-Type"), res.Body)
	}
}

// bodyLacks returns a check that the body does not contain s.
func bodyLacks(s string) func(*testing.T, *instance, response) {
	return func(t *testing.T, _ *instance, res response) {
		t.Helper()
		if bytes.Contains(res.Body, []byte(s)) {
			t.Errorf("answer echoes %q", s)
		}
	}
}

// loggedClientIP returns a check that the request log line names ip.
func loggedClientIP(ip string) func(*testing.T, *instance, response) {
	return func(t *testing.T, inst *instance, res response) {
		t.Helper()
		line := inst.requestLine(t, res.Header.Get("X-Request-Id"))
		if got := line["client_ip"]; got != ip {
			t.Errorf("client_ip logged as %v, want %s", got, ip)
		}
	}
}
