package testapp

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/sqlitedsn"
)

// newTestApp is tests.NewTestApp on a copy of dir, with its databases opened
// the way the binary opens them ([sqlitedsn.Connect]: secure_delete, BEGIN
// IMMEDIATE), so a test sees what production leaves on disk and how its
// transactions take locks.
func newTestApp(dir string) (*tests.TestApp, error) {
	return tests.NewTestAppWithConfig(core.BaseAppConfig{
		DataDir:       dir,
		EncryptionEnv: "pb_test_env", // as tests.NewTestApp
		DBConnect:     sqlitedsn.Connect,
	})
}
