package intake_test

import (
	"errors"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/intake"
	"memberbase/internal/testapp"
)

// BenchmarkClaimBacklog runs one claim of 32 rows over a backlog of 20,000
// fresh rows (empty next_attempt_at, as under load), rolled back each time,
// with the due index before (next_attempt_at) and after (next_attempt_at,
// created) migration 1764230443, side by side in one run.
//
//	go test -run '^$' -bench ClaimBacklog ./internal/intake/
func BenchmarkClaimBacklog(b *testing.B) {
	app, _ := testapp.New(b, nil)
	_, err := app.DB().NewQuery(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
		INSERT INTO intake (id, kind, email, payload, attempts, next_attempt_at, lease_until, last_error, created, updated)
		SELECT printf('r%014d', i), 'join', 'x' || i || '@example.org', '{}', 0, '', '', '',
			strftime('%Y-%m-%d %H:%M:%f', '2026-01-01', '+' || i || ' seconds') || 'Z', '' FROM n`).Execute()
	if err != nil {
		b.Fatal(err)
	}
	errRollback := errors.New("rollback")
	for _, c := range []struct{ name, columns string }{
		{"index_next_attempt", "next_attempt_at"},
		{"index_next_attempt_created", "next_attempt_at, created"},
	} {
		for _, q := range []string{"DROP INDEX idx_intake_next_attempt", "CREATE INDEX idx_intake_next_attempt ON intake (" + c.columns + ")"} {
			if _, err := app.DB().NewQuery(q).Execute(); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				err := app.RunInTransaction(func(tx core.App) error {
					var ids []string
					err := tx.DB().NewQuery(intake.ClaimSQL).Bind(dbx.Params{"now": "2027-01-01 00:00:00.000Z",
						"lease": "2027-01-01 00:02:00.000Z", "max": 32, "maxAttempts": intake.MaxAttempts}).Column(&ids)
					if err == nil && len(ids) != 32 {
						b.Fatalf("claimed %d rows", len(ids))
					}
					if err != nil {
						return err
					}
					return errRollback
				})
				if !errors.Is(err, errRollback) {
					b.Fatal(err)
				}
			}
		})
	}
}
