// Package observe owns memberbase's observability: structured stdout logs,
// per-request log lines, error monitoring and worker readiness.
package observe

import (
	"context"
	"io"
	"log/slog"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/config"
)

// storeKey is where the app's stdout logger lives in app.Store().
const storeKey = "memberbase.observe.logger"

// NewLogger returns the stdout logger the configuration asks for: JSON lines
// in production, text in development, at LOG_LEVEL. Attributes whose key
// names personal data or a secret are replaced, as a last line of defence:
// callers must not log them in the first place.
func NewLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: parseLevel(cfg.LogLevel), ReplaceAttr: redactAttr}
	var h slog.Handler
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(w, opts)
	} else {
		h = slog.NewTextHandler(w, opts)
	}
	return slog.New(&contextHandler{Handler: h})
}

func parseLevel(s string) slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return slog.LevelInfo
	}
	return l
}

// sensitiveKeys are attribute keys never written with their value.
var sensitiveKeys = []string{"email", "recipient", "name", "first_name", "last_name", "phone", "token", "password",
	"cookie", "authorization", "secret", "csrf"}

func redactAttr(_ []string, a slog.Attr) slog.Attr {
	k := strings.ToLower(a.Key)
	for _, s := range sensitiveKeys {
		if k == s || strings.HasSuffix(k, "_"+s) || strings.HasPrefix(k, s+"_") {
			return slog.String(a.Key, "REDACTED")
		}
	}
	return a
}

// Attached reports whether a stdout logger is attached to app.
func Attached(app core.App) bool { return app.Store().Has(storeKey) }

// Attach makes logger the app's stdout logger for [From].
func Attach(app core.App, logger *slog.Logger) { app.Store().Set(storeKey, logger) }

// From returns the app's stdout logger, or slog.Default() when none is
// attached (tests that do not care).
func From(app core.App) *slog.Logger {
	if l, ok := app.Store().Get(storeKey).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

type ctxKey struct{}

// WithRequestID returns ctx carrying the request ID, so that every line
// logged with that context carries it too.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// RequestIDFrom returns the request ID carried by ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	if ctx == nil {
		return ""
	}
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// contextHandler adds request_id from the context to every record.
type contextHandler struct{ slog.Handler }

func (h *contextHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestIDFrom(ctx); id != "" && !hasAttr(r, "request_id") {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h *contextHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &contextHandler{h.Handler.WithAttrs(as)}
}

func (h *contextHandler) WithGroup(name string) slog.Handler {
	return &contextHandler{h.Handler.WithGroup(name)}
}

func hasAttr(r slog.Record, key string) bool {
	found := false
	r.Attrs(func(a slog.Attr) bool {
		found = a.Key == key
		return !found
	})
	return found
}
