package intake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// QuotaCollection records each processed request by kind and keyed address
// hash, so the worker can cap how often one address is mailed. It holds no
// address: an HMAC under a key derived from SECRET_KEY cannot be reversed
// with a list of candidate addresses.
const QuotaCollection = "intake_quota"

// Quota caps the requests processed per address and kind in a window.
type Quota struct {
	Max    int           // default 3
	Window time.Duration // default 24 h
	Key    []byte        // HMAC key; the worker refuses to run without one
}

func (q *Quota) defaults() {
	if q.Max <= 0 {
		q.Max = 3
	}
	if q.Window <= 0 {
		q.Window = 24 * time.Hour
	}
}

// addressHash is the stored form of an address in the quota table.
func (q *Quota) addressHash(email string) string {
	m := hmac.New(sha256.New, q.Key)
	m.Write([]byte(strings.ToLower(strings.TrimSpace(email))))
	return hex.EncodeToString(m.Sum(nil))
}

// take counts the address's requests of kind within the window and, when
// under the cap, records this one. It runs in the processing transaction, so
// a rolled-back request does not use up the quota.
func (q *Quota) take(tx core.App, kind, email string, now time.Time) (bool, error) {
	h := q.addressHash(email)
	var n int
	err := tx.DB().NewQuery(`SELECT COUNT(*) FROM ` + QuotaCollection + `
		WHERE address_hash = {:h} AND kind = {:kind} AND created > {:since}`).
		Bind(dbx.Params{"h": h, "kind": kind, "since": dbTime(now.Add(-q.Window))}).Row(&n)
	if err != nil || n >= q.Max {
		return false, err
	}
	_, err = tx.DB().NewQuery(`INSERT INTO ` + QuotaCollection + ` (id, kind, address_hash, created, updated)
		VALUES ({:id}, {:kind}, {:h}, {:now}, {:now})`).
		Bind(dbx.Params{"id": core.GenerateDefaultRandomId(), "kind": kind, "h": h, "now": dbTime(now)}).Execute()
	return err == nil, err
}

// PurgeQuota deletes quota rows older than the window.
func PurgeQuota(app core.App, q Quota, now time.Time) (int64, error) {
	q.defaults()
	res, err := app.DB().NewQuery(`DELETE FROM ` + QuotaCollection + ` WHERE created <= {:since}`).
		Bind(dbx.Params{"since": dbTime(now.Add(-q.Window))}).Execute()
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
