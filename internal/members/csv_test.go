package members_test

import (
	"errors"
	"strings"
	"testing"

	"memberbase/internal/members"
)

func TestReadCSVEdgeCases(t *testing.T) {
	file := "\ufeffmember_id,first_name,last_name,email,phone,marketing_opt_in\r\n" +
		"M-000001,\"Lee, Jr.\",\"Smith \"\"Smithy\"\"\",ann@example.org,\"+1 555, ext 2\",TRUE\r\n" +
		",Zoë,Øster-Łukasz,ZOE@Example.ORG,,\r\n" +
		",李,小龍,li@example.org,,false\r\n"
	rows := mustRead(t, file)
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3", len(rows))
	}
	if r := rows[0]; r.FirstName != "Lee, Jr." || r.LastName != `Smith "Smithy"` || r.Phone != "+1 555, ext 2" || !r.MarketingOptIn || r.MemberID != "M-000001" {
		t.Errorf("quoted fields: %+v", r)
	}
	if r := rows[1]; r.Email != "zoe@example.org" || r.LastName != "Øster-Łukasz" || r.Status != "active" || r.Line != 3 {
		t.Errorf("non-ASCII / defaults: %+v", r)
	}
}

func TestReadCSVProblems(t *testing.T) {
	for _, c := range []struct {
		name, file string
		want       []string // problem prefixes, in order
	}{
		{"unknown column", "first_name,last_name,email,nickname\nA,B,a@example.org,x\n",
			[]string{"line 1, column nickname: unknown column"}},
		{"missing column", "first_name,email\nA,a@example.org\n",
			[]string{"line 1, column last_name: required column missing"}},
		{"duplicate column", "first_name,last_name,email,email\nA,B,a@example.org,a@example.org\n",
			[]string{"line 1, column email: the column appears twice"}},
		{"duplicate emails", "first_name,last_name,email\nA,B,a@example.org\nC,D,A@EXAMPLE.org\n",
			[]string{"line 3, column email: same email as line 2"}},
		{"duplicate member IDs", "member_id,first_name,last_name,email\nM-1,A,B,a@example.org\nM-1,C,D,c@example.org\n",
			[]string{"line 3, column member_id: same member ID as line 2"}},
		{"field count", "first_name,last_name,email\nA,B,a@example.org,extra\n",
			[]string{"line 2: has 4 fields"}},
		{"bad values", "first_name,last_name,email,status,joined_at,consent_at,marketing_opt_in\n" +
			"A\u202e,B,a@example.org,member,01/02/2025,2025-13-01,yes\n",
			[]string{"line 2, column status:", "line 2, column first_name: Contains control",
				"line 2, column joined_at:", "line 2, column consent_at:", "line 2, column marketing_opt_in:"}},
		{"erased with personal data", "member_id,first_name,last_name,email,status\nM-000001,Ann,,,erased\n",
			[]string{"line 2, column status: an erased row must have empty"}},
		{"erased without member id", "member_id,first_name,last_name,email,status\n,,,,erased\n",
			[]string{"line 2, column member_id: an erased row must keep"}},
		{"header injection", "first_name,last_name,email\nA,B,\"a@example.org\nBcc: x@example.org\"\n",
			[]string{"line 2, column email:"}},
		{"bad quoting", "first_name,last_name,email\nA,\"B,a@example.org\n",
			[]string{"line 2: malformed CSV"}},
		{"empty file", "", []string{"line 1: the file is empty"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := members.ReadCSV(strings.NewReader(c.file))
			var invalid *members.InvalidFileError
			if !errors.As(err, &invalid) {
				t.Fatalf("got %v, want an InvalidFileError", err)
			}
			if len(invalid.Problems) != len(c.want) {
				t.Fatalf("problems %v, want %d", invalid.Problems, len(c.want))
			}
			for i, p := range invalid.Problems {
				if !strings.HasPrefix(p.Error(), c.want[i]) {
					t.Errorf("problem %d = %q, want prefix %q", i, p.Error(), c.want[i])
				}
			}
		})
	}
}
