package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"memberbase/internal/testapp"
)

func TestCheckLedgerInProduction(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "pb_data")
	if err := os.MkdirAll(data, 0o700); err != nil {
		t.Fatal(err)
	}
	// A link to the data dir does not hide the ledger inside it.
	link := filepath.Join(root, "alias")
	if err := os.Symlink(data, link); err != nil {
		t.Fatal(err)
	}
	isDir := filepath.Join(root, "a-directory")
	if err := os.Mkdir(isDir, 0o700); err != nil {
		t.Fatal(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	relInside, err := filepath.Rel(wd, filepath.Join(data, "l.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		path string
		want string // "" passes
	}{
		"unset":                {"", "MEMBERBASE_LEDGER_PATH is not set"},
		"inside the data dir":  {filepath.Join(data, "ledger.jsonl"), "inside the data dir"},
		"the data dir itself":  {data, "inside the data dir"},
		"deeper, not existing": {filepath.Join(data, "sub", "ledger.jsonl"), "inside the data dir"},
		"through a link":       {filepath.Join(link, "ledger.jsonl"), "inside the data dir"},
		"relative, inside":     {relInside, "inside the data dir"},
		"a directory":          {isDir, "not writable"},
		"missing directory":    {filepath.Join(root, "missing", "ledger.jsonl"), "not writable"},
		"beside the data dir":  {filepath.Join(root, "ledger.jsonl"), ""},
		"on another volume":    {filepath.Join(t.TempDir(), "ledger.jsonl"), ""},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			cfg := testapp.Config(t, testapp.Production())
			cfg.LedgerPath = c.path
			err := cfg.CheckLedger(data)
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "MEMBERBASE_LEDGER_PATH")):
				t.Fatalf("error %v, want one naming MEMBERBASE_LEDGER_PATH with %q", err, c.want)
			}
			if c.want == "" {
				if _, err := os.Stat(c.path); err != nil {
					t.Errorf("the ledger was not created: %v", err)
				}
			}
		})
	}
	// Development keeps its default beside the data dir, unchecked.
	if err := testapp.Config(t, nil).CheckLedger(data); err != nil {
		t.Errorf("development: %v", err)
	}
}
