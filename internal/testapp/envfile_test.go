package testapp

import (
	"os"
	"path/filepath"
	"testing"
)

func TestEnvFileParsesTheCommonSubset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.env")
	body := "# comment\n\nA=1\nexport B=two\nC=\"with space\"\nD='single'\nE=\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	got := EnvFile(t, path)
	want := map[string]string{"A": "1", "B": "two", "C": "with space", "D": "single", "E": ""}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

func TestSampleEnvIsAProductionEnv(t *testing.T) {
	env := SampleEnv(t)
	if env["MEMBERBASE_ENV"] != "production" {
		t.Fatalf("MEMBERBASE_ENV = %q in %s", env["MEMBERBASE_ENV"], SampleEnvPath)
	}
	cfg := Config(t, env)
	if !cfg.IsProduction() || cfg.OrgName != "Example Union" {
		t.Fatalf("sample env loaded as env=%q org=%q", cfg.Env, cfg.OrgName)
	}
}
