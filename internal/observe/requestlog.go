package observe

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// RequestLogID and RequestLogPriority place the request logger outside every
// other middleware, so refused requests (bad host, CSRF, rate limit) get
// their line too. It reads what inner middlewares decided after they ran.
const (
	RequestLogID       = "memberbase.requestLog"
	RequestLogPriority = -5000
)

// RequestLogger writes one line per request: request_id, method, route
// pattern, status, duration_ms, bytes, and the client IP only when logIP.
// 5xx responses are also reported to mon.
func RequestLogger(logIP bool, mon *Monitor) *hook.Handler[*core.RequestEvent] {
	return &hook.Handler[*core.RequestEvent]{
		Id:       RequestLogID,
		Priority: RequestLogPriority,
		Func: func(e *core.RequestEvent) error {
			start := time.Now()
			cw := &countingWriter{ResponseWriter: e.Response}
			e.Response = cw
			err := e.Next()

			status := e.Status()
			if err != nil && (status == 0 || !e.Written()) {
				status = router.ToApiError(err).Status
			}
			if status == 0 {
				status = http.StatusOK
			}
			id := RequestID(e)
			route := e.Request.Pattern
			attrs := []slog.Attr{
				slog.String("request_id", id),
				slog.String("method", e.Request.Method),
				slog.String("route", route),
				slog.Int("status", status),
				slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
				slog.Int64("bytes", cw.n),
			}
			if logIP {
				attrs = append(attrs, slog.String("client_ip", e.RealIP()))
			}
			if cause := internalCause(err); cause != "" {
				attrs = append(attrs, slog.String("error", cause))
			}
			level := slog.LevelInfo
			switch {
			case status >= 500:
				level = slog.LevelError
				mon.CaptureRequest(e, status, err, id, route)
			case status >= 400:
				level = slog.LevelWarn
			}
			From(e.App).LogAttrs(e.Request.Context(), level, "request", attrs...)
			return err
		},
	}
}

// internalCause returns the redacted text of an error no handler turned into
// an API answer (a database or file error, which PocketBase reports as a bare
// 400 "Something went wrong"), or the cause of a 5xx, so the operator sees
// why. Deliberate 4xx answers give "": their cause is the client's, and their
// wrapped errors (a JSON decode error, say) may quote what the client sent.
func internalCause(err error) string {
	if err == nil {
		return ""
	}
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) {
		raw, ok := apiErr.RawData().(error)
		if !ok || apiErr.Status < 500 {
			return ""
		}
		err = raw
	}
	return emailRe.ReplaceAllString(err.Error(), "[email]")
}

// RequestID returns the request's ID as the HTTP edge set it: in the request
// context, or on the response header.
func RequestID(e *core.RequestEvent) string {
	if id := RequestIDFrom(e.Request.Context()); id != "" {
		return id
	}
	return e.Response.Header().Get("X-Request-ID")
}

// countingWriter counts body bytes; Unwrap lets PocketBase's status and
// write tracking reach the router's own writer.
type countingWriter struct {
	http.ResponseWriter
	n int64
}

func (w *countingWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.n += int64(n)
	return n, err
}

func (w *countingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush keeps streaming responses working through the wrapper.
func (w *countingWriter) Flush() { _ = http.NewResponseController(w.ResponseWriter).Flush() }
