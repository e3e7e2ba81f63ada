package branches_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"golang.org/x/crypto/bcrypt"
)

// saveRecord saves a record of collection with fields through app.Save.
func saveRecord(t testing.TB, app core.App, collection string, fields map[string]any) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	for k, v := range fields {
		r.Set(k, v)
	}
	if err := app.Save(r); err != nil {
		t.Fatalf("save %s: %v", collection, err)
	}
	return r
}

// staffAccount creates a staff account of role with branches and returns its
// record id and auth token.
func staffAccount(t testing.TB, app core.App, email, role string, branches ...string) (string, string) {
	t.Helper()
	col, err := app.FindCollectionByNameOrId("staff")
	if err != nil {
		t.Fatal(err)
	}
	// bcrypt's default cost takes seconds under -race; tokens are all we need.
	col.Fields.GetByName("password").(*core.PasswordField).Cost = bcrypt.MinCost
	r := core.NewRecord(col)
	r.SetEmail(email)
	r.SetPassword("a-long-test-password")
	r.Set("role", role)
	r.Set("branches", branches)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	tok, err := r.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	return r.Id, tok
}

// call sends a request with an optional JSON body over real HTTP and
// returns the status and the body.
func call(t testing.TB, srv *httptest.Server, method, path, token string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, srv.URL+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// page is a list response.
type page struct {
	TotalItems int              `json:"totalItems"`
	Items      []map[string]any `json:"items"`
}
