package announce_test

import (
	"testing"

	"memberbase/internal/announce"
)

func TestCheckRequest(t *testing.T) {
	app, _ := newApp(t)
	a := announcement(t, app, announce.AudienceMembers, announce.StatusDraft)
	cases := []struct {
		name, stored string
		edit         func()
		refused      bool
	}{
		{"draft to scheduled", "draft", func() { a.Set("status", "scheduled") }, false},
		{"draft to sending", "draft", func() { a.Set("status", "sending") }, true},
		{"draft to sent", "draft", func() { a.Set("status", "sent") }, true},
		{"counts", "draft", func() { a.Set("sent_count", 5) }, true},
		{"sending to cancelled", "sending", func() { a.Set("status", "cancelled") }, false},
		{"sending body edit", "sending", func() { a.Set("body", "changed") }, true},
		{"sending to draft", "sending", func() { a.Set("status", "draft") }, true},
		{"sent is final", "sent", func() { a.Set("status", "scheduled") }, true},
		{"cancelled is final", "cancelled", func() { a.Set("subject", "again") }, true},
	}
	for _, c := range cases {
		r := reload(t, app, a)
		r.Set("status", c.stored)
		a = r.Fresh()
		if err := a.PostScan(); err != nil { // the stored state becomes Original
			t.Fatal(err)
		}
		c.edit()
		if got := announce.CheckRequest(c.stored, a) != ""; got != c.refused {
			t.Errorf("%s: refused=%v, want %v", c.name, got, c.refused)
		}
	}
}
