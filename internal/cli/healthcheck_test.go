package cli

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestHealthcheck(t *testing.T) {
	var gotPath string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath = r.URL.Path
		switch r.URL.Path {
		case "/healthz", "/custom":
			w.Write([]byte(`{"status":"ok"}`))
		case "/moved":
			http.Redirect(w, r, "/healthz", http.StatusMovedPermanently)
		default:
			http.Error(w, "boom", http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	refused := closedPortURL(t)

	tests := []struct {
		url      string
		wantPath string
		wantErr  string
	}{
		{srv.URL, "/healthz", ""},
		{srv.URL + "/", "/healthz", ""},
		{srv.URL + "/custom", "/custom", ""},
		{srv.URL + "/broken", "/broken", "answered 500 Internal Server Error"},
		{srv.URL + "/moved", "/moved", "answered 301 Moved Permanently"},
		{refused, "", "connection refused"},
		{"ftp://127.0.0.1/", "", "is not an absolute http(s) URL"},
	}
	for _, tc := range tests {
		gotPath = ""
		var out strings.Builder
		// PocketBase's persistent flags may come along (see PrebootCommand).
		err := Healthcheck(context.Background(), []string{"--url", tc.url, "--dir", "/nonexistent", "--dev"}, &out)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tc.url, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s: err = %v, want %q", tc.url, err, tc.wantErr)
		case err != nil && strings.Contains(err.Error(), "\n"):
			t.Errorf("%s: reason is not one line: %q", tc.url, err)
		}
		if gotPath != tc.wantPath {
			t.Errorf("%s: server saw path %q, want %q", tc.url, gotPath, tc.wantPath)
		}
	}
}

func TestHealthcheckTimesOut(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err := Healthcheck(ctx, []string{"--url", srv.URL}, &strings.Builder{})
	if err == nil || !strings.Contains(err.Error(), "no answer within") {
		t.Fatalf("err = %v, want a timeout", err)
	}
}

// closedPortURL returns a loopback URL nobody listens on.
func closedPortURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/healthz"
}

func TestHealthcheckHelp(t *testing.T) {
	var out strings.Builder
	if err := Healthcheck(context.Background(), []string{"-h"}, &out); err != nil || !strings.Contains(out.String(), DefaultHealthURL) {
		t.Fatalf("err = %v, output %q", err, out.String())
	}
}
