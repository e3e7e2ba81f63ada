package members

import "testing"

func TestParseAndFormatDate(t *testing.T) {
	for in, want := range map[string]string{
		"":                              "",
		"2025-01-02":                    "2025-01-02T00:00:00.000Z",
		"2025-01-02T03:04:05Z":          "2025-01-02T03:04:05.000Z",
		"2025-01-02T03:04:05.678+01:00": "2025-01-02T02:04:05.678Z",
		" 2025-01-02T03:04:05.678Z ":    "2025-01-02T03:04:05.678Z",
	} {
		d, err := parseDate(in)
		if err != nil || formatDate(d) != want {
			t.Errorf("parseDate(%q) = %q, %v; want %q", in, formatDate(d), err, want)
		}
	}
	for _, in := range []string{"02/01/2025", "2025-02-30", "2025-01-02 03:04:05", "yesterday"} {
		if _, err := parseDate(in); err == nil {
			t.Errorf("parseDate(%q) accepted", in)
		}
	}
}
