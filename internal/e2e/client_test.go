package e2e

import (
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// response is one answer, read whole.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// client is a visitor of the site: an HTTP client that trusts the test CA,
// connects from its own loopback address (127.0.0.N: the proxy reports it as
// the client IP, so each test has its own rate-limit bucket and log
// attribution), never follows redirects and keeps cookies.
type client struct {
	t    *testing.T
	base string
	http *http.Client
}

// newClient returns a visitor of inst connecting from src (e.g. 127.0.0.12).
func (inst *instance) newClient(t *testing.T, src string) *client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: inst.Base, http: &http.Client{
		Jar:     jar,
		Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
		Transport: loopbackTransport(inst, src),
	}}
}

// loopbackTransport dials from the loopback address src and trusts the
// instance's test CA.
func loopbackTransport(inst *instance, src string) *http.Transport {
	d := &net.Dialer{Timeout: 10 * time.Second, LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
		DisableKeepAlives: true,
	}
	if inst.Proxy != nil {
		tr.TLSClientConfig = &tls.Config{RootCAs: inst.Proxy.Pool, MinVersion: tls.VersionTLS12}
	}
	return tr
}

// Do sends one request to path (or an absolute URL) with the given headers.
func (c *client) Do(method, path string, header http.Header, body []byte) response {
	c.t.Helper()
	target := path
	if !strings.Contains(path, "://") {
		target = c.base + path
	}
	req, err := http.NewRequest(method, target, bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if h := header.Get("Host"); h != "" {
		req.Host = h
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, target, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// Get is Do with GET and no headers.
func (c *client) Get(path string) response {
	c.t.Helper()
	return c.Do(http.MethodGet, path, nil, nil)
}

// csrfField finds the hidden token of a rendered form.
var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// formToken loads a page holding a form and returns the token of its first
// form; the cookie it set stays in the client's jar.
func (c *client) formToken(page string) string {
	c.t.Helper()
	res := c.Get(page)
	if res.Status != http.StatusOK {
		c.t.Fatalf("GET %s: %d", page, res.Status)
	}
	m := csrfField.FindSubmatch(res.Body)
	if m == nil {
		c.t.Fatalf("GET %s: no csrf_token field", page)
	}
	return string(m[1])
}

// cookie returns the value of the named cookie the site set, or "".
func (c *client) cookie(name string) string {
	u, _ := url.Parse(c.base + "/")
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// sameOrigin are the headers a browser sends with a same-origin form post.
func (c *client) sameOrigin() http.Header {
	return http.Header{
		"Content-Type":   {"application/x-www-form-urlencoded"},
		"Origin":         {c.base},
		"Sec-Fetch-Site": {"same-origin"},
	}
}

// PostForm posts fields as a browser would from a page of the site.
func (c *client) PostForm(path string, fields url.Values) response {
	c.t.Helper()
	return c.Do(http.MethodPost, path, c.sameOrigin(), []byte(fields.Encode()))
}

// doReader is Do with a body of unknown length (sent chunked).
func (c *client) doReader(method, path string, header http.Header, body io.Reader) response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header = header.Clone()
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return response{Status: res.StatusCode, Header: res.Header, Body: b}
}
