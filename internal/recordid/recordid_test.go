package recordid_test

import (
	"regexp"
	"slices"
	"testing"
	"time"

	"memberbase/internal/recordid"
)

// TestNewSortsByTimeAndIsAnID: ids are PocketBase ids (15 characters of
// a-z0-9), unique, and an id made later sorts after one made earlier,
// from one millisecond to the next and across years.
func TestNewSortsByTimeAndIsAnID(t *testing.T) {
	valid := regexp.MustCompile(`^[a-z0-9]{15}$`)
	start := time.Date(2026, 12, 2, 11, 0, 0, 0, time.UTC)
	var ids []string
	seen := map[string]bool{}
	for _, step := range []time.Duration{0, 0, 0, time.Millisecond, time.Second, time.Hour, 24 * time.Hour, 365 * 24 * time.Hour, 30 * 365 * 24 * time.Hour} {
		start = start.Add(step)
		id := recordid.New(start)
		if !valid.MatchString(id) {
			t.Errorf("%q is not a PocketBase id", id)
		}
		if seen[id] {
			t.Errorf("%q made twice", id)
		}
		seen[id] = true
		if n := len(ids); n > 0 && step > 0 && id <= ids[n-1] {
			t.Errorf("%q made at %v sorts before %q made earlier", id, start, ids[n-1])
		}
		ids = append(ids, id)
	}
	// Within one millisecond the random part decides; the time part is shared.
	if a, b := recordid.New(start), recordid.New(start); a[:8] != b[:8] || a == b {
		t.Errorf("same millisecond: %q and %q", a, b)
	}
	if !slices.IsSorted([]string{recordid.New(time.UnixMilli(0)), recordid.New(time.UnixMilli(36)), recordid.New(time.UnixMilli(36 * 36))}) {
		t.Error("the time part is not big-endian base 36")
	}
}
