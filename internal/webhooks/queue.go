package webhooks

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Body is what a delivery posts: the event type, when it happened, and its
// data. It is stored whole in the delivery's payload, so every retry sends
// the same bytes.
type Body struct {
	Type      string         `json:"type"`
	Timestamp string         `json:"timestamp"`
	Data      map[string]any `json:"data"`
}

// Queue writes one delivery of event for every active endpoint subscribed
// to it, through txApp: called from a model hook, it commits or rolls back
// with the change. It returns how many it queued.
func Queue(txApp core.App, event string, data map[string]any) (int, error) {
	var hooks []*core.Record
	err := txApp.RecordQuery(Collection).AndWhere(dbx.HashExp{"active": true}).All(&hooks)
	if err != nil {
		return 0, fmt.Errorf("webhooks: endpoints: %w", err)
	}
	n := 0
	for _, h := range hooks {
		if !slices.Contains(h.GetStringSlice("events"), event) {
			continue
		}
		if err := queueOne(txApp, h.Id, event, data, time.Now()); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// Ping queues a ping to one endpoint, active or not, so a superuser can
// test it before turning it on.
func Ping(app core.App, webhookID string) error {
	if _, err := app.FindRecordById(Collection, webhookID); err != nil {
		return fmt.Errorf("webhooks: ping: %w", err)
	}
	return queueOne(app, webhookID, EventPing, map[string]any{"webhook": webhookID}, time.Now())
}

func queueOne(app core.App, webhookID, event string, data map[string]any, now time.Time) error {
	col, err := app.FindCachedCollectionByNameOrId(DeliveriesCollection)
	if err != nil {
		return fmt.Errorf("webhooks: %w", err)
	}
	body, err := json.Marshal(Body{Type: event, Timestamp: now.UTC().Format(time.RFC3339Nano), Data: data})
	if err != nil {
		return fmt.Errorf("webhooks: payload: %w", err)
	}
	d := core.NewRecord(col)
	d.Set("webhook", webhookID)
	d.Set("event", event)
	d.Set("msg_id", "msg_"+security.RandomString(27))
	d.Set("payload", types.JSONRaw(body))
	d.Set("status", StatusQueued)
	d.Set("attempts", 0)
	d.Set("next_attempt_at", now)
	if err := app.Save(d); err != nil {
		return fmt.Errorf("webhooks: queue %s: %w", event, err)
	}
	return nil
}
