package web

// FieldView is what the "text_field" partial needs to draw one labelled
// input with its error tied to it (aria-describedby, aria-invalid).
type FieldView struct {
	ID, Name, Label, Type, Autocomplete, Hint string
	Value, Error                              string
	Required                                  bool
}

// fieldView is the template func `field`: {{template "text_field" (field
// .Form "join-email" "email" "Email address" "email")}}. The input type
// doubles as the autocomplete token for email and tel, and the name fields
// get given-name and family-name; the field is required
// unless the label says "(optional)".
func fieldView(f *Form, id, name, label, typ string) FieldView {
	v := FieldView{ID: id, Name: name, Label: label, Type: typ, Value: f.Value(name), Error: f.Error(name), Required: true}
	switch {
	case typ == "email":
		v.Autocomplete = "email"
	case typ == "tel":
		v.Autocomplete = "tel"
	case name == "first_name":
		v.Autocomplete = "given-name"
	case name == "last_name":
		v.Autocomplete = "family-name"
	}
	if len(label) > 11 && label[len(label)-11:] == " (optional)" {
		v.Required = false
	}
	return v
}

// formIf is the template func `formIf`: the form when active names this
// one, else nil, so a page with several forms shows values and errors only
// in the form that was sent.
func formIf(active, kind string, f *Form) *Form {
	if active != kind || f == nil {
		return nil
	}
	scoped := *f
	scoped.idPrefix = kind + "-"
	return &scoped
}

// CheckboxView is what the "checkbox_field" partial needs: a yes/no box
// with its label, error, and an optional link (e.g. to the privacy notice)
// tied to it as a description.
type CheckboxView struct {
	ID, Name, Label   string
	LinkURL, LinkText string
	Checked           bool
	Error             string
	Required          bool
}

// checkboxView is the template func `checkbox`: {{template "checkbox_field"
// (checkbox .Form "consent" "consent" "I agree" true "/privacy" "Read the
// privacy notice")}}. The box sends "yes" when ticked; the link is optional.
func checkboxView(f *Form, id, name, label string, required bool, link ...string) CheckboxView {
	v := CheckboxView{ID: id, Name: name, Label: label, Checked: f.Checked(name), Error: f.Error(name), Required: required}
	if len(link) == 2 {
		v.LinkURL, v.LinkText = link[0], link[1]
	}
	return v
}
