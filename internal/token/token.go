// Package token makes and checks the random tokens behind every link we
// mail (join and privacy confirmations, downloads, manage links, email
// changes). Only a token's SHA-256 is stored; a link's token is found through
// the unique index on that hash and compared in constant time.
package token

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Size is the number of random bytes in a token.
const Size = 32

// encodedLen is the length of a token in base64url without padding.
var encodedLen = base64.RawURLEncoding.EncodedLen(Size)

// ErrNotFound is returned for a token that is malformed or matches no row.
// Callers answer 410 for it, the same as for a used or expired token.
var ErrNotFound = errors.New("token: not found")

// New returns a fresh token for a link and the hash to store.
func New() (plain, hash string, err error) {
	b := make([]byte, Size)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("token: %w", err)
	}
	plain = base64.RawURLEncoding.EncodeToString(b)
	return plain, Hash(plain), nil
}

// Hash is the stored form of a token: SHA-256, hex.
func Hash(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}

// WellFormed reports whether s has the shape of a token we issue, so
// garbage never reaches the database.
func WellFormed(s string) bool {
	if len(s) != encodedLen {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil
}

// Equal compares two stored hashes in constant time.
func Equal(a, b string) bool {
	return len(a) == len(b) && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// Find returns the record of collection whose field holds the hash of plain,
// looked up through that field's unique index (never a scan) and compared
// in constant time. A malformed or unknown token is [ErrNotFound].
func Find(app core.App, collection, field, plain string) (*core.Record, error) {
	if !WellFormed(plain) {
		return nil, ErrNotFound
	}
	h := Hash(plain)
	r, err := app.FindFirstRecordByFilter(collection, field+" = {:h}", dbx.Params{"h": h})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("token: lookup in %s: %w", collection, err)
	}
	if !Equal(r.GetString(field), h) {
		return nil, ErrNotFound
	}
	return r, nil
}
