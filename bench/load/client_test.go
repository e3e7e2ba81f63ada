package load

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"
)

// conn is one client connection of a load run: its own transport holds a
// single keep-alive connection, and the CSRF cookie and token it got from one
// GET /join are reused for every POST it sends.
type conn struct {
	inst   *instance
	client *http.Client
	cookie string // "__Host-csrf=..."
	token  string
	consV  string
}

func newConn(inst *instance) *conn {
	tr := &http.Transport{MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1, DisableCompression: true}
	return &conn{inst: inst, client: &http.Client{
		Transport:     tr,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (c *conn) close() { c.client.CloseIdleConnections() }

var (
	csrfRe    = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)
	consentRe = regexp.MustCompile(`name="consent_version" value="([^"]+)"`)
	assetRe   = regexp.MustCompile(`/static/[^"]+\.css`)
)

// do sends req and drains the body, returning the status.
func (c *conn) do(req *http.Request) (int, []byte, error) {
	if c.cookie != "" {
		req.Header.Set("Cookie", c.cookie)
	}
	res, err := c.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

// csrf does the one GET /join of the connection and keeps the cookie (sent
// by hand: a cookie jar would hold back a Secure cookie over plain HTTP) and
// the form's token.
func (c *conn) csrf() error {
	res, err := c.client.Do(c.inst.request("GET", "/join", nil))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	for _, ck := range res.Cookies() {
		if ck.Name == "__Host-csrf" {
			c.cookie = ck.Name + "=" + ck.Value
		}
	}
	m, v := csrfRe.FindSubmatch(b), consentRe.FindSubmatch(b)
	if c.cookie == "" || m == nil || v == nil {
		return fmt.Errorf("GET /join: %d, no __Host-csrf cookie or token", res.StatusCode)
	}
	c.token, c.consV = html.UnescapeString(string(m[1])), html.UnescapeString(string(v[1]))
	return nil
}

// emails hands out addresses that are unique across the whole process run.
type emails struct {
	prefix string
	n      atomic.Int64
}

func (e *emails) next() string {
	return fmt.Sprintf("%s-%d@bench.example.org", e.prefix, e.n.Add(1))
}

// op is one request of a scenario; it reports whether the answer was the
// expected one.
type op func(c *conn) (bool, int, error)

func postJoin(em *emails) op {
	return func(c *conn) (bool, int, error) {
		form := url.Values{
			"csrf_token": {c.token}, "consent_version": {c.consV}, "consent": {"yes"}, "phone": {""},
			"first_name": {"Ada"}, "last_name": {"Bench"}, "email": {em.next()}, "website": {""},
		}
		req := c.inst.request("POST", "/join", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		st, _, err := c.do(req)
		return st == http.StatusSeeOther, st, err
	}
}

// restCreate posts a JSON record to a collection, as the superuser when auth.
func restCreate(em *emails, collection string, auth bool) op {
	return func(c *conn) (bool, int, error) {
		body := fmt.Sprintf(`{"first_name":"Ada","last_name":"Bench","email":%q,"status":"active"}`, em.next())
		req := c.inst.request("POST", "/api/collections/"+collection+"/records", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if auth {
			req.Header.Set("Authorization", c.inst.Token)
		}
		st, _, err := c.do(req)
		return st == http.StatusOK, st, err
	}
}

func get(path string) op {
	return func(c *conn) (bool, int, error) {
		st, _, err := c.do(c.inst.request("GET", path, nil))
		return st == http.StatusOK, st, err
	}
}
