package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// restClient calls PocketBase's REST API with a bearer token.
type restClient struct {
	*client
	token string
}

// superuser logs the CLI-created superuser in through the REST API, from
// its own loopback address (PocketBase limits auth calls per client IP).
func (inst *instance) superuser(t *testing.T) *restClient {
	t.Helper()
	c := inst.newClient(t, "127.0.0.200")
	r := &restClient{client: c}
	var auth struct{ Token string }
	r.call(http.MethodPost, "/api/collections/_superusers/auth-with-password",
		map[string]string{"identity": superuserEmail, "password": superuserPassword}, http.StatusOK, &auth)
	r.token = auth.Token
	return r
}

// call sends body as JSON, fails the test unless the answer has status
// want, and decodes the answer into out when out is not nil.
func (r *restClient) call(method, path string, body any, want int, out any) []byte {
	r.t.Helper()
	h := http.Header{"Content-Type": {"application/json"}}
	if r.token != "" {
		h.Set("Authorization", r.token)
	}
	var b []byte
	if body != nil {
		var err error
		if b, err = json.Marshal(body); err != nil {
			r.t.Fatal(err)
		}
	}
	res := r.Do(method, path, h, b)
	if res.Status != want {
		r.t.Fatalf("%s %s: want %d, got %d %s", method, path, want, res.Status, res.Body)
	}
	if out != nil {
		if err := json.Unmarshal(res.Body, out); err != nil {
			r.t.Fatalf("%s %s: decode %s: %v", method, path, res.Body, err)
		}
	}
	return res.Body
}

// member is the part of a members record the tests read.
type member struct {
	ID        string `json:"id"`
	MemberID  string `json:"member_id"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Email     string `json:"email"`
	Status    string `json:"status"`
}

// createMember creates an active member through the REST API.
func (r *restClient) createMember(first, last, email string) member {
	r.t.Helper()
	var m member
	r.call(http.MethodPost, "/api/collections/members/records",
		map[string]any{"first_name": first, "last_name": last, "email": email, "status": "active"}, http.StatusOK, &m)
	return m
}

// createStaff creates a staff record (role viewer or editor) that can log in
// with password.
func (r *restClient) createStaff(role, email, password string) {
	r.t.Helper()
	r.call(http.MethodPost, "/api/collections/staff/records", map[string]any{
		"email": email, "password": password, "passwordConfirm": password, "role": role, "verified": true,
	}, http.StatusOK, nil)
}

// count returns how many records of collection match filter (empty: all).
func (r *restClient) count(collection, filter string) int {
	r.t.Helper()
	path := fmt.Sprintf("/api/collections/%s/records?perPage=1&skipTotal=0", collection)
	if filter != "" {
		path += "&filter=" + url.QueryEscape(filter)
	}
	var page struct {
		TotalItems int `json:"totalItems"`
	}
	r.call(http.MethodGet, path, nil, http.StatusOK, &page)
	return page.TotalItems
}
