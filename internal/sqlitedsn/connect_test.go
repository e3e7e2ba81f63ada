package sqlitedsn

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

// TestConnectKeepsPocketBasePragmas compares every pragma with
// core.DefaultDBConnect, so a PocketBase upgrade that changes them is noticed
// (all but the page cache: TestConnectKeepsThePageCacheSmall).
func TestConnectKeepsPocketBasePragmas(t *testing.T) {
	dir := t.TempDir()
	ours, err := Connect(filepath.Join(dir, "ours.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer ours.Close()
	theirs, err := core.DefaultDBConnect(filepath.Join(dir, "theirs.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer theirs.Close()
	for _, p := range []string{"busy_timeout", "journal_mode", "journal_size_limit", "synchronous",
		"foreign_keys", "temp_store"} {
		var a, b string
		if err := ours.NewQuery("PRAGMA " + p).Row(&a); err != nil {
			t.Fatal(err)
		}
		if err := theirs.NewQuery("PRAGMA " + p).Row(&b); err != nil {
			t.Fatal(err)
		}
		if a != b {
			t.Errorf("PRAGMA %s = %q, PocketBase's default %q", p, a, b)
		}
	}
}

// TestConnectKeepsThePageCacheSmall: every pooled connection has its own
// page cache, so PocketBase's 32,000 KiB each took a busy serve past the
// SPEC §12 peak RSS of 100 MiB.
func TestConnectKeepsThePageCacheSmall(t *testing.T) {
	db, err := Connect(filepath.Join(t.TempDir(), "data.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var kib int // negative: KiB rather than pages
	if err := db.NewQuery("PRAGMA cache_size").Row(&kib); err != nil {
		t.Fatal(err)
	}
	if kib != -4000 {
		t.Errorf("PRAGMA cache_size = %d, want -4000 (4,000 KiB per connection)", kib)
	}
}

// TestConnectZeroesDeletedContent shows secure_delete is on: a deleted
// value is not left readable in the database file.
func TestConnectZeroesDeletedContent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.db")
	db, err := Connect(path)
	if err != nil {
		t.Fatal(err)
	}
	var on int
	if err := db.NewQuery("PRAGMA secure_delete").Row(&on); err != nil || on != 1 {
		t.Fatalf("PRAGMA secure_delete = %d, %v", on, err)
	}
	secret := "erased-person-" + strings.Repeat("x", 200) + "@example.org"
	for _, q := range []string{"CREATE TABLE t (v TEXT)", "INSERT INTO t VALUES ('" + secret + "')", "DELETE FROM t",
		"PRAGMA wal_checkpoint(TRUNCATE)"} {
		if _, err := db.NewQuery(q).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "erased-person-") {
		t.Error("the deleted value is still readable in data.db")
	}
}

// TestConnectBeginsImmediate shows the write lock is taken at BEGIN: a
// second connection cannot start a write while a transaction that has only
// read is open (a deferred BEGIN would let it, and the first transaction's
// later write would then fail with SQLITE_BUSY_SNAPSHOT).
func TestConnectBeginsImmediate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.db")
	a, err := Connect(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.NewQuery("CREATE TABLE t (x INTEGER)").Execute(); err != nil {
		t.Fatal(err)
	}
	tx, err := a.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.NewQuery("SELECT COUNT(*) FROM t").Row(&n); err != nil {
		t.Fatal(err)
	}

	b, err := Connect(path) // a second, independent pool (another process)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	conn, err := b.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
		t.Fatal(err)
	}
	_, err = conn.ExecContext(ctx, "INSERT INTO t VALUES (1)")
	if err == nil || !strings.Contains(err.Error(), "locked") {
		t.Fatalf("second writer during an open read transaction: %v, want database is locked", err)
	}
}
