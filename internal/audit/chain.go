package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"memberbase/internal/config"
)

// keyPurpose is the HKDF purpose of the chain key; no other protocol uses it.
const keyPurpose = "memberbase audit v1"

// Keys hold the chain's HMAC keys: Sign for new rows, and every key a row
// may have been signed with (Sign first, then those of SECRET_KEY_FALLBACKS).
type Keys struct {
	Sign   []byte
	Verify [][]byte
}

// KeysFrom derives the chain keys from SECRET_KEY and its fallbacks.
func KeysFrom(cfg *config.Config) Keys {
	k := Keys{Sign: cfg.DerivedKey(keyPurpose)}
	k.Verify = append(k.Verify, k.Sign)
	for _, fb := range cfg.SecretKeyFallbacks {
		old := *cfg
		old.SecretKey = fb
		k.Verify = append(k.Verify, old.DerivedKey(keyPurpose))
	}
	return k
}

// row is an audit_log row as stored and chained. Its JSON encoding, with the
// hashes left out, is the canonical form the HMAC covers: encoding/json
// writes struct fields in declaration order, so it is stable.
type row struct {
	Seq       int64    `json:"seq" db:"seq"`
	ID        string   `json:"id" db:"id"`
	Created   string   `json:"created" db:"created"`
	ActorType string   `json:"actor_type" db:"actor_type"`
	Actor     string   `json:"actor" db:"actor"`
	Action    string   `json:"action" db:"action"`
	Target    string   `json:"target" db:"target"`
	RecordIDs []string `json:"record_ids" db:"-"`
	Fields    []string `json:"fields" db:"-"`
	RequestID string   `json:"request_id" db:"request_id"`
	Detail    string   `json:"detail" db:"detail"`
	PrevHash  string   `json:"-" db:"prev_hash"`
	Hash      string   `json:"-" db:"hash"`
}

// canonical returns the bytes the row's HMAC covers.
func (r *row) canonical() []byte {
	if r.RecordIDs == nil {
		r.RecordIDs = []string{}
	}
	if r.Fields == nil {
		r.Fields = []string{}
	}
	b, err := json.Marshal(r)
	if err != nil {
		panic(err) // strings and string slices always encode
	}
	return b
}

// sum is HMAC-SHA-256 under key over prev_hash, a newline and the canonical
// JSON, hex-encoded.
func (r *row) sum(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(r.PrevHash))
	m.Write([]byte{'\n'})
	m.Write(r.canonical())
	return hex.EncodeToString(m.Sum(nil))
}

// verifies reports whether one of keys produced the row's hash.
func (r *row) verifies(keys [][]byte) bool {
	got, err := hex.DecodeString(r.Hash)
	if err != nil {
		return false
	}
	for _, k := range keys {
		want, _ := hex.DecodeString(r.sum(k))
		if hmac.Equal(got, want) {
			return true
		}
	}
	return false
}

// link is the value the next row's prev_hash must hold: the row's hash, or,
// for a checkpoint, the hash of the last pruned row it stands for.
func (r *row) link() string {
	if r.Action == ActionCheckpoint {
		return r.PrevHash
	}
	return r.Hash
}
