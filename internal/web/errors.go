package web

import (
	"database/sql"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"memberbase/internal/observe"
)

// ErrorPage is the Data of the error page template.
type ErrorPage struct {
	Status  int
	Title   string
	Message string
	Detail  string // the error text, development only
}

// errorTexts are the branded pages' titles and explanations; nothing in them
// depends on the request, so they cannot leak anything.
var errorTexts = map[int][2]string{
	400: {"Bad request", "We could not understand this request."},
	403: {"Forbidden", "This request was refused. If you were sending a form, go back, reload the page and try again."},
	404: {"Page not found", "There is no page at this address."},
	405: {"Method not allowed", "This address does not accept this kind of request."},
	410: {"Link no longer valid", "This link has expired or was already used. You can start again from the home page."},
	413: {"Request too large", "What you sent is larger than we accept."},
	415: {"Unsupported form", "This form was sent in a format we do not accept."},
	422: {"Please check the form", "Some of what you entered needs a correction."},
	429: {"Too many requests", "You have sent too many requests. Please wait a moment and try again."},
	500: {"Something went wrong", "An error occurred on our side. Please try again later."},
	503: {"Busy", "We are busy right now. Nothing was saved: please try again in a moment."},
}

// errorPages turns errors from our routes (and from PocketBase's catch-all
// for unknown paths) into branded HTML pages; /api/ and /_/ keep PocketBase's
// JSON. It returns the error unchanged, so the activity logger still records
// it; PocketBase's error handler skips the already written response. A 429
// also gets Retry-After, on /api/ too.
func (s *Server) errorPages(e *core.RequestEvent) error {
	err := e.Next()
	if err == nil {
		return nil
	}
	if isBusy(err) {
		// Another process (a CLI import) held the write lock past
		// busy_timeout: nothing was written, and a retry will work.
		err = router.NewApiError(http.StatusServiceUnavailable, "The register is busy. Please try again in a moment.", err)
		e.Response.Header().Set("Retry-After", "2")
	}
	status := errorStatus(err)
	if status == http.StatusTooManyRequests {
		securityEvent(e, "rate_limited")
		e.Response.Header().Set("Retry-After", strconv.Itoa(retryAfter(err)))
	}
	if isPocketBasePath(e.Request.URL.Path) || e.Written() {
		return err
	}
	if rerr := s.renderError(e, status, err); rerr != nil {
		observe.From(e.App).ErrorContext(e.Request.Context(), "render error page", "error", rerr)
	}
	return err
}

// errorStatus maps an error to its status: PocketBase's ApiError keeps its
// own, "not found" errors are 404, and any other error is ours, so 500
// (PocketBase would answer 400).
func errorStatus(err error) int {
	var apiErr *router.ApiError
	switch {
	case errors.As(err, &apiErr):
		return apiErr.Status
	case errors.Is(err, sql.ErrNoRows), errors.Is(err, fs.ErrNotExist):
		return http.StatusNotFound
	default:
		return http.StatusInternalServerError
	}
}

// renderError writes the branded page for status. In development it shows
// the error text; production never does (no stack traces, SQL, paths or
// versions). If the template itself fails, a minimal static page is sent.
func (s *Server) renderError(e *core.RequestEvent, status int, cause error) error {
	texts, ok := errorTexts[status]
	if !ok {
		texts = [2]string{http.StatusText(status), ""}
	}
	page := ErrorPage{Status: status, Title: texts[0], Message: texts[1]}
	if cause != nil && s.Config.IsDevelopment() {
		page.Detail = cause.Error()
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	if err := s.Pages.Render(e, status, "error", page); err != nil {
		if e.Written() {
			return err
		}
		e.Response.Header().Set("Content-Type", "text/html; charset=utf-8")
		e.Response.WriteHeader(status)
		_, _ = e.Response.Write([]byte("<!doctype html><title>" + template.HTMLEscapeString(page.Title) +
			"</title><h1>" + template.HTMLEscapeString(page.Title) + "</h1><p>Reference: " +
			template.HTMLEscapeString(RequestID(e)) + "</p>"))
		return err
	}
	return nil
}

// isBusy reports whether err is SQLite's "database is locked" (SQLITE_BUSY
// and its extended codes).
func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}

// retryAfter reads the window of the rule PocketBase's limiter reported
// ("triggered rate limit rule: {json}"); the full window is an upper bound of
// the wait. 60 s when it cannot tell.
func retryAfter(err error) int {
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) {
		if raw, ok := apiErr.RawData().(error); ok {
			msg := raw.Error()
			if i := strings.Index(msg, `"duration":`); i >= 0 {
				rest := msg[i+len(`"duration":`):]
				end := strings.IndexAny(rest, ",}")
				if end > 0 {
					if n, perr := strconv.Atoi(strings.TrimSpace(rest[:end])); perr == nil && n > 0 {
						return n
					}
				}
			}
		}
	}
	return 60
}
