package webhooks

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Retention is how long delivered and failed payloads are kept.
const Retention = 30 * 24 * time.Hour

// Redact removes a member's personal data from every stored payload about
// them, queued and in-flight ones included, through txApp (the erasure's
// transaction): the member ID and status stay, so an integrator still
// learns the rest. It scans the payloads, which the 30-day clearing keeps
// few, rather than indexing a member column the schema does not have.
func Redact(txApp core.App, memberRecordID string) error {
	p := dbx.Params{"id": memberRecordID}
	paths := make([]string, len(personalFields))
	for i, f := range personalFields {
		k := "p" + strconv.Itoa(i)
		p[k], paths[i] = "$.data."+f, "{:"+k+"}"
	}
	_, err := txApp.DB().NewQuery(`UPDATE webhook_deliveries
		SET payload = json_remove(payload, ` + strings.Join(paths, ", ") + `)
		WHERE event LIKE 'member.%' AND json_valid(payload) AND json_extract(payload, '$.data.id') = {:id}`).
		Bind(p).Execute()
	if err != nil {
		return fmt.Errorf("webhooks: redact: %w", err)
	}
	return nil
}

// Purge clears the payloads of deliveries delivered or failed more than
// [Retention] before now, and returns how many it cleared.
func Purge(app core.App, now time.Time) (int64, error) {
	res, err := app.DB().NewQuery(`UPDATE webhook_deliveries SET payload = 'null'
		WHERE status IN ('delivered', 'failed') AND updated < {:cut} AND payload IS NOT NULL AND payload != 'null'`).
		Bind(dbx.Params{"cut": dbTime(now.Add(-Retention))}).Execute()
	if err != nil {
		return 0, fmt.Errorf("webhooks: purge: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
