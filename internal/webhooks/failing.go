package webhooks

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/outbox"
)

// MailDeactivated is the outbox kind of the admins' mail about an endpoint
// turned off.
const MailDeactivated = "webhook_deactivated"

// failing notes a failed post on its endpoint: the first failure starts
// failing_since; one at least FailWindow after it deactivates the endpoint
// and mails every superuser, in one transaction.
func (w *Worker) failing(hookID string, now time.Time) error {
	deactivated := false
	err := w.app.RunInTransaction(func(tx core.App) error {
		h, err := tx.FindRecordById(Collection, hookID)
		if err != nil {
			return err
		}
		since := h.GetDateTime("failing_since")
		switch {
		case since.IsZero():
			h.Set("failing_since", now)
		case h.GetBool("active") && now.Sub(since.Time()) >= w.opts.FailWindow:
			h.Set("active", false)
			if err := mailAdmins(tx, h, since.Time()); err != nil {
				return err
			}
			deactivated = true
		default:
			return nil
		}
		return tx.Save(h)
	})
	if err != nil {
		return fmt.Errorf("webhooks: endpoint failure: %w", err)
	}
	if deactivated {
		w.opts.Logger.Error("webhooks: endpoint deactivated after failing", "webhook", hookID, "window", w.opts.FailWindow)
		if w.opts.OnDeactivated != nil {
			w.opts.OnDeactivated(hookID)
		}
	}
	return nil
}

// recovered clears failing_since after a delivery got through.
func (w *Worker) recovered(hookID string) error {
	h, err := w.app.FindRecordById(Collection, hookID)
	if err != nil {
		return fmt.Errorf("webhooks: endpoint recovery: %w", err)
	}
	h.Set("failing_since", "")
	if err := w.app.Save(h); err != nil {
		return fmt.Errorf("webhooks: endpoint recovery: %w", err)
	}
	return nil
}

// mailAdmins queues the deactivation mail to every superuser through the
// outbox, in tx. The dedupe key names the failure run, so a retried
// transaction never mails twice.
func mailAdmins(tx core.App, h *core.Record, since time.Time) error {
	ob, err := outbox.FromApp(tx)
	if err != nil {
		return err
	}
	admins, err := tx.FindAllRecords(core.CollectionNameSuperusers)
	if err != nil {
		return err
	}
	data := map[string]any{"ID": h.Id, "Description": h.GetString("description"),
		"Since": since.UTC().Format("2 January 2006, 15:04 UTC")}
	for _, a := range admins {
		key := fmt.Sprintf("%s:%s:%s:%d", MailDeactivated, h.Id, a.Id, since.Unix())
		if err := ob.Queue(tx, MailDeactivated, a.Email(), key, false, data); err != nil {
			return err
		}
	}
	return nil
}
