package join_test

import (
	"testing"

	"memberbase/internal/join"
)

func TestRequestNormalize(t *testing.T) {
	r := join.Request{FirstName: " Zoe\u0308 ", LastName: "", Email: " ZOE@Example.org ", Phone: "\x00"}
	errs := r.Normalize()
	if r.FirstName != "Zoë" || r.Email != "zoe@example.org" {
		t.Errorf("normalised %q %q", r.FirstName, r.Email)
	}
	if errs["last_name"] == nil || errs["phone"] == nil || errs["first_name"] != nil || errs["email"] != nil {
		t.Errorf("errors: %v", errs)
	}
	if err := join.Submit(nil, join.Request{Email: "a@example.org"}); err == nil {
		t.Error("a request without its consent record was submitted")
	}
}
