package webhooks_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestEndpointSecretAndScheme: an empty secret is generated, a given one
// kept (rotation), and production refuses http:// while development takes it.
func TestEndpointSecretAndScheme(t *testing.T) {
	dev, _ := testapp.New(t, nil)
	h := addEndpoint(t, dev, "http://127.0.0.1:9/in", webhooks.EventMemberCreated)
	first := h.GetString("secret")
	if !strings.HasPrefix(first, "whsec_") {
		t.Fatalf("secret %q", first)
	}
	h.Set("description", "renamed")
	if err := dev.Save(h); err != nil || h.GetString("secret") != first {
		t.Fatalf("an unrelated change touched the secret: %v", err)
	}
	h.Set("secret", "")
	if err := dev.Save(h); err != nil || h.GetString("secret") == first || !strings.HasPrefix(h.GetString("secret"), "whsec_") {
		t.Fatalf("clearing the secret did not rotate it: %v", err)
	}

	prod, _ := testapp.New(t, testapp.Production())
	col, _ := prod.FindCollectionByNameOrId(webhooks.Collection)
	r := core.NewRecord(col)
	r.Set("url", "http://crm.example.com/in")
	r.Set("events", []string{webhooks.EventMemberCreated})
	if err := prod.Save(r); err == nil || !strings.Contains(err.Error(), "https") {
		t.Errorf("production saved an http endpoint: %v", err)
	}
	r.Set("url", "https://crm.example.com/in")
	if err := prod.Save(r); err != nil {
		t.Errorf("production refused https: %v", err)
	}
}
