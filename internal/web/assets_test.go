package web_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"memberbase/internal/testapp"
	"memberbase/internal/web"
)

func TestAssetURLsFollowContent(t *testing.T) {
	v1 := fstest.MapFS{"css/site.css": {Data: []byte("body{color:#111}")}}
	v2 := fstest.MapFS{"css/site.css": {Data: []byte("body{color:#222}")}}
	a1, err := web.NewAssets(v1, "")
	if err != nil {
		t.Fatal(err)
	}
	a2, _ := web.NewAssets(v2, "")
	u1, u2 := a1.URL("css/site.css"), a2.URL("css/site.css")
	if u1 == u2 || !strings.HasPrefix(u1, "/static/css/site.") || !strings.HasSuffix(u1, ".css") {
		t.Errorf("urls %q and %q", u1, u2)
	}
	cdn, _ := web.NewAssets(v1, "https://cdn.example.net/mb/")
	if got := cdn.URL("css/site.css"); !strings.HasPrefix(got, "https://cdn.example.net/mb/css/site.") {
		t.Errorf("CDN url = %q", got)
	}
	if cdn.Origin() != "https://cdn.example.net" || a1.Origin() != "" {
		t.Errorf("origins %q %q", cdn.Origin(), a1.Origin())
	}
}

func TestStaticServing(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)

	// The home page links the stylesheet by its hashed URL.
	_, home := get(t, srv.URL+"/")
	i := strings.Index(home, `href="/static/css/site.`)
	if i < 0 {
		t.Fatalf("no hashed stylesheet link in %s", home)
	}
	href := home[i+len(`href="`):]
	href = href[:strings.Index(href, `"`)]

	req, _ := http.NewRequest("GET", srv.URL+href, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	tr := &http.Transport{DisableCompression: true}
	res, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" ||
		res.Header.Get("Content-Encoding") != "gzip" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("asset response %d %v", res.StatusCode, res.Header)
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	css, _ := io.ReadAll(zr)
	if !strings.Contains(string(css), "body") {
		t.Errorf("css body %q", css)
	}

	req, _ = http.NewRequest("GET", srv.URL+href, nil)
	req.Header.Set("If-None-Match", res.Header.Get("ETag"))
	res2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res2.Body.Close()
	if res2.StatusCode != 304 {
		t.Errorf("If-None-Match answered %d", res2.StatusCode)
	}

	if code, _ := get(t, srv.URL+"/static/css/site.000000000000.css"); code != 404 {
		t.Errorf("old hash answered %d", code)
	}
	if code, _ := get(t, srv.URL+"/static/css/site.css"); code != 404 {
		t.Errorf("unhashed path answered %d", code)
	}
}
