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
// doubles as the autocomplete token for email and tel; the field is required
// unless the label says "(optional)".
func fieldView(f *Form, id, name, label, typ string) FieldView {
	v := FieldView{ID: id, Name: name, Label: label, Type: typ, Value: f.Value(name), Error: f.Error(name), Required: true}
	switch typ {
	case "email":
		v.Autocomplete = "email"
	case "tel":
		v.Autocomplete = "tel"
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
	if active == kind {
		return f
	}
	return nil
}
