package web

import (
	"net/url"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// Redacted replaces every secret value that would otherwise reach a log.
const Redacted = "REDACTED"

// redactLog runs inside PocketBase's activity logger: after the handler has
// read the request (so ?token= file URLs keep working) and before the logger
// reads the URL and Referer, it replaces `token` and `c` (card) query values, `filter`
// values on /api/, and the same inside Referer, by REDACTED. It is deferred
// so it also covers panics and errors.
func redactLog(e *core.RequestEvent) error {
	defer func() {
		r := e.Request
		if r == nil || r.URL == nil {
			return
		}
		r.URL.RawQuery = RedactQuery(r.URL.Path, r.URL.RawQuery)
		if ref := r.Header.Get("Referer"); ref != "" {
			r.Header.Set("Referer", RedactURL(ref))
		}
	}()
	return e.Next()
}

// RedactQuery returns rawQuery with the values of `token` and `c` (a card
// token; everywhere) and
// `filter` (on /api/ paths) replaced by REDACTED, keeping every other byte,
// so the logged URL stays readable. Keys are matched after unescaping.
func RedactQuery(path, rawQuery string) string {
	if rawQuery == "" {
		return rawQuery
	}
	api := path == "/api" || strings.HasPrefix(path, "/api/")
	parts := strings.Split(rawQuery, "&")
	changed := false
	for i, p := range parts {
		k, _, hasValue := strings.Cut(p, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			key = k
		}
		key = strings.ToLower(strings.TrimSpace(key))
		if key == "token" || key == "c" || (api && key == "filter") {
			if hasValue {
				parts[i] = k + "=" + Redacted
				changed = true
			}
		}
	}
	if !changed {
		return rawQuery
	}
	return strings.Join(parts, "&")
}

// RedactURL applies [RedactQuery] to an absolute or relative URL string (a
// Referer); an unparsable one is replaced entirely, since it cannot be
// checked.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return Redacted
	}
	u.RawQuery = RedactQuery(u.Path, u.RawQuery)
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}
