package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestCountsPosts: every POST is answered 204 and counted; GET /count
// tells the count.
func TestCountsPosts(t *testing.T) {
	srv := httptest.NewServer(newHandler())
	t.Cleanup(srv.Close)
	for range 3 {
		res, err := http.Post(srv.URL+"/hook", "application/json", strings.NewReader(`{"type":"ping"}`))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNoContent {
			t.Fatalf("POST answered %d", res.StatusCode)
		}
	}
	res, err := http.Get(srv.URL + "/count")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if string(b) != "3" {
		t.Errorf("count %q, want 3", b)
	}
}
