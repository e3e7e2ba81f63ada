package e2e

import (
	"bytes"
	"database/sql"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // the pure-Go driver PocketBase uses
)

// finding is one place a needle was found.
type finding struct{ Needle, Where string }

func (f finding) String() string { return fmt.Sprintf("%q in %s", f.Needle, f.Where) }

// scanWritten searches everything the instance wrote, byte for byte and
// ignoring case, for each needle and its URL-encoded form: its stdout and
// stderr, and every file under the data dir (data.db, auxiliary.db with
// their WAL files, the storage dir with uploads and exports, backups).
// Call it after [instance.Stop], when the databases are checkpointed.
func (inst *instance) scanWritten(t *testing.T, needles ...string) []finding {
	t.Helper()
	var out []finding
	search := func(where string, data []byte) {
		lower := bytes.ToLower(data)
		for _, n := range needles {
			for _, form := range needleForms(n) {
				if bytes.Contains(lower, []byte(strings.ToLower(form))) {
					out = append(out, finding{n, where})
					break
				}
			}
		}
	}
	search("stdout", []byte(inst.Out.String()))
	err := filepath.WalkDir(inst.DataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(inst.DataDir, path)
		search(rel, b)
		return nil
	})
	if err != nil {
		t.Fatalf("scan %s: %v", inst.DataDir, err)
	}
	return out
}

// needleForms are the spellings of n a log or a database may hold.
func needleForms(n string) []string {
	forms := []string{n}
	if q := url.QueryEscape(n); q != n {
		forms = append(forms, q)
	}
	if p := url.PathEscape(n); p != n && !slices.Contains(forms, p) {
		forms = append(forms, p)
	}
	return forms
}

// columnsHolding returns the table.column pairs of the SQLite database at
// path (relative to the data dir, e.g. "data.db") whose text contains
// needle, ignoring case: what tells a token in its own table from a copy
// elsewhere.
func (inst *instance) columnsHolding(t *testing.T, path, needle string) []string {
	t.Helper()
	db := openReadOnly(t, filepath.Join(inst.DataDir, path))
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	var out []string
	for _, table := range tables {
		for _, col := range columns(t, db, table) {
			var n int
			q := fmt.Sprintf(`SELECT count(*) FROM %q WHERE instr(lower(CAST(%q AS TEXT)), lower(?)) > 0`, table, col)
			if err := db.QueryRow(q, needle).Scan(&n); err != nil {
				t.Fatalf("%s.%s: %v", table, col, err)
			}
			if n > 0 {
				out = append(out, table+"."+col)
			}
		}
	}
	return out
}

func columns(t *testing.T, db *sql.DB, table string) []string {
	t.Helper()
	rows, err := db.Query(fmt.Sprintf(`SELECT name FROM pragma_table_info(%q)`, table))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		out = append(out, name)
	}
	return out
}

// openReadOnly opens a SQLite file without writing to it: immutable when
// the server is gone and left no WAL, read-only otherwise.
func openReadOnly(t *testing.T, path string) *sql.DB {
	t.Helper()
	query := "immutable=1"
	if _, err := os.Stat(path + "-wal"); err == nil {
		query = "mode=ro&_pragma=busy_timeout(5000)"
	}
	db, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Path: path, RawQuery: query}).String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
