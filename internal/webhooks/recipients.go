package webhooks

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

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
