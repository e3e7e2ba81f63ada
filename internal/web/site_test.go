package web_test

import (
	"bufio"
	"crypto/tls"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/ui"

	"memberbase/internal/config"
	"memberbase/internal/testapp"
	"memberbase/internal/web"
	"memberbase/templates"
)

// site is a test app served over real HTTP the way apis.Serve serves it:
// PocketBase's router with the CORS middleware Serve binds (ApiScenario has
// none), our OnServe hooks, then the built mux behind httptest.
type site struct {
	t   *testing.T
	app *tests.TestApp
	cfg *config.Config
	srv *httptest.Server
	web *web.Server // a second Server on the same config, for test-only routes
}

// siteOpts tunes newSite.
type siteOpts struct {
	plainHTTP bool                                // serve without TLS
	routes    func(*web.Server, *core.ServeEvent) // test-only routes
	before    func(*tests.TestApp)                // settings tweaks
}

func prodEnv(extra map[string]string) map[string]string {
	env := testapp.Production()
	maps.Copy(env, extra)
	return env
}

func newSite(t *testing.T, env map[string]string, o siteOpts) *site {
	t.Helper()
	app, cfg := testapp.New(t, env)
	s := &site{t: t, app: app, cfg: cfg}
	ws, err := web.NewServer(app, cfg, testTemplates(t))
	if err != nil {
		t.Fatalf("web server: %v", err)
	}
	s.web = ws
	if o.before != nil {
		o.before(app)
	}
	if o.routes != nil {
		app.OnServe().BindFunc(func(se *core.ServeEvent) error {
			o.routes(ws, se)
			return se.Next()
		})
	}
	r, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	r.Bind(apis.CORS(apis.CORSConfig{ // what apis.Serve binds (default origins "*")
		AllowOrigins: []string{"*"},
		AllowMethods: []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPatch, http.MethodPost, http.MethodDelete},
	}))
	r.GET("/_/{path...}", apis.Static(ui.DistDirFS, false)).BindFunc(func(e *core.RequestEvent) error {
		if e.Response.Header().Get("Content-Security-Policy") == "" { // as apis.Serve does
			e.Response.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'")
		}
		return e.Next()
	})
	var mux http.Handler
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: r}, func(e *core.ServeEvent) error {
		var err error
		mux, err = e.Router.BuildMux()
		return err
	})
	if err != nil {
		t.Fatalf("serve: %v", err)
	}
	if o.plainHTTP {
		s.srv = httptest.NewServer(mux)
	} else {
		s.srv = httptest.NewTLSServer(mux)
	}
	t.Cleanup(s.srv.Close)
	return s
}

// testTemplates is the embedded template set plus a test-only form page.
func testTemplates(t *testing.T) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templates.FS, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	m["pages/testform.html"] = &fstest.MapFile{Data: []byte(`{{define "title"}}Test form{{end}}
{{define "content"}}{{with .Form}}{{with .Summary}}<p class="summary">{{.}}</p>{{end}}{{range .Errors}}<p class="error" id="{{.Field}}-error">{{.Message}}</p>{{end}}{{end}}
<form method="post" action="/test/action">{{template "csrf_field" .}}
<label for="email">Email</label><input id="email" name="email" value="{{.Form.Value "email"}}">
<button>Send</button></form>{{end}}
`)}
	return m
}

// req sends one request with Host members.example.org (unless set) and
// returns the response with its body read.
func (s *site) req(method, path string, body io.Reader, hdr map[string]string) (*http.Response, string) {
	s.t.Helper()
	req, err := http.NewRequest(method, s.srv.URL+path, body)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Host = "members.example.org"
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	return s.do(req)
}

func (s *site) do(req *http.Request) (*http.Response, string) {
	s.t.Helper()
	c := s.srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

func contains(body string, subs ...string) bool {
	for _, s := range subs {
		if !strings.Contains(body, s) {
			return false
		}
	}
	return true
}

// raw writes request bytes as they are (absolute-form targets, odd Host
// values a client library would refuse) and reads one response.
func (s *site) raw(request string) (*http.Response, string) {
	s.t.Helper()
	addr := s.srv.Listener.Addr().String()
	var conn net.Conn
	var err error
	if s.srv.TLS != nil {
		conn, err = tls.Dial("tcp", addr, &tls.Config{RootCAs: s.srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs, ServerName: "127.0.0.1"})
	} else {
		conn, err = net.Dial("tcp", addr)
	}
	if err != nil {
		s.t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, request); err != nil {
		s.t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		s.t.Fatalf("read response to %q: %v", request, err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}
