package audit_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"memberbase/internal/testapp"
)

// production is the test production environment reachable over plain HTTP
// on 127.0.0.1.
func production(extra map[string]string) map[string]string {
	env := testapp.Production()
	env["ALLOWED_HOSTS"] = "127.0.0.1"
	env["SECURE_SSL_REDIRECT"] = "false"
	for k, v := range extra {
		env[k] = v
	}
	return env
}

func TestSQLConsoleIsClosedInProduction(t *testing.T) {
	s := serve(t, production(nil))
	_, tok := account(t, s.app, "superuser")
	seq := lastSeq(t, s.app)
	for _, q := range []string{"SELECT email FROM members", "DELETE FROM audit_log"} {
		if code, body := s.do(t, "POST", "/api/sql", tok, map[string]any{"query": q}); code != 403 || !strings.Contains(string(body), "ALLOW_SQL_CONSOLE") {
			t.Errorf("%q: %d %s, want our 403", q, code, body)
		}
	}
	if rows := rowsAfter(t, s.app, seq); len(rows) != 0 {
		t.Fatalf("refused statements left %+v", rows)
	}
}

func TestSQLConsoleUseIsLoggedWhereAllowed(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"development":       nil,
		"production opt-in": production(map[string]string{"ALLOW_SQL_CONSOLE": "true"}),
	} {
		t.Run(name, func(t *testing.T) {
			s := serve(t, env)
			suID, tok := account(t, s.app, "superuser")
			_, staffTok := account(t, s.app, "editor")
			testapp.SaveMember(t, s.app, nil)
			seq := lastSeq(t, s.app)
			q := "SELECT count(*) FROM members"
			if code, body := s.do(t, "POST", "/api/sql", tok, map[string]any{"query": "  " + q + "\n"}); code != 200 {
				t.Fatalf("console: %d %s", code, body)
			}
			r := only(t, rowsAfter(t, s.app, seq), "superuser", suID, "sql", "")
			sum := sha256.Sum256([]byte(q))
			if r.Detail != "sha256:"+hex.EncodeToString(sum[:]) {
				t.Errorf("sql row detail %q", r.Detail)
			}
			// Not a superuser: PocketBase refuses, nothing is logged.
			seq = lastSeq(t, s.app)
			if code, _ := s.do(t, "POST", "/api/sql", staffTok, map[string]any{"query": q}); code < 400 {
				t.Fatalf("staff ran SQL: %d", code)
			}
			if rows := rowsAfter(t, s.app, seq); len(rows) != 0 {
				t.Fatalf("refused statement left %+v", rows)
			}
		})
	}
}
