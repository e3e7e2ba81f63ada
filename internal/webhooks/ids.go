package webhooks

import "crypto/rand"

// msgAlphabet is the alphabet of a delivery's webhook-id after "msg_"
// (security.RandomString's).
const msgAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// randomText returns n characters drawn uniformly from alphabet (at most
// 256 of them) with crypto/rand, as security.RandomStringWithAlphabet
// does. That one draws a big.Int per character, about 20 times the CPU,
// and [Queue] draws two strings inside every change's transaction: this
// reads the random bytes at once and rejects those at or above the
// largest multiple of the alphabet's length, so each character stays
// uniform.
func randomText(n int, alphabet string) string {
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
