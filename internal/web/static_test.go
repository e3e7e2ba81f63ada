package web

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestAssetHashesFollowContent(t *testing.T) {
	v1, err := NewAssets(fstest.MapFS{"css/site.css": {Data: []byte("body{color:red}")}, "embed.go": {Data: []byte("package x")}}, "")
	if err != nil {
		t.Fatal(err)
	}
	v2, err := NewAssets(fstest.MapFS{"css/site.css": {Data: []byte("body{color:blue}")}}, "")
	if err != nil {
		t.Fatal(err)
	}
	old, cur := v1.URL("css/site.css"), v2.URL("css/site.css")
	if old == cur || !strings.HasPrefix(cur, "/static/css/site.") || !strings.HasSuffix(cur, ".css") {
		t.Fatalf("URLs %q %q", old, cur)
	}
	if _, ok := v2.byHashed[strings.TrimPrefix(old, "/static/")]; ok {
		t.Error("the old hash must not be served")
	}
	for _, e := range []string{"embed.go"} {
		if _, ok := v1.hashed[e]; ok {
			t.Errorf("%s must not be published", e)
		}
	}
	cdn, _ := NewAssets(fstest.MapFS{"css/site.css": {Data: []byte("x")}}, "https://cdn.example.net/a")
	if u := cdn.URL("css/site.css"); !strings.HasPrefix(u, "https://cdn.example.net/a/css/site.") {
		t.Errorf("CDN URL %q", u)
	}
}

func TestAcceptsGzip(t *testing.T) {
	for in, want := range map[string]bool{"gzip": true, "br, gzip;q=0.8": true, "GZIP": true, "gzip;q=0": false, "identity": false, "": false, "x-gzip": false} {
		if acceptsGzip(in) != want {
			t.Errorf("acceptsGzip(%q) != %v", in, want)
		}
	}
}
