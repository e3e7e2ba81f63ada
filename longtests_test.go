package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEveryLongTestRunsInTestLong: `make test-long` runs only the tests
// named in the Makefile's LONG_TESTS, so a new test gated behind
// MEMBERBASE_LONG_TESTS that is not listed there would never run in CI.
func TestEveryLongTestRunsInTestLong(t *testing.T) {
	mk, err := os.ReadFile("Makefile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^LONG_TESTS := (.+)$`).FindSubmatch(mk)
	if m == nil {
		t.Fatal("no LONG_TESTS in the Makefile")
	}
	listed := map[string]bool{}
	for _, name := range strings.Split(string(m[1]), "|") {
		listed[strings.TrimSpace(name)] = true
	}
	funcRe := regexp.MustCompile(`(?m)^func (Test\w+)\(`)
	found := 0
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") || path == "longtests_test.go" {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := string(src)
		for {
			i := strings.Index(text, `Getenv("MEMBERBASE_LONG_TESTS") == ""`)
			if i < 0 {
				break
			}
			funcs := funcRe.FindAllStringSubmatch(text[:i], -1)
			if len(funcs) == 0 {
				t.Errorf("%s: a long-test gate outside a test function", path)
				break
			}
			name := funcs[len(funcs)-1][1]
			found++
			if !listed[name] {
				t.Errorf("%s: %s is gated by MEMBERBASE_LONG_TESTS but not in the Makefile's LONG_TESTS", path, name)
			}
			text = text[i+1:]
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found != len(listed) {
		t.Errorf("%d gated long tests, %d listed in LONG_TESTS", found, len(listed))
	}
}
