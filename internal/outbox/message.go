package outbox

import (
	"fmt"
	"net/mail"
	"strings"

	"github.com/domodwyer/mailyak/v3"
	"github.com/pocketbase/pocketbase/tools/mailer"
	"github.com/pocketbase/pocketbase/tools/security"
)

// buildMessage renders m the way PocketBase's [mailer.SMTPClient] does, with
// the same library (mailyak): multipart/alternative text and HTML parts,
// quoted-printable, encoded headers, a plain-text part derived from the HTML
// when m has none, and a Message-ID when m sets none. It returns the raw
// message and the envelope recipients (To, Cc and Bcc; Bcc never appears in
// the headers).
func buildMessage(m *mailer.Message) ([]byte, []string, error) {
	yak := mailyak.New("", nil) // only builds: the address is never dialled
	if m.From.Name != "" {
		yak.FromName(m.From.Name)
	}
	yak.From(m.From.Address)
	yak.Subject(m.Subject)
	yak.HTML().Set(m.HTML)
	if m.Text == "" {
		yak.Plain().Set(htmlToText(m.HTML))
	} else {
		yak.Plain().Set(m.Text)
	}
	yak.To(headerAddresses(m.To)...)
	yak.Cc(headerAddresses(m.Cc)...)
	yak.Bcc(headerAddresses(m.Bcc)...)
	for name, r := range m.Attachments {
		yak.Attach(name, r)
	}
	for name, r := range m.InlineAttachments {
		yak.AttachInline(name, r)
	}
	hasID := false
	for k, v := range m.Headers {
		hasID = hasID || strings.EqualFold(k, "Message-ID")
		yak.AddHeader(k, v)
	}
	if _, domain, ok := strings.Cut(m.From.Address, "@"); ok && !hasID {
		yak.AddHeader("Message-ID", fmt.Sprintf("<%s@%s>", security.RandomString(15), domain))
	}
	buf, err := yak.MimeBuf()
	if err != nil {
		return nil, nil, err
	}
	var rcpts []string
	for _, list := range [][]mail.Address{m.To, m.Cc, m.Bcc} {
		for _, a := range list {
			rcpts = append(rcpts, a.Address)
		}
	}
	return buf.Bytes(), rcpts, nil
}

// headerAddresses formats addresses for a header, with their names.
func headerAddresses(list []mail.Address) []string {
	out := make([]string, len(list))
	for i, a := range list {
		if a.Name != "" {
			out[i] = a.String()
		} else {
			out[i] = a.Address
		}
	}
	return out
}
