package web_test

import (
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	_ "modernc.org/sqlite"

	"memberbase/internal/testapp"
)

// busyError returns a real SQLITE_BUSY: a second connection asks for the
// write lock a first one holds, without waiting.
func busyError(t *testing.T) error {
	t.Helper()
	path := filepath.Join(t.TempDir(), "locked.db")
	holder, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { holder.Close() })
	tx, err := holder.Begin()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback() })
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	_, err = other.Begin()
	if err == nil || !strings.Contains(err.Error(), "SQLITE_BUSY") {
		t.Fatalf("expected SQLITE_BUSY, got %v", err)
	}
	return err
}

// TestBusyDatabaseAnswers503: when another process (a CLI import) held the
// write lock past busy_timeout, a page and the REST API answer 503 with
// Retry-After (PocketBase alone would answer a bare 400 "Something went
// wrong"), and the page says nothing was saved.
func TestBusyDatabaseAnswers503(t *testing.T) {
	busy := busyError(t)
	app, _ := testapp.New(t, nil)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		fail := func(e *core.RequestEvent) error { return fmt.Errorf("save member: %w", busy) }
		se.Router.GET("/test-busy", fail)
		se.Router.GET("/api/test-busy", fail)
		return se.Next()
	})
	srv := testapp.Serve(t, app)
	for path, want := range map[string]string{
		"/test-busy":     "Nothing was saved",
		"/api/test-busy": `"message":"The register is busy. Please try again in a moment."`,
	} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") != "2" {
			t.Errorf("%s: %d Retry-After %q, want 503 with Retry-After 2", path, res.StatusCode, res.Header.Get("Retry-After"))
		}
		if !strings.Contains(string(body), want) {
			t.Errorf("%s: body lacks %q:\n%s", path, want, body)
		}
		if strings.Contains(string(body), "SQLITE") || strings.Contains(string(body), "locked") {
			t.Errorf("%s: the answer shows the database error:\n%s", path, body)
		}
	}
}
