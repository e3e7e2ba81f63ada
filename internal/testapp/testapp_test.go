package testapp

import "testing"

func TestProductionEnvHasNoErrors(t *testing.T) {
	cfg := Config(t, Production())
	for _, f := range cfg.Validate() {
		if f.Level == "error" {
			t.Errorf("production test env has an error finding: %s", f)
		}
	}
}
