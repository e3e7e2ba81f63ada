package token

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Fields every row behind a mailed link has: the token's hash (unique, so
// [Find] reads it through an index) and the moment the link stops working.
const (
	HashField    = "token_hash"
	ExpiresField = "expires_at"
)

// NewRow saves, in tx, a new record of collection for a link about to be
// mailed: fields, a fresh token's hash in [HashField] and expires in
// [ExpiresField]. It returns the plain token, which goes into the mail and
// nowhere else, and the saved record. Fields are set with Record.Set, so a
// key that is not a field (such as a hook's in-memory marker) is kept on the
// record for the save's hooks without being stored.
func NewRow(tx core.App, collection string, fields map[string]any, expires time.Time) (string, *core.Record, error) {
	plain, hash, err := New()
	if err != nil {
		return "", nil, err
	}
	col, err := tx.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return "", nil, fmt.Errorf("token: %w", err)
	}
	r := core.NewRecord(col)
	for k, v := range fields {
		r.Set(k, v)
	}
	r.Set(HashField, hash)
	r.Set(ExpiresField, expires)
	if err := tx.Save(r); err != nil {
		return "", nil, fmt.Errorf("token: save %s row: %w", collection, err)
	}
	return plain, r, nil
}
