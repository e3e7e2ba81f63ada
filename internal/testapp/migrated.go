package testapp

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"sync"

	"github.com/pocketbase/dbx"
)

// migratedDir returns the data dir every test app starts from (PocketBase's
// tests.NewTestApp copies it): an empty app with every migration applied,
// made once per test binary. Migrating costs a test app about 1.5 s under
// -race and copying 0.1 s; with hundreds of apps per run that was most of
// `make test`. Apps still never share a database.
var migratedDir = sync.OnceValues(func() (string, error) {
	removeStaleTemplates()
	tpl, err := os.MkdirTemp("", templatePrefix+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return "", fmt.Errorf("template dir: %w", err)
	}
	work, err := os.MkdirTemp("", "memberbase-testapp-migrate-")
	if err != nil {
		return "", fmt.Errorf("template dir: %w", err)
	}
	defer os.RemoveAll(work)
	src, err := newTestApp(work)
	if err != nil {
		return "", fmt.Errorf("template app: %w", err)
	}
	defer src.Cleanup()
	// VACUUM INTO writes a consistent copy of a live WAL database.
	for _, db := range []struct {
		q    func(string) *dbx.Query
		file string
	}{{src.DB().NewQuery, "data.db"}, {src.AuxDB().NewQuery, "auxiliary.db"}} {
		if _, err := db.q("VACUUM INTO {:path}").Bind(dbx.Params{"path": filepath.Join(tpl, db.file)}).Execute(); err != nil {
			return "", fmt.Errorf("template %s: %w", db.file, err)
		}
	}
	return tpl, nil
})

// templatePrefix names template dirs in the temp dir, followed by the pid of
// the test binary that made them.
const templatePrefix = "memberbase-testapp-template-"

// removeStaleTemplates deletes the template dirs of test binaries that have
// exited: a test binary has no hook to remove its own at the end.
func removeStaleTemplates() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), templatePrefix+"*"))
	for _, d := range dirs {
		pid, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(filepath.Base(d), templatePrefix), "-", 2)[0])
		if err != nil || pid == os.Getpid() {
			continue
		}
		if syscall.Kill(pid, 0) == syscall.ESRCH {
			_ = os.RemoveAll(d)
		}
	}
}
