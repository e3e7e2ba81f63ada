package audit

import (
	"crypto/sha256"
	"encoding/hex"
)

// RechainPlainForTest recomputes what an attacker without the key can: a
// hash chain of plain SHA-256 over prev_hash and each row's canonical JSON.
// rows are (seq, id, created, actor_type, actor, action, target, record_ids,
// fields, request_id, detail) in chain order; it returns each row's
// prev_hash and hash.
func RechainPlainForTest(rows []PlainRow) [][2]string {
	out := make([][2]string, len(rows))
	prev := ""
	for i, p := range rows {
		r := row(p)
		r.PrevHash = prev
		h := sha256.New()
		h.Write([]byte(prev))
		h.Write([]byte{'\n'})
		h.Write(r.canonical())
		prev = hex.EncodeToString(h.Sum(nil))
		out[i] = [2]string{r.PrevHash, prev}
	}
	return out
}

// PlainRow is a row's content as a test reads it back.
type PlainRow row
