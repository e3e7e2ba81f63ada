package webhooks

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/recordid"
)

// Body is what a delivery posts: the event type, when it happened, and its
// data. It is stored whole in the delivery's payload, so every retry sends
// the same bytes.
type Body struct {
	Type      string         `json:"type"`
	Timestamp string         `json:"timestamp"`
	Data      map[string]any `json:"data"`
}

// msgAlphabet is the alphabet of a delivery's webhook-id after "msg_"
// (security.RandomString's), drawn with [recordid.Random].
const msgAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// maxPayload is the payload field's limit (the collection's JSON MaxSize).
const maxPayload = 64 << 10

// Queue writes one delivery of event for every active endpoint subscribed
// to it, through txApp: called from a model hook, it commits or rolls back
// with the change, and the app's worker is woken once it committed. It
// returns how many it queued.
//
// It runs inside every member create, so it spends as little of the
// writer's time as it can: the subscribed endpoints come from the app's
// [Subscribers] cache (no query unless an endpoint changed), and the rows
// are inserted directly rather than through a record save (whose hooks
// and validation have nothing to check on rows built here).
func Queue(txApp core.App, event string, data map[string]any) (int, error) {
	ids, err := subscribed(txApp, event)
	if err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	now := time.Now()
	body, err := marshalBody(event, data, now)
	if err != nil {
		return 0, err
	}
	for i, id := range ids {
		if err := insertDelivery(txApp, id, event, body, now); err != nil {
			return i, err
		}
	}
	wakeAfterCommit(txApp)
	return len(ids), nil
}

// Ping queues a ping to one endpoint, active or not, so a superuser can
// test it before turning it on.
func Ping(app core.App, webhookID string) error {
	if _, err := app.FindRecordById(Collection, webhookID); err != nil {
		return fmt.Errorf("webhooks: ping: %w", err)
	}
	now := time.Now()
	body, err := marshalBody(EventPing, map[string]any{"webhook": webhookID}, now)
	if err != nil {
		return err
	}
	if err := insertDelivery(app, webhookID, EventPing, body, now); err != nil {
		return err
	}
	wakeAfterCommit(app)
	return nil
}

func marshalBody(event string, data map[string]any, now time.Time) ([]byte, error) {
	body, err := json.Marshal(Body{Type: event, Timestamp: now.UTC().Format(time.RFC3339Nano), Data: data})
	if err != nil {
		return nil, fmt.Errorf("webhooks: payload: %w", err)
	}
	if len(body) > maxPayload {
		return nil, fmt.Errorf("webhooks: %s payload of %d bytes exceeds %d", event, len(body), maxPayload)
	}
	return body, nil
}

// insertDelivery writes one queued delivery row as a record save would:
// a default-style id, the autodate fields, the other fields' zero values
// from their column defaults.
func insertDelivery(app core.App, webhookID, event string, body []byte, now time.Time) error {
	at := types.NowDateTime().String()
	_, err := app.DB().Insert(DeliveriesCollection, dbx.Params{
		"id":              recordid.Random(core.DefaultIdLength, core.DefaultIdAlphabet),
		"webhook":         webhookID,
		"event":           event,
		"msg_id":          "msg_" + recordid.Random(27, msgAlphabet),
		"payload":         string(body),
		"status":          StatusQueued,
		"attempts":        0,
		"next_attempt_at": dbTime(now),
		"created":         at,
		"updated":         at,
	}).Execute()
	if err != nil {
		return fmt.Errorf("webhooks: queue %s: %w", event, err)
	}
	return nil
}

// wakeAfterCommit wakes the app's worker once app's transaction committed
// (at once outside one): before that the worker could not see the rows.
func wakeAfterCommit(app core.App) {
	w, err := FromApp(app)
	if err != nil {
		return // no worker attached (tools, some tests): the poll finds the rows
	}
	if info := app.TxInfo(); info != nil {
		info.OnComplete(func(txErr error) error {
			if txErr == nil {
				w.Wake()
			}
			return nil
		})
		return
	}
	w.Wake()
}
