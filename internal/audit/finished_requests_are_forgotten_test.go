package audit_test

import (
	"strings"
	"testing"
	"time"

	"memberbase/internal/testapp"
)

// TestFinishedRequestsAreForgotten: the reads a request or a realtime
// broadcast collects are held only while it runs. A server that kept them
// (with the auth record each request loaded) would grow with every staff
// request until it ran out of memory.
func TestFinishedRequestsAreForgotten(t *testing.T) {
	s := serve(t, nil)
	_, tok := account(t, s.app, "viewer")
	c := subscribe(t, s, tok, "members/*", nil)
	m := testapp.SaveMember(t, s.app, nil)
	if msg := c.next(t, "members/*"); !strings.Contains(msg, m.Id) {
		t.Fatalf("message %s", msg)
	}
	for range 3 {
		if code, body := s.do(t, "GET", "/api/collections/members/records", tok, nil); code != 200 {
			t.Fatalf("list: %d %s", code, body)
		}
		if code, body := s.do(t, "GET", "/api/collections/members/records/"+m.Id, tok, nil); code != 200 {
			t.Fatalf("view: %d %s", code, body)
		}
	}
	// Each request's rows are queued once it is done with its collector:
	// with all seven rows written, every collector should be gone.
	for deadline := time.Now().Add(30 * time.Second); ; {
		reads := 0
		for _, r := range rowsAfter(t, s.app, 0) {
			if r.Action == "list" || r.Action == "view" || r.Action == "realtime" {
				reads++
			}
		}
		if reads == 7 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d read rows written, want 7", reads)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := s.log.TrackedForTest(); n != 0 {
		t.Errorf("%d collectors still held after every request and broadcast ended", n)
	}
}
