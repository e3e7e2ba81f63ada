package hooks_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"memberbase/internal/testapp"
)

func TestZZCountSQL(t *testing.T) {
	app, _ := testapp.New(t, map[string]string{"LOG_LEVEL": "error"})
	srv := testapp.Serve(t, app)
	tok := testapp.Superuser(t, app)
	var mu sync.Mutex
	var stmts []string
	on := false
	logq := func(ctx context.Context, d time.Duration, s string, rows *sql.Rows, err error) {
		mu.Lock(); defer mu.Unlock()
		if on { stmts = append(stmts, fmt.Sprintf("Q %6.2fms %s", float64(d)/1e6, oneLine(s))) }
	}
	loge := func(ctx context.Context, d time.Duration, s string, res sql.Result, err error) {
		mu.Lock(); defer mu.Unlock()
		if on { stmts = append(stmts, fmt.Sprintf("E %6.2fms %s", float64(d)/1e6, oneLine(s))) }
	}
	for _, db := range []dbx.Builder{app.NonconcurrentDB(), app.ConcurrentDB()} {
		db.(*dbx.DB).QueryLogFunc = logq
		db.(*dbx.DB).ExecLogFunc = loge
	}
	for i := range 3 {
		mu.Lock(); on = i == 2; stmts = nil; mu.Unlock()
		r := doJSON(t, srv.Client(), http.MethodPost, srv.URL+membersURL, tok, map[string]any{"first_name": "A", "last_name": "B", "email": fmt.Sprintf("m%d@example.org", i)})
		if r.Status != 200 { t.Fatal(r) }
	}
	mu.Lock(); on = false
	t.Logf("%d statements\n%s", len(stmts), strings.Join(stmts, "\n"))
	mu.Unlock()
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 220 { s = s[:220] }
	return s
}
