package audit_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"memberbase/internal/testapp"
)

// sse is a realtime connection: the events PocketBase sends, by name.
type sse struct {
	events chan [2]string // name, data
}

// subscribe opens PocketBase's realtime connection and subscribes the
// account of token to topic (with options, e.g. an expand query).
func subscribe(t *testing.T, s served, token, topic string, options map[string]any) *sse {
	t.Helper()
	// The deadline only keeps a broken test from hanging.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", s.srv.URL+"/api/realtime", nil)
	res, err := s.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	c := &sse{events: make(chan [2]string, 16)}
	go func() {
		defer close(c.events)
		sc := bufio.NewScanner(res.Body)
		var name, data string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event:"):
				name = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
			case strings.HasPrefix(line, "data:"):
				data = strings.TrimSpace(strings.TrimPrefix(line, "data:"))
			case line == "":
				if name != "" {
					c.events <- [2]string{name, data}
				}
				name, data = "", ""
			}
		}
	}()
	connect := c.next(t, "PB_CONNECT")
	var hello struct{ ClientID string }
	if err := json.Unmarshal([]byte(connect), &hello); err != nil || hello.ClientID == "" {
		t.Fatalf("connect: %s", connect)
	}
	sub := topic
	if options != nil {
		b, _ := json.Marshal(options)
		sub += "?options=" + string(b)
	}
	if code, body := s.do(t, "POST", "/api/realtime", token, map[string]any{"clientId": hello.ClientID, "subscriptions": []string{sub}}); code != 204 {
		t.Fatalf("subscribe: %d %s", code, body)
	}
	return c
}

// next returns the data of the next event called name (a subscription's
// events carry its options after a "?").
func (c *sse) next(t *testing.T, name string) string {
	t.Helper()
	for ev := range c.events {
		if ev[0] == name || strings.HasPrefix(ev[0], name+"?") {
			return ev[1]
		}
	}
	t.Fatalf("realtime connection closed before %s", name)
	return ""
}

func TestRealtimeMessagesAreOneRowPerBroadcast(t *testing.T) {
	s := serve(t, nil)
	staffID, tok := account(t, s.app, "viewer")
	c := subscribe(t, s, tok, "members/*", nil)

	seq := lastSeq(t, s.app)
	m := testapp.SaveMember(t, s.app, nil)
	if msg := c.next(t, "members/*"); !strings.Contains(msg, m.Id) {
		t.Fatalf("message %s", msg)
	}
	rows := rowsAfter(t, s.app, seq)
	if len(rows) != 2 {
		t.Fatalf("want the create and the realtime row, got %+v", rows)
	}
	only(t, rows[:1], "system", "", "create", "members", m.Id)
	only(t, rows[1:], "staff", staffID, "realtime", "members", m.Id)

	// A delete's message is prepared inside the delete: its row too.
	seq = lastSeq(t, s.app)
	if err := s.app.Delete(m); err != nil {
		t.Fatal(err)
	}
	if msg := c.next(t, "members/*"); !strings.Contains(msg, `"action":"delete"`) {
		t.Fatalf("message %s", msg)
	}
	rows = rowsAfter(t, s.app, seq)
	if len(rows) != 2 || rows[0].Action != "realtime" || rows[1].Action != "delete" {
		t.Fatalf("delete: %+v", rows)
	}
	only(t, rows[:1], "staff", staffID, "realtime", "members", m.Id)
}

func TestRealtimeExpansionJoinsItsBroadcast(t *testing.T) {
	s := serve(t, nil)
	suID, tok := account(t, s.app, "superuser")
	m := testapp.SaveMember(t, s.app, nil)
	c := subscribe(t, s, tok, "privacy_requests/*", map[string]any{"query": map[string]string{"expand": "member"}})

	seq := lastSeq(t, s.app)
	req := saveRecord(t, s.app, "privacy_requests", map[string]any{"kind": "deletion", "member": m.Id, "status": "awaiting_confirmation"})
	if msg := c.next(t, "privacy_requests/*"); !strings.Contains(msg, `"expand":{"member"`) {
		t.Fatalf("message without the expanded member: %s", msg)
	}
	var reads []auditRow
	for _, r := range rowsAfter(t, s.app, seq) {
		if r.Action != "create" {
			reads = append(reads, r)
		}
	}
	if len(reads) != 2 {
		t.Fatalf("want the message and its expansion, got %+v", reads)
	}
	only(t, reads[:1], "superuser", suID, "realtime", "privacy_requests", req.Id)
	only(t, reads[1:], "superuser", suID, "expand", "members", m.Id)
}
