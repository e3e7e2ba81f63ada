package web

import (
	"database/sql"
	"errors"
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/observe"
	"memberbase/internal/webhooks"
)

// webhookPing is POST /api/memberbase/webhooks/{id}/test (superusers): it
// queues a ping to that endpoint, active or not, and answers 202; the
// delivery's row shows how the receiver answered.
func webhookPing(e *core.RequestEvent) error {
	err := webhooks.Ping(e.App, e.Request.PathValue("id"))
	if errors.Is(err, sql.ErrNoRows) {
		return e.NotFoundError("", nil)
	}
	if err != nil {
		observe.From(e.App).Error("webhook ping not queued", "error", err)
		return e.InternalServerError("", nil)
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(http.StatusAccepted, map[string]string{"status": webhooks.StatusQueued})
}
