package recordid

import "crypto/rand"

// Random returns n characters drawn uniformly from alphabet (at most 256
// of them) with crypto/rand, as security.RandomStringWithAlphabet does.
// That one draws a big.Int per character, about 20 times the CPU, which
// shows in the writes that make ids inside a change's transaction (a
// webhook delivery draws two strings per change): this reads the random
// bytes at once and rejects those at or above the largest multiple of the
// alphabet's length, so each character stays uniform.
func Random(n int, alphabet string) string {
	limit := 256 - 256%len(alphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/4+8)
	for len(out) < n {
		_, _ = rand.Read(buf) // never fails (crypto/rand crashes the program instead)
		for _, c := range buf {
			if int(c) >= limit {
				continue
			}
			out = append(out, alphabet[int(c)%len(alphabet)])
			if len(out) == n {
				break
			}
		}
	}
	return string(out)
}
