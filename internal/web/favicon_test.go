package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"memberbase/internal/testapp"
	"memberbase/pb_public"
)

func TestFaviconIsServedAndLinked(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	want, err := pb_public.FS.ReadFile("img/favicon.ico")
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(srv.URL + "/favicon.ico")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/x-icon" || string(body) != string(want) {
		t.Fatalf("/favicon.ico = %d %s (%d bytes)", res.StatusCode, res.Header.Get("Content-Type"), len(body))
	}
	if len(want) < 6 || want[2] != 1 || want[4] != 1 {
		t.Error("the embedded favicon is not an ICO with one image")
	}
	// A revalidation costs nothing.
	req, _ := http.NewRequest("GET", srv.URL+"/favicon.ico", nil)
	req.Header.Set("If-None-Match", res.Header.Get("ETag"))
	if res2, err := http.DefaultClient.Do(req); err != nil || res2.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation = %v, %v", res2, err)
	}
	_, page := get(t, srv.URL+"/")
	if !strings.Contains(page, `<link rel="icon" href="/static/img/favicon.`) {
		t.Error("the layout does not link the icon")
	}
}
