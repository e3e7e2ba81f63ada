package hooks_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/hook"
	"golang.org/x/crypto/bcrypt"
)

// membersURL is the REST endpoint of the members collection.
const membersURL = "/api/collections/members/records"

// newStaff creates a staff account with role (viewer or editor) and returns
// an auth token for it.
func newStaff(t testing.TB, app core.App, email, role string) string {
	t.Helper()
	r := core.NewRecord(cheapPasswords(t, app, "staff"))
	r.SetEmail(email)
	r.SetPassword("staff-password-123")
	r.Set("role", role)
	if err := app.Save(r); err != nil {
		t.Fatalf("staff: %v", err)
	}
	tok, err := r.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// newSuperuser creates a superuser and returns an auth token for it.
func newSuperuser(t testing.TB, app core.App) string {
	t.Helper()
	r := core.NewRecord(cheapPasswords(t, app, core.CollectionNameSuperusers))
	r.SetEmail("root@example.org")
	r.SetPassword("superuser-password-123")
	if err := app.Save(r); err != nil {
		t.Fatalf("superuser: %v", err)
	}
	tok, err := r.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// cheapPasswords returns an in-memory copy of an auth collection whose
// password hashing uses bcrypt's minimum cost: the default cost takes
// seconds per account under -race, and these tests only need tokens.
func cheapPasswords(t testing.TB, app core.App, name string) *core.Collection {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := col.Fields.GetByName("password").(*core.PasswordField); ok {
		f.Cost = bcrypt.MinCost
	}
	return col
}

// tokenFor creates the account of role ("guest", "viewer", "editor",
// "superuser") and returns its token ("" for a guest).
func tokenFor(t testing.TB, app core.App, role string) string {
	switch role {
	case "guest":
		return ""
	case "superuser":
		return newSuperuser(t, app)
	default:
		return newStaff(t, app, role+"@staff.example.org", role)
	}
}

// authAs is a BeforeTestFunc for tests.ApiScenario: it creates the account
// and injects its token ahead of PocketBase's auth middleware (the token
// cannot be known when the scenario's Headers are written).
func authAs(role string, seed func(testing.TB, *tests.TestApp)) func(testing.TB, *tests.TestApp, *core.ServeEvent) {
	return func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		if seed != nil {
			seed(t, app)
		}
		tok := tokenFor(t, app, role)
		e.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       "test.auth",
			Priority: -2000,
			Func: func(re *core.RequestEvent) error {
				if tok != "" {
					re.Request.Header.Set("Authorization", tok)
				}
				return re.Next()
			},
		})
	}
}

// apiResult is a decoded REST answer.
type apiResult struct {
	Status int
	Body   map[string]any
}

// fieldCode returns the validation code PocketBase reported for field.
func (r apiResult) fieldCode(field string) string {
	data, _ := r.Body["data"].(map[string]any)
	f, _ := data[field].(map[string]any)
	code, _ := f["code"].(string)
	return code
}

// doJSON sends body as JSON with the token and decodes the answer.
func doJSON(t testing.TB, client *http.Client, method, url, token string, body any) apiResult {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Errorf("%s %s: %v", method, url, err)
		return apiResult{}
	}
	defer resp.Body.Close()
	out := apiResult{Status: resp.StatusCode, Body: map[string]any{}}
	raw, _ := io.ReadAll(resp.Body)
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &out.Body)
	}
	return out
}
