package e2e

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"memberbase/internal/smtptest"
)

// mailTo waits up to 30 s for a mail to addr among the messages after the
// first skip, and returns it.
func mailTo(t *testing.T, inst *instance, addr string, skip int) smtptest.Mail {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		msgs := inst.SMTP.Messages()
		for _, m := range msgs[min(skip, len(msgs)):] {
			if slices.Contains(m.To, addr) {
				return m
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no mail to %s within 30 s", addr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// mailAbout waits for the mail to addr whose subject starts with subject:
// a confirmation sends the welcome and the card mail in either order.
func mailAbout(t *testing.T, inst *instance, addr, subject string) smtptest.Mail {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		for _, m := range inst.SMTP.Messages() {
			if slices.Contains(m.To, addr) && strings.HasPrefix(m.Subject, subject) {
				return m
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no mail %q… to %s within 30 s", subject, addr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// linkTo waits up to 30 s for a mail to addr, among the messages after the
// first skip, that carries a link to path, and returns that link. It finds
// the mail by its link rather than its position: other mails (a card, a
// notice to another address) arrive in the same sink in any order.
func linkTo(t *testing.T, inst *instance, addr string, skip int, path string) string {
	t.Helper()
	re := linkPattern(inst, path)
	deadline := time.Now().Add(30 * time.Second)
	for {
		msgs := inst.SMTP.Messages()
		for _, m := range msgs[min(skip, len(msgs)):] {
			if slices.Contains(m.To, addr) && re.MatchString(m.Text) {
				return linkIn(t, inst, m, path)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no mail to %s with a %s link within 30 s", addr, path)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func linkPattern(inst *instance, path string) *regexp.Regexp {
	return regexp.MustCompile(regexp.QuoteMeta(inst.Base+path) + `\?token=[A-Za-z0-9_-]{43}`)
}

// linkIn returns the absolute link to path with a token in m's text part:
// it must start with the instance's BASE_URL.
func linkIn(t *testing.T, inst *instance, m smtptest.Mail, path string) string {
	t.Helper()
	re := linkPattern(inst, path)
	link := re.FindString(m.Text)
	if link == "" {
		t.Fatalf("mail %q has no %s link:\n%s", m.Subject, path, m.Text)
	}
	if !re.MatchString(m.HTML) {
		t.Errorf("the HTML part of %q lacks the %s link", m.Subject, path)
	}
	return link
}

// tokenOf returns the token query value of a link.
func tokenOf(link string) string {
	_, tok, _ := cutLast(link, "token=")
	return tok
}

func cutLast(s, sep string) (string, string, bool) {
	for i := len(s) - len(sep); i >= 0; i-- {
		if s[i:i+len(sep)] == sep {
			return s[:i], s[i+len(sep):], true
		}
	}
	return s, "", false
}
