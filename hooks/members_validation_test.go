package hooks_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	validation "github.com/pocketbase/ozzo-validation/v4"

	"memberbase/internal/testapp"
)

// TestValidationSameOverRESTAndGo sends every case through the REST API (as
// a staff editor) and through app.Save, and expects the same field, the same
// code and the same stored value.
func TestValidationSameOverRESTAndGo(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	editor := newStaff(t, app, "editor@staff.example.org", "editor")

	cases := []struct {
		name        string
		first, mail string
		field, code string // expected error; empty: accepted
		stored      string // expected stored first_name (accepted cases)
		storedMail  string
	}{
		{"plain", "Ann", "ann%d@example.org", "", "", "Ann", ""},
		{"trimmed and lower-cased", "  Zoë  ", "  MiXeD%d@Example.ORG ", "", "", "Zoë", "mixed%d@example.org"},
		{"NFD name stored as NFC", "Zoe\u0308", "nfd%d@example.org", "", "", "Zoë", ""},
		{"CJK and emoji", "李小龍 🥋", "cjk%d@example.org", "", "", "李小龍 🥋", ""},
		{"100 characters", strings.Repeat("é", 100), "long%d@example.org", "", "", strings.Repeat("é", 100), ""},
		{"empty name", "   ", "e%d@example.org", "first_name", "validation_required", "", ""},
		{"101 characters", strings.Repeat("é", 101), "x%d@example.org", "first_name", "validation_name_too_long", "", ""},
		{"10000 characters", strings.Repeat("a", 10000), "x%d@example.org", "first_name", "validation_name_too_long", "", ""},
		{"NUL", "An\x00n", "x%d@example.org", "first_name", "validation_bad_characters", "", ""},
		{"newline", "An\nn", "x%d@example.org", "first_name", "validation_bad_characters", "", ""},
		{"RLO override", "An\u202en", "x%d@example.org", "first_name", "validation_bad_characters", "", ""},
		{"RLI isolate", "\u2067Ann", "x%d@example.org", "first_name", "validation_bad_characters", "", ""},
		{"missing email", "Ann", "", "email", "validation_required", "", ""},
		{"header injection", "Ann", "a%d@example.org\r\nBcc: victim@example.org", "email", "validation_email_invalid", "", ""},
		{"display name", "Ann", "Ann <a%d@example.org>", "email", "validation_email_invalid", "", ""},
		{"two addresses", "Ann", "a%d@example.org, b@example.org", "email", "validation_email_invalid", "", ""},
		{"no domain dot", "Ann", "a%d@localhost", "email", "validation_email_invalid", "", ""},
		{"quoted local part", "Ann", "\"a b%d\"@example.org", "email", "validation_email_invalid", "", ""},
		{"too long", "Ann", strings.Repeat("a", 250) + "%d@example.org", "email", "validation_email_too_long", "", ""},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for p, path := range []string{"rest", "go"} {
				mail := c.mail
				if strings.Contains(mail, "%d") {
					mail = fmt.Sprintf(mail, 2*i+p) // distinct per path
				}
				var code, first, email string
				if path == "rest" {
					res := doJSON(t, srv.Client(), http.MethodPost, srv.URL+membersURL, editor,
						map[string]any{"first_name": c.first, "last_name": "Lee", "email": mail})
					if c.field != "" && res.Status != 400 {
						t.Errorf("rest: status %d, want 400", res.Status)
					}
					code = res.fieldCode(c.field)
					first, _ = res.Body["first_name"].(string)
					email, _ = res.Body["email"].(string)
				} else {
					r := newMember(t, app, c.first, mail)
					err := app.Save(r)
					var verrs validation.Errors
					if err != nil && errors.As(err, &verrs) {
						var ve validation.Error
						if errors.As(verrs[c.field], &ve) {
							code = ve.Code()
						}
						if c.field == "" {
							t.Fatalf("go: unexpected error %v", err)
						}
					} else if err != nil {
						t.Fatalf("go: unexpected error %v", err)
					}
					if err == nil {
						first, email = r.GetString("first_name"), r.GetString("email")
					}
				}
				if c.field != "" {
					if code != c.code {
						t.Errorf("%s: %s code %q, want %q", path, c.field, code, c.code)
					}
					continue
				}
				if first != c.stored {
					t.Errorf("%s: stored first_name %q, want %q", path, first, c.stored)
				}
				if c.storedMail != "" && email != fmt.Sprintf(c.storedMail, 2*i+p) {
					t.Errorf("%s: stored email %q", path, email)
				}
			}
		})
	}
}
