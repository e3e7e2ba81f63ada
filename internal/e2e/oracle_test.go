package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestNoOracle is SPEC §6's promise over HTTP: on every public POST, a
// member's address and a stranger's get byte-identical answers (status,
// headers, body, and the page the redirect leads to), and the public
// /readyz answers the same before, right after, and once the worker has
// mailed the member.
func TestNoOracle(t *testing.T) {
	inst := startProduction(t, nil)
	su := inst.superuser(t)
	for i, f := range publicForms() {
		t.Run(f.Post, func(t *testing.T) {
			probe := inst.newClient(t, fmt.Sprintf("127.0.0.%d", 90+3*i))
			needRoute(t, probe, f.Post, f.Issue)
			m := su.createMember("Oracle", fmt.Sprintf("Member%d", i), fmt.Sprintf("oracle.member%d@e2e.example.org", i))
			stranger := fmt.Sprintf("oracle.stranger%d@e2e.example.org", i)
			ready := readyz(t, probe)
			before := inst.SMTP.Count()

			post := func(src, email string) (response, response) {
				c := inst.newClient(t, src)
				res := c.PostForm(f.Post, c.validFields(f, email))
				expectRedirect(t, res, f.Sent)
				return res, c.Get(f.Sent)
			}
			resM, sentM := post(fmt.Sprintf("127.0.0.%d", 91+3*i), m.Email)
			resS, sentS := post(fmt.Sprintf("127.0.0.%d", 92+3*i), stranger)
			sameAnswer(t, "POST", resM, resS)
			sameAnswer(t, "sent page", sentM, sentS)
			sameAnswer(t, "/readyz right after", ready, readyz(t, probe))

			// The member is mailed (a member ID, a confirmation link, or
			// "already a member" for a join); readiness does not show it.
			waitForMail(t, inst, m.Email, before)
			sameAnswer(t, "/readyz after the mail", ready, readyz(t, probe))
		})
	}
}

func readyz(t *testing.T, c *client) response {
	t.Helper()
	res := c.Get("/readyz")
	if res.Status != http.StatusOK {
		t.Fatalf("/readyz: %d %s", res.Status, res.Body)
	}
	return res
}

// cookieValue matches the value of a Set-Cookie header.
var cookieValue = regexp.MustCompile(`^([^=]+)=[^;]*`)

// sameAnswer fails unless a and b have the same status, the same headers
// (except Date and X-Request-Id, and cookie values, which are random per
// visitor) and the same body.
func sameAnswer(t *testing.T, what string, a, b response) {
	t.Helper()
	if a.Status != b.Status {
		t.Errorf("%s: status %d vs %d", what, a.Status, b.Status)
	}
	if ha, hb := normalHeaders(a.Header), normalHeaders(b.Header); !slices.Equal(ha, hb) {
		t.Errorf("%s: headers differ:\n%s\nvs\n%s", what, strings.Join(ha, "\n"), strings.Join(hb, "\n"))
	}
	if !bytes.Equal(a.Body, b.Body) {
		t.Errorf("%s: bodies differ:\n%s\nvs\n%s", what, a.Body, b.Body)
	}
}

func normalHeaders(h http.Header) []string {
	var out []string
	for k, vs := range h {
		if k == "Date" || k == "X-Request-Id" {
			continue
		}
		for _, v := range vs {
			if k == "Set-Cookie" {
				v = cookieValue.ReplaceAllString(v, "$1=…")
			}
			out = append(out, k+": "+v)
		}
	}
	slices.Sort(out)
	return out
}

// waitForMail waits up to 30 s for a mail to addr among the messages after
// the first skip ones.
func waitForMail(t *testing.T, inst *instance, addr string, skip int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		for _, m := range inst.SMTP.Messages()[skip:] {
			if slices.Contains(m.To, addr) {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no mail to %s within 30 s", addr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
