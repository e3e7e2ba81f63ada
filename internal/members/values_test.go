package members_test

import (
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/tools/filesystem"

	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

// TestChangedFieldsCompareStoredValues checks, through the erased-member
// rule that relies on it, that a change means a different stored value:
// another spelling of a date is not a change, a new upload is.
func TestChangedFieldsCompareStoredValues(t *testing.T) {
	app, _ := testapp.New(t, nil)
	saved := testapp.SaveMember(t, app, map[string]any{"first_name": "", "last_name": "", "email": "",
		"status": "erased", "consent_at": "2026-01-02 03:04:05.000Z"})
	r, err := app.FindRecordById("members", saved.Id)
	if err != nil {
		t.Fatal(err)
	}
	r.Set("consent_at", "2026-01-02T03:04:05Z") // same instant, other spelling
	r.Set("email", "")
	r.Set("photo", nil)
	r.Set("updated", "2030-01-01 00:00:00.000Z") // autodate: the server's
	if errs := members.CheckClientUpdate(r); errs != nil {
		t.Errorf("unchanged record refused: %v", errs)
	}
	photo, err := filesystem.NewFileFromBytes([]byte("\x89PNG\r\n\x1a\n"), "me.png")
	if err != nil {
		t.Fatal(err)
	}
	r.Set("photo", photo)
	r.Set("notes", "x")
	r.Set("phone", "+49 30 1")
	var got []string
	for f := range members.CheckClientUpdate(r) {
		got = append(got, f)
	}
	slices.Sort(got)
	if want := []string{"notes", "phone", "photo"}; !slices.Equal(got, want) {
		t.Errorf("refused %v, want %v", got, want)
	}
}
