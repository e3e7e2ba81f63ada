// Package recordid makes record ids that sort by the time they were made,
// for the rows written in bulk. PocketBase's ids are random: each new row
// lands on a random page of its table's primary-key index (and of every
// index on a key derived from it, such as a mail's dedupe key), so a
// transaction writing a hundred rows into a large table dirtied about a
// hundred index pages, each written whole to the WAL at commit. Ids that
// grow with time land next to each other. They carry 36 random bits
// instead of 77: never use them where an id must be unguessable (links and
// tokens use their own secrets; record rules guard these rows).
package recordid

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// timeChars is how many leading characters hold the time: base 36 of the
// Unix time in milliseconds, enough until the year 2059 (later the time
// wraps around: the ids stay valid and unique, and sort together again).
const timeChars = 8

// alphabet is base 36's digits, in sorting order.
const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"

// New returns a 15-character id of PocketBase's default id alphabet, as
// [core.GenerateDefaultRandomId] does, whose first 8 characters are the
// time of now and the last 7 random (7.8·10¹⁰ values within each
// millisecond). A clock set back sorts the ids made meanwhile earlier,
// which costs only their locality.
func New(now time.Time) string {
	var b [15]byte
	ms := now.UnixMilli()
	for i := timeChars - 1; i >= 0; i-- {
		b[i] = alphabet[ms%36]
		ms /= 36
	}
	copy(b[timeChars:], Random(len(b)-timeChars, core.DefaultIdAlphabet))
	return string(b[:])
}
