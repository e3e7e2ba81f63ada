package outbox

import (
	"bytes"
	"net/mail"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tools/mailer"
)

func TestConsoleMailerPrintsTheTextPart(t *testing.T) {
	var buf bytes.Buffer
	c := &ConsoleMailer{W: &buf}
	err := c.Send(&mailer.Message{
		From:    mail.Address{Name: "Org", Address: "noreply@example.org"},
		To:      []mail.Address{{Address: "ada@example.org"}},
		Subject: "Confirm",
		Text:    "open https://x.example/join/confirm?token=abc",
		HTML:    "<p>html</p>",
	})
	if err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"To: ada@example.org", "Subject: Confirm", "token=abc", "not sent: no SMTP"} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "<p>html</p>") {
		t.Error("printed the HTML part although a text part exists")
	}
}
