package branches

import (
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// viewPath matches the rep's only REST routes: list and view of the view.
var viewPath = regexp.MustCompile(`^/api/collections/` + ViewCollection + `/records(/[a-z0-9]{1,30})?/?$`)

// Identifiers of a filter once its string literals are blanked.
var (
	literal    = regexp.MustCompile(`'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"`)
	identifier = regexp.MustCompile(`[A-Za-z_@][\w.@:]*`)
)

// IsRep reports whether auth is a staff account with the rep role.
func IsRep(auth *core.Record) bool {
	return auth != nil && auth.Collection().Name == "staff" && auth.GetString("role") == RoleRep
}

// Guard is the router middleware that keeps reps to the list and view of
// [ViewCollection] (SPEC §16b). PocketBase joins relations and back-relations
// in filters and sorts without checking the joined collection's rules, and
// lets any filter name @collection and @request.auth fields, so a rep's
// filter and sort may name only the view's own fields, and expand is
// refused. Everything else under /api/ answers 403: other collections,
// files, batch, and realtime subscriptions (reps get none). Bind it after
// PocketBase loads the auth token.
func Guard(e *core.RequestEvent) error {
	if !IsRep(e.Auth) || !strings.HasPrefix(e.Request.URL.Path, "/api/") {
		return e.Next()
	}
	if e.Request.URL.Path == "/api/collections/staff/auth-refresh" {
		return e.Next()
	}
	if (e.Request.Method != http.MethodGet && e.Request.Method != http.MethodHead) || !viewPath.MatchString(e.Request.URL.Path) {
		return e.ForbiddenError("Reps may only read "+ViewCollection+".", nil)
	}
	q := e.Request.URL.Query()
	if q.Get("expand") != "" {
		return e.BadRequestError("Reps cannot expand relations.", nil)
	}
	if !filterAllowed(q.Get("filter")) || !sortAllowed(q.Get("sort")) {
		return e.BadRequestError("Reps may filter and sort only by the fields of "+ViewCollection+".", nil)
	}
	return e.Next()
}

// filterAllowed reports whether every identifier of filter is a view field
// or a literal keyword: no dots (relations), no @ (other collections, the
// auth record), no _via_ (back-relations).
func filterAllowed(filter string) bool {
	for _, id := range identifier.FindAllString(literal.ReplaceAllString(filter, "''"), -1) {
		switch strings.ToLower(id) {
		case "true", "false", "null":
			continue
		}
		if !slices.Contains(ViewFields, id) {
			return false
		}
	}
	return true
}

// sortAllowed reports whether sort names only view fields, each optionally
// prefixed by + or -.
func sortAllowed(sort string) bool {
	if sort == "" {
		return true
	}
	for _, f := range strings.Split(sort, ",") {
		f = strings.TrimLeft(strings.TrimSpace(f), "+-")
		if !slices.Contains(ViewFields, f) {
			return false
		}
	}
	return true
}
