package config

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docVariable matches a MEMBERBASE_ variable name in prose or code.
var docVariable = regexp.MustCompile(`MEMBERBASE_[A-Z0-9_]+`)

// docRows returns the cells of every table row of the configuration
// reference, keyed by the variable in its first cell.
func docRows(t *testing.T, doc string) map[string][]string {
	t.Helper()
	rows := map[string][]string{}
	for _, line := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(line, "| `"+Prefix) {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), " | ")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		name := strings.Trim(cells[0], "`")
		if _, dup := rows[name]; dup {
			t.Errorf("%s has two rows", name)
		}
		rows[name] = cells
	}
	return rows
}

// checkDefault reports whether a table cell shows def: the value in
// backticks, or "—" (optionally followed by an explanation) when it is empty.
func checkDefault(cell, def string) bool {
	if def == "" {
		return cell == "—" || strings.HasPrefix(cell, "— ")
	}
	return strings.HasPrefix(cell, "`"+def+"`")
}

// TestConfigurationDocMatchesOptions keeps docs/configuration.md in step with
// Options(): one row per variable with its defaults per profile and whether
// it is a secret, and no variable the code does not read.
func TestConfigurationDocMatchesOptions(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "configuration.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	rows := docRows(t, doc)
	known := map[string]bool{EncryptionEnvName: true}
	for _, o := range Options() {
		name := Prefix + o.Name
		known[name] = true
		if o.Secret {
			known[name+"_FILE"] = true
		}
		cells, ok := rows[name]
		if !ok {
			t.Errorf("%s has no row in docs/configuration.md", name)
			continue
		}
		if len(cells) != 5 {
			t.Errorf("%s: want 5 cells (variable, development, production, meaning, example), got %d", name, len(cells))
			continue
		}
		if !checkDefault(cells[1], o.Dev) {
			t.Errorf("%s: development default is %q in the code, the doc says %s", name, o.Dev, cells[1])
		}
		if !checkDefault(cells[2], o.Prod) {
			t.Errorf("%s: production default is %q in the code, the doc says %s", name, o.Prod, cells[2])
		}
		if marked := strings.HasPrefix(cells[3], "secret, `_FILE`."); marked != o.Secret {
			t.Errorf("%s: secret is %v in the code; the meaning must start with \"secret, `_FILE`.\" exactly for secrets", name, o.Secret)
		}
		if cells[4] == "" {
			t.Errorf("%s has no example", name)
		}
	}
	for name := range rows {
		if !known[name] {
			t.Errorf("docs/configuration.md has a row for %s, which memberbase does not read", name)
		}
	}
	for _, name := range docVariable.FindAllString(doc, -1) {
		if !known[name] {
			t.Errorf("docs/configuration.md mentions %s, which memberbase does not read", name)
		}
	}
}

// TestDocsMentionOnlyKnownVariables: no page under docs/ tells operators to
// set a MEMBERBASE_ variable memberbase does not read (a typo, or one renamed).
func TestDocsMentionOnlyKnownVariables(t *testing.T) {
	known := KnownVariables()
	// Read by tests, not by memberbase: docs/testing.md documents them.
	known["MEMBERBASE_LONG_TESTS"] = true
	known["MEMBERBASE_BIN"] = true
	pages, err := filepath.Glob(filepath.Join("..", "..", "docs", "*.md"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no docs found: %v", err)
	}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range docVariable.FindAllString(string(b), -1) {
			if !known[name] && !groupOf(name, known) {
				t.Errorf("%s mentions %s, which memberbase does not read", filepath.Base(p), name)
			}
		}
	}
}

// groupOf reports whether name is a group written like MEMBERBASE_S3_* that
// prefixes at least one known variable.
func groupOf(name string, known map[string]bool) bool {
	if !strings.HasSuffix(name, "_") {
		return false
	}
	for k := range known {
		if strings.HasPrefix(k, name) {
			return true
		}
	}
	return false
}

// TestDocCheckerNoticesDrift proves the checks can fail.
func TestDocCheckerNoticesDrift(t *testing.T) {
	if !checkDefault("`30/1m`", "30/1m") || checkDefault("`60/1m`", "30/1m") || checkDefault("`30/1m`", "") || !checkDefault("— **required**", "") {
		t.Error("checkDefault does not tell a documented default from a wrong one")
	}
	rows := docRows(t, "| `MEMBERBASE_X` | — | — | m | e |\n| not a row |\n")
	if len(rows) != 1 || len(rows["MEMBERBASE_X"]) != 5 {
		t.Errorf("docRows: %v", rows)
	}
	if known := map[string]bool{"MEMBERBASE_S3_BUCKET": true}; !groupOf("MEMBERBASE_S3_", known) || groupOf("MEMBERBASE_S4_", known) || groupOf("MEMBERBASE_S3", known) {
		t.Error("groupOf does not tell a group of known variables from an unknown one")
	}
}
