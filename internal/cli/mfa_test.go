package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	_ "github.com/pocketbase/pocketbase/migrations" // the system collections
)

// newDataDir bootstraps a real PocketBase data dir (system collections, no
// app migrations: MFA lives on _superusers) and returns the open app.
func newDataDir(t *testing.T) (*core.BaseApp, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pb_data")
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	if err := app.Bootstrap(); err != nil {
		t.Fatalf("bootstrap: %v", err)
	}
	t.Cleanup(func() { _ = app.ClearBootstrap() })
	return app, dir
}

func setSuperuserMFA(t *testing.T, app core.App, enabled bool) {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	col.OTP.Enabled = enabled // MFA needs a second auth method
	col.MFA.Enabled = enabled
	if err := app.Save(col); err != nil {
		t.Fatalf("save _superusers: %v", err)
	}
}

// listing returns every file under dir, with its size and modification time
// when detail is set, so that a created, grown or touched file shows up.
func listing(t *testing.T, dir string, detail bool) []string {
	t.Helper()
	var out []string
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if detail {
			p = fmt.Sprintf("%s %d %s", p, fi.Size(), fi.ModTime())
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mfaIDs(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	for _, f := range mfaFindings(context.Background(), dir) {
		out = append(out, f.ID+": "+f.Message)
	}
	return out
}

func TestMFAFindingsWhileTheServerHasTheDatabaseOpen(t *testing.T) {
	app, dir := newDataDir(t)
	before := listing(t, dir, false)
	if got := mfaIDs(t, dir); len(got) != 1 || !strings.Contains(got[0], "MB.W011: multi-factor authentication is off") {
		t.Fatalf("MFA off: findings %v", got)
	}
	setSuperuserMFA(t, app, true)
	if got := mfaIDs(t, dir); len(got) != 0 {
		t.Fatalf("MFA on: findings %v", got)
	}
	// The server's -wal and -shm exist already: the check joins them.
	if after := listing(t, dir, false); !slices.Equal(before, after) {
		t.Fatalf("check changed the data dir:\nbefore %v\nafter  %v", before, after)
	}
}

func TestMFAFindingsOnAClosedDatabaseCreateNoFile(t *testing.T) {
	app, dir := newDataDir(t)
	setSuperuserMFA(t, app, true)
	if err := app.ClearBootstrap(); err != nil {
		t.Fatal(err)
	}
	if exists(filepath.Join(dir, "data.db-wal")) {
		t.Fatal("premise: a closed database keeps no -wal file")
	}
	before := listing(t, dir, true)
	if got := mfaIDs(t, dir); len(got) != 0 {
		t.Fatalf("MFA on: findings %v", got)
	}
	if after := listing(t, dir, true); !slices.Equal(before, after) {
		t.Fatalf("check changed the data dir:\nbefore %v\nafter  %v", before, after)
	}
}

func TestMFAFindingsSkipAMissingDataDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pb_data")
	if got := mfaIDs(t, dir); len(got) != 0 {
		t.Fatalf("findings without a data dir: %v", got)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("data dir created: %v", err)
	}
}

func TestMFAFindingsReportAnUnreadableDatabase(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "data.db"), []byte("not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := mfaIDs(t, dir); len(got) != 1 || !strings.Contains(got[0], "cannot read the superuser MFA setting") {
		t.Fatalf("findings %v", got)
	}
}
