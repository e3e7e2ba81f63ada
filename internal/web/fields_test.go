package web

import (
	"testing"
)

func TestFieldViewAndFormIf(t *testing.T) {
	f := NewForm(map[string]string{"email": "a@b"})
	f.Fail("email", "bad")
	v := fieldView(f, "join-email", "email", "Email address", "email")
	if v.Value != "a@b" || v.Error != "bad" || v.Autocomplete != "email" || !v.Required {
		t.Errorf("%+v", v)
	}
	if v := fieldView(nil, "p", "phone", "Phone (optional)", "tel"); v.Required || v.Value != "" || v.Autocomplete != "tel" {
		t.Errorf("%+v", v)
	}
	if formIf("details", "details", f) != f || formIf("details", "deletion", f) != nil {
		t.Error("formIf")
	}
}
