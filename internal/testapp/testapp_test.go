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

func TestTemplateFactoryAppsAreMigratedAndIndependent(t *testing.T) {
	factory := TemplateFactory(t, nil)
	a, b := factory(t), factory(t)
	defer a.Cleanup()
	defer b.Cleanup()
	if a.DataDir() == b.DataDir() {
		t.Fatal("apps share a data dir")
	}
	for _, name := range []string{"members", "social_links", "staff"} {
		if _, err := a.FindCollectionByNameOrId(name); err != nil {
			t.Fatalf("%s missing in a template copy: %v", name, err)
		}
	}
	if _, err := a.DB().NewQuery("DELETE FROM member_sequence").Execute(); err != nil {
		t.Fatal(err)
	}
	if n, _ := b.CountRecords("member_sequence"); n != 1 {
		t.Errorf("a change in one copy shows in the other: %d sequence rows", n)
	}
}
