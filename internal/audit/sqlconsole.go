package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// SQLConsolePath is PocketBase's SQL console route (superusers only). It runs
// any statement outside the record hooks: no rule, no audit row, no guard.
const SQLConsolePath = "/api/sql"

// SQLConsole returns the router middleware of the SQL console: 403 for
// everyone when allow is false (ALLOW_SQL_CONSOLE), else one sql row per
// statement a superuser submits, written before it runs, carrying the
// statement's SHA-256 (of the text PocketBase runs: surrounding whitespace
// trimmed). The row is written first so that even a statement that deletes
// rows leaves its trace, and a statement whose row cannot be written does
// not run.
func (l *Log) SQLConsole(allow bool) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		if e.Request.URL.Path != SQLConsolePath || e.Request.Method != http.MethodPost {
			return e.Next()
		}
		if !allow {
			return e.ForbiddenError("The SQL console is turned off (MEMBERBASE_ALLOW_SQL_CONSOLE).", nil)
		}
		actor, ok := ActorOf(e.Auth)
		if !ok || actor.Type != ActorSuperuser {
			return e.Next() // PocketBase refuses it
		}
		var form struct {
			Query string `json:"query" form:"query"`
		}
		if err := e.BindBody(&form); err != nil || strings.TrimSpace(form.Query) == "" {
			return e.Next() // PocketBase answers the 400
		}
		sum := sha256.Sum256([]byte(strings.TrimSpace(form.Query)))
		entry := Entry{Actor: actor, Action: ActionSQL, Detail: "sha256:" + hex.EncodeToString(sum[:]), RequestID: l.opts.RequestID(e)}
		if err := l.Append(e.App, entry); err != nil {
			return e.InternalServerError("", err)
		}
		return e.Next()
	}
}
