package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestRateLimit: with the production default RATE_LIMIT (30/1m per client
// IP and public POST route), the 31st POST from one client gets the branded
// 429 with Retry-After and HSTS, while another client and another route are
// untouched; /api/ keeps PocketBase's own limits with a JSON 429. Each
// refusal is a structured security event without personal data.
func TestRateLimit(t *testing.T) {
	inst := startProduction(t, nil)
	const route = "/privacy/member-id"
	post := func(src, path string) response {
		return inst.newClient(t, src).Do(http.MethodPost, path, http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, []byte("email=x%40e2e.example.org"))
	}
	for i := range 30 {
		if res := post("127.0.0.60", route); res.Status == http.StatusTooManyRequests {
			t.Fatalf("request %d of 30 refused", i+1)
		}
	}
	res := post("127.0.0.60", route)
	if res.Status != http.StatusTooManyRequests {
		t.Fatalf("31st request: want 429, got %d", res.Status)
	}
	checkHeaders(t, res.Header, map[string]string{"Retry-After": "60", "Strict-Transport-Security": hstsValue})
	checkBranded(t, res)
	if res := post("127.0.0.61", route); res.Status == http.StatusTooManyRequests {
		t.Error("another client is limited too")
	}
	if res := post("127.0.0.60", "/privacy/details"); res.Status == http.StatusTooManyRequests {
		t.Error("another route is limited too")
	}

	// /api/: PocketBase's rule for auth endpoints (2 per 3 s).
	api := inst.newClient(t, "127.0.0.62")
	var limited response
	for range 10 {
		r := api.Do(http.MethodPost, "/api/collections/_superusers/auth-with-password",
			http.Header{"Content-Type": {"application/json"}}, []byte(`{"identity":"`+superuserEmail+`","password":"wrong-password-123"}`))
		if r.Status == http.StatusTooManyRequests {
			limited = r
			break
		}
	}
	if limited.Status != http.StatusTooManyRequests {
		t.Fatal("10 quick superuser logins were never limited")
	}
	apiJSON(t, inst, limited)
	if ra := limited.Header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Errorf("API 429 Retry-After %q", ra)
	}

	waitForLog(t, inst, `"event":"superuser_login_failed"`)
	events := inst.logLines(t, map[string]string{"msg": "security event", "event": "rate_limited"})
	if len(events) < 2 {
		t.Errorf("want a rate_limited security event per refusal, got %d", len(events))
	}
	if strings.Contains(inst.Out.String(), superuserEmail) || strings.Contains(inst.Out.String(), "x@e2e.example.org") {
		t.Error("stdout names an address")
	}
}

// waitForLog waits up to 10 s for s to appear on the process's stdout.
func waitForLog(t *testing.T, inst *instance, s string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(inst.Out.String(), s) {
		if time.Now().After(deadline) {
			t.Fatalf("stdout never showed %s", s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
