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
	if v := fieldView(nil, "first_name", "first_name", "First name", "text"); v.Autocomplete != "given-name" {
		t.Errorf("%+v", v)
	}
	if v := fieldView(nil, "last_name", "last_name", "Last name", "text"); v.Autocomplete != "family-name" {
		t.Errorf("%+v", v)
	}
	if formIf("details", "deletion", f) != nil || formIf("details", "details", nil) != nil {
		t.Error("formIf shows a form that was not sent")
	}
	// On /lookup every form's inputs are named email, so their ids carry the
	// form's name, and the error summary must link to those ids.
	scoped := formIf("details", "details", f)
	if scoped.Value("email") != "a@b" || scoped.Error("email") != "bad" {
		t.Errorf("formIf lost the values or errors: %+v", scoped)
	}
	if got := scoped.Errors(); len(got) != 1 || got[0].Field != "details-email" {
		t.Errorf("summary links to %+v, want the input id details-email", got)
	}
	if got := f.Errors(); got[0].Field != "email" {
		t.Errorf("the unscoped form links to %+v, want email", got)
	}
}

func TestCheckboxView(t *testing.T) {
	f := NewForm(map[string]string{"consent": "yes", "news": "on"})
	f.Fail("consent", "Tick it.")
	v := checkboxView(f, "consent", "consent", "I agree", true, "/privacy", "Read the notice")
	if !v.Checked || v.Error != "Tick it." || !v.Required || v.LinkURL != "/privacy" || v.LinkText != "Read the notice" {
		t.Errorf("consent: %+v", v)
	}
	if v := checkboxView(f, "news", "news", "News", false); v.Checked || v.Required || v.LinkURL != "" {
		t.Errorf("only the value yes ticks a box: %+v", v)
	}
	if v := checkboxView(nil, "x", "x", "X", false); v.Checked || v.Error != "" {
		t.Errorf("before a submission: %+v", v)
	}
}
