package web

import (
	"net/http"
	"slices"

	"github.com/pocketbase/pocketbase/core"
)

// Form is a submitted form: its values (kept when the page is shown again)
// and one error message per field. Every method is safe on a nil *Form, so a
// page template can use .Form before anything was submitted.
type Form struct {
	values  map[string]string
	errors  map[string]string
	order   []string
	Summary string // a form-level message, shown above the fields
	// idPrefix is what the page puts before a field's name in its input's
	// id, when one page holds several forms (see formIf).
	idPrefix string
}

// NewForm wraps parsed values (nil for an empty form).
func NewForm(values map[string]string) *Form {
	if values == nil {
		values = map[string]string{}
	}
	return &Form{values: values, errors: map[string]string{}}
}

// Value returns the submitted value of name ("" when absent).
func (f *Form) Value(name string) string {
	if f == nil {
		return ""
	}
	return f.values[name]
}

// Set replaces a value, e.g. with its normalised form before re-rendering.
func (f *Form) Set(name, value string) { f.values[name] = value }

// Checked reports whether a checkbox was sent with value "yes".
func (f *Form) Checked(name string) bool { return f.Value(name) == "yes" }

// Fail records msg as name's error; the first error of a field wins.
func (f *Form) Fail(name, msg string) {
	if _, ok := f.errors[name]; ok {
		return
	}
	f.errors[name] = msg
	f.order = append(f.order, name)
}

// Error returns name's error message ("" when valid).
func (f *Form) Error(name string) string {
	if f == nil {
		return ""
	}
	return f.errors[name]
}

// FieldError is one entry of the summary above an invalid form: Field is
// the id of the input it links to.
type FieldError struct{ Field, Message string }

// Errors lists the field errors in the order they were found.
func (f *Form) Errors() []FieldError {
	if f == nil {
		return nil
	}
	out := make([]FieldError, 0, len(f.order))
	for _, n := range f.order {
		out = append(out, FieldError{f.idPrefix + n, f.errors[n]})
	}
	return out
}

// Valid reports whether no field failed.
func (f *Form) Valid() bool { return f == nil || len(f.errors) == 0 }

// Names lists the submitted field names, sorted.
func (f *Form) Names() []string {
	if f == nil {
		return nil
	}
	out := make([]string, 0, len(f.values))
	for k := range f.values {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// RenderForm shows a form page: it makes sure the CSRF cookie is set, puts a
// fresh token and f in the page data, and marks the page no-store (it sets a
// cookie and may echo what the visitor typed).
func (s *Server) RenderForm(e *core.RequestEvent, status int, page string, f *Form, data any) error {
	token := s.CSRF.tokenFor(e)
	NoStore(e)
	if f == nil {
		if done, err := s.Pages.renderBlank(e, status, page, token, data); done {
			return err
		}
	}
	return s.Pages.RenderPage(e, status, page, PageData{CSRFToken: token, Form: f, Data: data})
}

// Invalid shows the form again with its field errors and kept values (422).
func (s *Server) Invalid(e *core.RequestEvent, page string, f *Form, data any) error {
	return s.RenderForm(e, http.StatusUnprocessableEntity, page, f, data)
}
