package outbox

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestBackoffGrowsFromAMinuteToSixHours(t *testing.T) {
	if d := Backoff(1, 0.5); d != time.Minute {
		t.Errorf("first delay %s", d)
	}
	if d := Backoff(7, 0.5); d < 359*time.Minute || d > 361*time.Minute {
		t.Errorf("last retry delay %s, want 6h", d)
	}
	if d := Backoff(20, 0.999); d > 6*time.Hour*6/5 {
		t.Errorf("delay %s beyond the cap plus jitter", d)
	}
	for a := 1; a < DefaultMaxAttempts-1; a++ {
		// worst case jitter: high now, low next
		if Backoff(a+1, 0) <= Backoff(a, 0.999) {
			t.Errorf("attempt %d: %s then %s does not grow", a, Backoff(a, 0.999), Backoff(a+1, 0))
		}
	}
	if lo, hi := Backoff(3, 0), Backoff(3, 0.999); hi-lo < Backoff(3, 0.5)/3 {
		t.Errorf("jitter band too narrow: %s..%s", lo, hi)
	}
}

func TestRedactErrorRemovesAddressesAndBoundsLength(t *testing.T) {
	got := redactError(errors.New("550 5.1.1 <ada.lovelace+x@example.org>: user unknown; also bob@example.com"))
	if strings.Contains(got, "@") || !strings.Contains(got, "550 5.1.1") {
		t.Errorf("redacted %q", got)
	}
	if n := len(redactError(errors.New(strings.Repeat("x", 5000)))); n != 2000 {
		t.Errorf("length %d", n)
	}
}

func TestValidRecipient(t *testing.T) {
	for _, ok := range []string{"ada@example.org", "a.b+c@sub.example.org"} {
		if err := ValidRecipient(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "Ada <ada@example.org>", "ada@example.org\r\nBcc: x@example.org",
		"a@example.org, b@example.org", "not-an-address", strings.Repeat("a", 250) + "@x.org"} {
		if ValidRecipient(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestMessageValidation(t *testing.T) {
	good := Message{To: "a@example.org", Kind: "k", Subject: "s", Text: "t", HTML: "h", DedupeKey: "k:1"}
	if err := good.validate(); err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(*Message){
		"subject newline": func(m *Message) { m.Subject = "a\r\nBcc: x@example.org" },
		"no kind":         func(m *Message) { m.Kind = "" },
		"no dedupe key":   func(m *Message) { m.DedupeKey = "" },
		"no html part":    func(m *Message) { m.HTML = "" },
		"bad recipient":   func(m *Message) { m.To = "x" },
	} {
		m := good
		mutate(&m)
		if m.validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
