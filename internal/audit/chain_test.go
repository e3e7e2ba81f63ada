package audit_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/audit"
	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

// verify runs audit.Verify with the app's keys and the anchors of ledger.
func verify(t *testing.T, app core.App, ledger string) (audit.Report, error) {
	t.Helper()
	entries, err := members.ReadLedger(ledger)
	if err != nil {
		t.Fatal(err)
	}
	return audit.Verify(app, audit.From(app).Keys(), audit.Anchors(entries))
}

// anchor appends the newest row to the ledger at path.
func anchor(t *testing.T, app core.App, path string) members.LedgerEntry {
	t.Helper()
	l, err := members.OpenLedger(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	e, ok, err := audit.Anchor(app, l, time.Now())
	if err != nil || !ok {
		t.Fatalf("anchor: %v %v", ok, err)
	}
	return e
}

func exec(t *testing.T, app core.App, q string) {
	t.Helper()
	if _, err := app.DB().NewQuery(q).Execute(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func TestChainVerifiesAfterConcurrentMixedWrites(t *testing.T) {
	s := serve(t, nil)
	_, tok := account(t, s.app, "viewer")
	seed := make([]*core.Record, 20)
	for i := range seed {
		seed[i] = testapp.SaveMember(t, s.app, map[string]any{"email": fmt.Sprintf("seed%d@example.org", i)})
	}
	const ops, workers = 1000, 16
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for w := range workers {
		wg.Go(func() {
			for i := w; i < ops; i += workers {
				var err error
				switch i % 5 {
				case 0, 1: // create
					err = s.app.Save(testapp.NewMember(t, s.app, map[string]any{"email": fmt.Sprintf("c%d@example.org", i)}))
				case 2: // update one of the seeded members
					var m *core.Record
					if m, err = s.app.FindRecordById("members", seed[i%len(seed)].Id); err == nil {
						m.Set("phone", fmt.Sprintf("+1 555 %04d", i))
						err = s.app.Save(m)
					}
				case 3: // a REST read (queued)
					if code, _ := s.do(t, "GET", "/api/collections/members/records?perPage=5", tok, nil); code != 200 {
						err = fmt.Errorf("list: %d", code)
					}
				case 4: // create and delete
					m := testapp.NewMember(t, s.app, map[string]any{"email": fmt.Sprintf("d%d@example.org", i)})
					if err = s.app.Save(m); err == nil {
						err = s.app.Delete(m)
					}
				}
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	s.log.Sync()
	rep, err := verify(t, s.app, filepath.Join(t.TempDir(), "none.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	// 2 accounts-and-seed writes + 400 creates + 200 updates + 200 lists + 200×2 create/delete.
	if want := int64(1 + len(seed) + 400 + 200 + 200 + 400); rep.Rows != want || rep.First != 1 || rep.Last != want {
		t.Fatalf("verified %d rows (seq %d–%d), want %d", rep.Rows, rep.First, rep.Last, want)
	}
}

// tampered returns a log of a dozen rows, anchored at its newest row, and
// the ledger path.
func tampered(t *testing.T, factory func(testing.TB) *tests.TestApp) (core.App, string) {
	t.Helper()
	app := factory(t)
	t.Cleanup(app.Cleanup)
	for i := range 12 {
		testapp.SaveMember(t, app, map[string]any{"email": fmt.Sprintf("t%d@example.org", i)})
	}
	ledger := filepath.Join(t.TempDir(), "ledger.jsonl")
	anchor(t, app, ledger)
	if rep, err := verify(t, app, ledger); err != nil || rep.Rows != 12 || rep.Anchors != 1 {
		t.Fatalf("untouched log: %+v %v", rep, err)
	}
	return app, ledger
}

func TestTamperingIsDetected(t *testing.T) {
	brokenAt := func(seq int64, reason string) func(*testing.T, error) {
		return func(t *testing.T, err error) {
			var b *audit.BrokenError
			if !errors.As(err, &b) || b.Seq != seq || !strings.Contains(b.Reason, reason) {
				t.Fatalf("got %v, want row seq %d broken (%s)", err, seq, reason)
			}
		}
	}
	factory := testapp.TemplateFactory(t, nil)
	for _, c := range []struct {
		name   string
		tamper func(*testing.T, core.App)
		check  func(*testing.T, error)
	}{
		{"edited field", func(t *testing.T, app core.App) {
			exec(t, app, "UPDATE audit_log SET actor_type = 'staff', actor = 'innocentstaff1' WHERE seq = 5")
		}, brokenAt(5, "hash does not match")},
		{"edited id list", func(t *testing.T, app core.App) {
			exec(t, app, `UPDATE audit_log SET record_ids = '["someoneelse1234"]' WHERE seq = 3`)
		}, brokenAt(3, "hash does not match")},
		{"deleted middle row", func(t *testing.T, app core.App) {
			exec(t, app, "DELETE FROM audit_log WHERE seq = 6")
		}, brokenAt(7, "rows are missing")},
		{"deleted first row", func(t *testing.T, app core.App) {
			exec(t, app, "DELETE FROM audit_log WHERE seq = 1")
		}, brokenAt(2, "without a checkpoint")},
		{"reordered rows", func(t *testing.T, app core.App) {
			exec(t, app, "UPDATE audit_log SET seq = -1 WHERE seq = 4")
			exec(t, app, "UPDATE audit_log SET seq = 4 WHERE seq = 5")
			exec(t, app, "UPDATE audit_log SET seq = 5 WHERE seq = -1")
		}, brokenAt(4, "hash does not match")},
		{"newest rows removed", func(t *testing.T, app core.App) {
			exec(t, app, "DELETE FROM audit_log WHERE seq > 9")
		}, func(t *testing.T, err error) {
			var a *audit.AnchorError
			if !errors.As(err, &a) || a.Anchor.AuditSeq != 12 || !strings.Contains(err.Error(), "ends at row seq 9") {
				t.Fatalf("got %v, want the anchor of seq 12 not reached", err)
			}
		}},
		{"full rewrite with plain SHA-256", func(t *testing.T, app core.App) {
			var rows []audit.PlainRow
			var raw []struct {
				audit.PlainRow
				IDs    string `db:"record_ids"`
				Fields string `db:"fields"`
			}
			if err := app.DB().NewQuery("SELECT seq, id, created, actor_type, actor, action, target, record_ids, fields, request_id, detail FROM audit_log ORDER BY seq").All(&raw); err != nil {
				t.Fatal(err)
			}
			for _, r := range raw {
				r.PlainRow.RecordIDs, r.PlainRow.Fields = list(r.IDs), list(r.Fields)
				if r.Seq == 4 {
					r.PlainRow.Actor = "rewritten"
				}
				rows = append(rows, r.PlainRow)
			}
			for i, h := range audit.RechainPlainForTest(rows) {
				_, err := app.DB().NewQuery("UPDATE audit_log SET actor = {:actor}, prev_hash = {:prev}, hash = {:hash} WHERE seq = {:seq}").
					Bind(dbx.Params{"actor": rows[i].Actor, "prev": h[0], "hash": h[1], "seq": rows[i].Seq}).Execute()
				if err != nil {
					t.Fatal(err)
				}
			}
		}, brokenAt(1, "hash does not match")},
	} {
		t.Run(c.name, func(t *testing.T) {
			app, ledger := tampered(t, factory)
			c.tamper(t, app)
			_, err := verify(t, app, ledger)
			c.check(t, err)
		})
	}
}
