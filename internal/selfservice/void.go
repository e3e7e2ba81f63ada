package selfservice

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/privacy"
)

// voidTokens ends every open link of a member except the email change
// keep, after its address changed: they were mailed to the old mailbox,
// which may be the reason for the change. Manage links are deleted, other
// email changes expire, privacy confirmations expire (through the privacy
// transition guard, actor system) and download links end now (the expiry
// job then removes their files).
func voidTokens(tx core.App, memberID, keep string, now time.Time) error {
	links, err := tx.FindAllRecords(LinksCollection, dbx.HashExp{"member": memberID})
	if err != nil {
		return fmt.Errorf("selfservice: manage links: %w", err)
	}
	for _, l := range links {
		if err := tx.Delete(l); err != nil {
			return fmt.Errorf("selfservice: void manage link: %w", err)
		}
	}
	changes, err := tx.FindAllRecords(ChangesCollection,
		dbx.HashExp{"member": memberID, "status": ChangeMailed}, dbx.Not(dbx.HashExp{"id": keep}))
	if err != nil {
		return fmt.Errorf("selfservice: email changes: %w", err)
	}
	for _, c := range changes {
		c.Set("status", ChangeExpired)
		if err := tx.Save(c); err != nil {
			return fmt.Errorf("selfservice: void email change: %w", err)
		}
	}
	reqs, err := tx.FindAllRecords(privacy.Collection, dbx.HashExp{"member": memberID})
	if err != nil {
		return fmt.Errorf("selfservice: privacy requests: %w", err)
	}
	for _, r := range reqs {
		changed := false
		if r.GetString("status") == privacy.StatusAwaiting {
			r.Set("status", privacy.StatusExpired)
			privacy.SetActor(r, privacy.ActorSystem)
			changed = true
		}
		if d := r.GetDateTime("download_expires_at"); !d.IsZero() && d.Time().After(now) {
			r.Set("download_expires_at", dateTime(now))
			changed = true
		}
		if !changed {
			continue
		}
		if err := tx.Save(r); err != nil {
			return fmt.Errorf("selfservice: void privacy link: %w", err)
		}
	}
	return nil
}
