package intake_test

import (
	"testing"

	"memberbase/internal/intake"
	"memberbase/internal/testapp"
)

// TestQuotaKeyOfSixteenBytesIsEnough: the worker starts with a quota key of
// 16 bytes and refuses one of 15, so an operator's short key fails at start
// rather than weakening the address hashes.
func TestQuotaKeyOfSixteenBytesIsEnough(t *testing.T) {
	app, _ := testapp.New(t, nil)
	if _, err := intake.NewWorker(app, intake.Options{Quota: intake.Quota{Key: testKey[:16]}}); err != nil {
		t.Errorf("16-byte key refused: %v", err)
	}
	if _, err := intake.NewWorker(app, intake.Options{Quota: intake.Quota{Key: testKey[:15]}}); err == nil {
		t.Error("15-byte key accepted")
	}
}
