package members_test

import (
	"errors"
	"strings"
	"testing"

	"memberbase/internal/members"
)

// longestEmail is a valid address of exactly n characters.
func longestEmail(n int) string {
	domain := strings.Repeat("d", 60) + "." + strings.Repeat("e", 60) + "." + strings.Repeat("f", 50) + ".example.org"
	return strings.Repeat("a", n-1-len(domain)) + "@" + domain
}

// Every limit of an import row takes a value of exactly its size and
// refuses one character more, naming the column.
func TestImportRowLimitsAtTheirExactSize(t *testing.T) {
	for _, tc := range []struct {
		column    string
		fits, not string
	}{
		{"member_id", "M-" + strings.Repeat("9", 38), "M-" + strings.Repeat("9", 39)},
		{"consent_version", strings.Repeat("v", 40), strings.Repeat("v", 41)},
		{"email", longestEmail(254), longestEmail(255)},
		{"phone", "+" + strings.Repeat("1", 39), "+" + strings.Repeat("1", 40)},
		{"first_name", strings.Repeat("é", 100), strings.Repeat("é", 101)},
	} {
		t.Run(tc.column, func(t *testing.T) {
			file := func(v string) string {
				vals := map[string]string{"member_id": "", "first_name": "Ann", "last_name": "Lee",
					"email": "ann@example.org", "phone": "", "consent_version": ""}
				vals[tc.column] = v
				return "member_id,first_name,last_name,email,phone,consent_version\n" +
					strings.Join([]string{vals["member_id"], vals["first_name"], vals["last_name"],
						vals["email"], vals["phone"], vals["consent_version"]}, ",") + "\n"
			}
			rows, err := members.ReadCSV(strings.NewReader(file(tc.fits)))
			if err != nil {
				t.Fatalf("%d characters refused: %v", len([]rune(tc.fits)), err)
			}
			if got := rows[0]; got.MemberID+got.ConsentVersion+got.Email+got.Phone+got.FirstName == "" {
				t.Fatalf("value lost: %+v", got)
			}
			_, err = members.ReadCSV(strings.NewReader(file(tc.not)))
			var invalid *members.InvalidFileError
			if !errors.As(err, &invalid) || len(invalid.Problems) != 1 || invalid.Problems[0].Column != tc.column {
				t.Fatalf("%d characters: %v, want one problem in %s", len([]rune(tc.not)), err, tc.column)
			}
		})
	}
}

// A tombstone row must stay empty: any one personal field on an erased row
// is a problem, and so is an erased row without its member ID.
func TestErasedRowsCarryNoPersonalData(t *testing.T) {
	header := "member_id,first_name,last_name,email,phone,status\n"
	if _, err := members.ReadCSV(strings.NewReader(header + "M-000001,,,,,erased\n")); err != nil {
		t.Fatalf("tombstone refused: %v", err)
	}
	for name, row := range map[string]string{
		"first name": "M-000001,Ann,,,,erased",
		"last name":  "M-000001,,Lee,,,erased",
		"email":      "M-000001,,,ann@example.org,,erased",
		"phone":      "M-000001,,,,+49 30 1,erased",
		"no id":      ",,,,,erased",
	} {
		_, err := members.ReadCSV(strings.NewReader(header + row + "\n"))
		var invalid *members.InvalidFileError
		if !errors.As(err, &invalid) || len(invalid.Problems) != 1 {
			t.Errorf("%s: %v, want one problem", name, err)
		}
	}
}
