package webhooks_test

import (
	"strings"
	"testing"

	"memberbase/internal/webhooks"
)

// TestSignMatchesTheStandardWebhooksVector: the example of the Standard
// Webhooks reference libraries signs to the same value.
func TestSignMatchesTheStandardWebhooksVector(t *testing.T) {
	got, err := webhooks.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, []byte(`{"test": 2432232314}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="; got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
}

// TestNewSecretIsWhsecAnd32Bytes: generated secrets have the form the
// libraries take, and differ.
func TestNewSecretIsWhsecAnd32Bytes(t *testing.T) {
	a, b := webhooks.NewSecret(), webhooks.NewSecret()
	if !strings.HasPrefix(a, "whsec_") || len(a) != len("whsec_")+44 || a == b {
		t.Errorf("secrets %q, %q", a, b)
	}
	if _, err := webhooks.Sign("whsec_not*base64", "msg_x", 1, nil); err == nil {
		t.Error("a malformed secret signed")
	}
}
