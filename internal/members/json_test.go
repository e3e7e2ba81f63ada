package members_test

import (
	"errors"
	"strings"
	"testing"

	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

func TestJSONExportReimports(t *testing.T) {
	a, _ := testapp.New(t, nil)
	importCSV(t, a, registerCSV)
	doc := export(t, a, members.FormatJSON)
	rows, err := members.ReadJSON(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := testapp.New(t, nil)
	if _, err := members.Import(b, rows, members.ImportOptions{Format: idFormat}); err != nil {
		t.Fatal(err)
	}
	if got := export(t, b, members.FormatJSON); got != doc {
		t.Errorf("JSON round trip differs:\n%s\nvs\n%s", doc, got)
	}
	if export(t, b, members.FormatCSV) != export(t, a, members.FormatCSV) {
		t.Error("CSV exports differ after a JSON round trip")
	}
}

func TestReadJSONProblems(t *testing.T) {
	for _, c := range []struct{ name, doc, want string }{
		{"not an array", `{"email":"a@example.org"}`, "line 1: a JSON import file is an array"},
		{"unknown field", "[\n{\"first_name\":\"A\",\"last_name\":\"B\",\"email\":\"a@example.org\",\"nick\":\"x\"}\n]", "line 2, column nick: unknown field"},
		{"wrong type", "[\n{\"first_name\":\"A\",\"last_name\":\"B\",\"email\":\"a@example.org\"},\n{\"first_name\":1,\"last_name\":\"B\",\"email\":\"b@example.org\"}\n]", "line 3, column first_name: must be a string"},
		{"duplicate email", "[\n{\"first_name\":\"A\",\"last_name\":\"B\",\"email\":\"a@example.org\"},\n{\"first_name\":\"C\",\"last_name\":\"D\",\"email\":\"A@example.org\"}\n]", "line 3, column email: same email as line 2"},
		{"truncated", "[\n{\"first_name\":\"A\",", "line 2: malformed JSON"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := members.ReadJSON(strings.NewReader(c.doc))
			var invalid *members.InvalidFileError
			if !errors.As(err, &invalid) || !strings.HasPrefix(invalid.Problems[0].Error(), c.want) {
				t.Fatalf("got %v, want first problem %q", err, c.want)
			}
		})
	}
}
