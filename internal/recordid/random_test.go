package recordid_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/recordid"
)

// TestRandomIsUniformOverItsAlphabet: every character comes from the
// alphabet, each of them turns up about as often (a byte-modulo without
// the rejection would favour the first 256 % len characters), and ids do
// not repeat.
func TestRandomIsUniformOverItsAlphabet(t *testing.T) {
	for _, alphabet := range []string{"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", core.DefaultIdAlphabet} {
		counts := map[rune]int{}
		seen := map[string]bool{}
		const n, size = 6000, 27
		for range n {
			s := recordid.Random(size, alphabet)
			if len(s) != size || seen[s] {
				t.Fatalf("%q: wrong length or repeated", s)
			}
			seen[s] = true
			for _, c := range s {
				if !strings.ContainsRune(alphabet, c) {
					t.Fatalf("%q: %q is not in the alphabet", s, c)
				}
				counts[c]++
			}
		}
		// Each character's expected count is n*size/len; a bias of the
		// modulo kind is 12% or more here, chance stays within 10% (over 5 standard
		// deviations).
		want := float64(n*size) / float64(len(alphabet))
		for _, c := range alphabet {
			if got := float64(counts[c]); got < 0.9*want || got > 1.1*want {
				t.Errorf("%q drawn %v times, want about %v", c, got, want)
			}
		}
	}
}
