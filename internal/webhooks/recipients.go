package webhooks

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// RecipientHosts names, sorted and once each, the hosts of the active
// endpoints that receive members' personal data (a member event other
// than member.erased), for the privacy notice's list of recipients.
func RecipientHosts(app core.App) ([]string, error) {
	var rows []struct {
		URL    string `db:"url"`
		Events string `db:"events"`
	}
	err := app.DB().Select("url", "events").From(Collection).Where(dbx.HashExp{"active": true}).All(&rows)
	if err != nil {
		return nil, fmt.Errorf("webhooks: recipients: %w", err)
	}
	var hosts []string
	for _, r := range rows {
		personal := false
		for _, ev := range []string{EventMemberCreated, EventMemberUpdated, EventMemberStatusChanged} {
			personal = personal || strings.Contains(r.Events, `"`+ev+`"`)
		}
		u, err := url.Parse(r.URL)
		if !personal || err != nil || u.Hostname() == "" {
			continue
		}
		hosts = append(hosts, u.Hostname())
	}
	slices.Sort(hosts)
	return slices.Compact(hosts), nil
}

// Recipients caches [RecipientHosts] for the privacy notice, which must
// not query on every view; hooks invalidate it whenever an endpoint is
// saved or deleted.
type Recipients struct {
	mu    sync.Mutex
	hosts []string
	valid bool
}

// recipientsKey holds the app's *Recipients in app.Store().
const recipientsKey = "memberbase.webhooks.recipients"

// AttachRecipients gives app an empty recipients cache and returns it.
func AttachRecipients(app core.App) *Recipients {
	r := &Recipients{}
	app.Store().Set(recipientsKey, r)
	return r
}

// CachedRecipientHosts is [RecipientHosts] through the app's cache, read
// once after each change (uncached when none is attached).
func CachedRecipientHosts(app core.App) ([]string, error) {
	r, ok := app.Store().Get(recipientsKey).(*Recipients)
	if !ok || r == nil {
		return RecipientHosts(app)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.valid {
		hosts, err := RecipientHosts(app)
		if err != nil {
			return nil, err
		}
		r.hosts, r.valid = hosts, true
	}
	return slices.Clone(r.hosts), nil
}

// Invalidate makes the next read query again.
func (r *Recipients) Invalidate() {
	r.mu.Lock()
	r.valid = false
	r.mu.Unlock()
}
