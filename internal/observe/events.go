package observe

import (
	"context"
	"log/slog"

	"github.com/pocketbase/pocketbase/core"
)

// EventSuperuserLoginError names a failed superuser password login. The
// HTTP edge logs disallowed_host, csrf_cross_origin, csrf_token_invalid and
// rate_limited (internal/web).
const EventSuperuserLoginError = "superuser_login_failed"

// Security logs a structured security event at WARN, to stdout and to
// PocketBase's log database (so admins see it in the dashboard). attrs must
// carry no personal data: no addresses, names or tokens.
func Security(ctx context.Context, app core.App, event string, attrs ...slog.Attr) {
	attrs = append([]slog.Attr{slog.String("event", event), slog.String("category", "security")}, attrs...)
	From(app).LogAttrs(ctx, slog.LevelWarn, "security event", attrs...)
	if id := RequestIDFrom(ctx); id != "" {
		attrs = append(attrs, slog.String("request_id", id))
	}
	app.Logger().LogAttrs(ctx, slog.LevelWarn, "security event: "+event, attrs...)
}

// MemberCreated logs a new member by its member ID only.
func MemberCreated(ctx context.Context, app core.App, memberID string) {
	From(app).LogAttrs(ctx, slog.LevelInfo, "member created", slog.String("member_id", memberID))
}

// RequestStatusChanged logs a privacy request's move between states.
func RequestStatusChanged(ctx context.Context, app core.App, requestID, kind, from, to string) {
	From(app).LogAttrs(ctx, slog.LevelInfo, "privacy request status changed",
		slog.String("privacy_request", requestID), slog.String("kind", kind),
		slog.String("from", from), slog.String("to", to))
}

// bulkKey marks a context whose writes are one bulk operation.
type bulkKey struct{}

// Bulk marks ctx as part of a bulk operation (a members import): its
// per-record events are not logged one by one, the operation reports its
// own progress and totals instead.
func Bulk(ctx context.Context) context.Context { return context.WithValue(ctx, bulkKey{}, true) }

// IsBulk reports whether ctx was marked by [Bulk].
func IsBulk(ctx context.Context) bool {
	b, _ := ctx.Value(bulkKey{}).(bool)
	return b
}
