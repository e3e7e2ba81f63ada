package privacy

import (
	"encoding/json"
	"testing"
)

func TestSummaryWritesValuesForPeople(t *testing.T) {
	at := "2026-01-10T08:31:00.000Z"
	var unset *string
	for _, c := range []struct {
		in   any
		want string
	}{
		{nil, "—"}, {unset, "—"}, {&at, at}, {"", "—"}, {"Zoë", "Zoë"}, {true, "yes"}, {false, "no"},
		{float64(12.5), "12.5"}, {float64(3), "3"}, {[]string{}, "—"}, {[]string{"a.png", "b.png"}, "a.png, b.png"},
		{json.RawMessage(`{"k":1}`), `{"k":1}`},
	} {
		if got := display(c.in); got != c.want {
			t.Errorf("display(%#v) = %q, want %q", c.in, got, c.want)
		}
	}
	for in, want := range map[string]string{"id": "Record id", "member_id": "Member ID", "first_name": "First name",
		"marketing_opt_in": "Marketing opt in", "x": "X"} {
		if got := label(in); got != want {
			t.Errorf("label(%q) = %q, want %q", in, got, want)
		}
	}
}
