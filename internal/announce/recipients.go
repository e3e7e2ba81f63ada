package announce

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
)

// recipients returns up to limit members of audience after the record id
// `after`, in id order: active members with an address, and for marketing
// only those who opted in. Pending, lapsed, cancelled and erased members
// never receive an announcement.
func recipients(app core.App, audience, after string, limit int) ([]*core.Record, error) {
	filter := "status = {:active} && email != '' && id > {:after}"
	if audience == AudienceMarketing {
		filter += " && marketing_opt_in = true"
	}
	rs, err := app.FindRecordsByFilter("members", filter, "id", limit, 0,
		dbx.Params{"active": members.StatusActive, "after": after})
	if err != nil {
		return nil, fmt.Errorf("announce: recipients: %w", err)
	}
	return rs, nil
}

// Recipients counts who an announcement to audience would reach now (the
// dashboard and the docs' "who receives it").
func Recipients(app core.App, audience string) (int, error) {
	n, total := 0, 0
	after := ""
	for {
		rs, err := recipients(app, audience, after, 1000)
		if err != nil {
			return 0, err
		}
		n = len(rs)
		total += n
		if n < 1000 {
			return total, nil
		}
		after = rs[n-1].Id
	}
}
