package outbox

import (
	"net/mail"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tools/mailer"
)

func TestBuildMessageKeepsAGivenMessageIDAndHidesBcc(t *testing.T) {
	raw, rcpts, err := buildMessage(&mailer.Message{
		From:    mail.Address{Address: "noreply@example.org"},
		To:      []mail.Address{{Address: "ada@example.org"}},
		Bcc:     []mail.Address{{Address: "archive@example.org"}},
		Subject: "s",
		Text:    "t",
		Headers: map[string]string{"Message-Id": "<fixed@example.org>"},
	})
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	if ids := msg.Header["Message-Id"]; len(ids) != 1 || ids[0] != "<fixed@example.org>" {
		t.Errorf("Message-ID headers %q", ids)
	}
	if strings.Contains(string(raw), "archive@") {
		t.Error("the Bcc address is in the message")
	}
	if strings.Join(rcpts, ",") != "ada@example.org,archive@example.org" {
		t.Errorf("envelope %q", rcpts)
	}
}
