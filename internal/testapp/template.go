package testapp

import (
	"testing"

	"github.com/pocketbase/pocketbase/tests"
)

// TemplateFactory is [Factory]: every test app now starts from the migrated
// template (see migratedDir), so tables of many scenarios need nothing more.
func TemplateFactory(t testing.TB, env map[string]string) func(testing.TB) *tests.TestApp {
	t.Helper()
	return Factory(env)
}
