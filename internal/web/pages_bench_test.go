package web_test

import (
	"io"
	"net/http"
	"regexp"
	"testing"

	"memberbase/internal/testapp"
)

// BenchmarkPages compares, in one process and one run, the form pages
// (template, CSRF token and cookie, cached consent text and footer links) with a static asset served by
// the same stack: SPEC §12 asks for a page at ≥ 0.5× the asset's throughput.
// Run: make bench (or go test -run '^$' -bench Pages ./internal/web/).
func BenchmarkPages(b *testing.B) {
	app, _ := testapp.New(b, map[string]string{"LOG_LEVEL": "error"})
	srv := testapp.Serve(b, app)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

	res, err := client.Get(srv.URL + "/")
	if err != nil {
		b.Fatal(err)
	}
	home, _ := io.ReadAll(res.Body)
	res.Body.Close()
	css := regexp.MustCompile(`/static/css/site\.[0-9a-f]+\.css`).Find(home)
	if css == nil {
		b.Fatal("no stylesheet link on the home page")
	}

	for _, c := range []struct{ name, path string }{
		{"static_asset", string(css)},
		{"join_page", "/join"},
		{"lookup_page", "/lookup"},
		{"home_page", "/"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					res, err := client.Get(srv.URL + c.path)
					if err != nil {
						b.Error(err)
						return
					}
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != 200 {
						b.Errorf("%s: %d", c.path, res.StatusCode)
						return
					}
				}
			})
		})
	}
}
