package outbox_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/outbox"
)

// A mail whose row cannot be stored is reported to the caller, so its
// transaction rolls back instead of committing without the mail.
func TestEnqueueReportsARowThatCouldNotBeStored(t *testing.T) {
	app, _ := newSMTPApp(t)
	app.OnRecordCreate(outbox.Collection).BindFunc(func(*core.RecordEvent) error {
		return errors.New("database or disk is full")
	})
	err := outbox.Enqueue(app, msg(1))
	if err == nil || !strings.Contains(err.Error(), "disk is full") {
		t.Fatalf("Enqueue: %v", err)
	}
	if n := countStatus(t, app, outbox.StatusQueued); n != 0 {
		t.Fatalf("%d rows queued", n)
	}
}

// An address of 254 characters, the most an address may have, gets its
// mail; one character more is refused before anything is stored.
func TestRecipientOfTheLongestValidLength(t *testing.T) {
	app, _ := newSMTPApp(t)
	domain := strings.Repeat("d", 60) + "." + strings.Repeat("e", 60) + "." + strings.Repeat("f", 50) + ".example.org"
	local := strings.Repeat("a", 254-1-len(domain))
	longest := local + "@" + domain
	if len(longest) != 254 {
		t.Fatalf("test address has %d characters", len(longest))
	}
	m := msg(1)
	m.To = longest
	if err := outbox.Enqueue(app, m); err != nil {
		t.Fatalf("254 characters refused: %v", err)
	}
	m = msg(2)
	m.To = "a" + longest
	if err := outbox.Enqueue(app, m); err == nil {
		t.Fatal("255 characters accepted")
	}
	if n := countStatus(t, app, outbox.StatusQueued); n != 1 {
		t.Fatalf("%d rows queued", n)
	}
}

// A dedupe key may use all of its 200 characters; a longer one is a
// programming error caught before anything is stored.
func TestDedupeKeyOfTheLongestLength(t *testing.T) {
	app, _ := newSMTPApp(t)
	m := msg(1)
	m.DedupeKey = "join:" + strings.Repeat("k", 195)
	if err := outbox.Enqueue(app, m); err != nil {
		t.Fatalf("200 characters refused: %v", err)
	}
	m.DedupeKey += "k"
	if err := outbox.Enqueue(app, m); err == nil {
		t.Fatal("201 characters accepted")
	}
}
