package members

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// SuppressionsCollection holds an HMAC of every erased address (SPEC §9).
const SuppressionsCollection = "erasure_suppressions"

// Suppression computes and checks the erasure suppression hashes. Keys[0]
// signs new rows; every key is tried when checking, so rows written before
// a SECRET_KEY rotation still match (SECRET_KEY_FALLBACKS).
type Suppression struct {
	Keys [][]byte
}

// hash returns the HMAC of the lower-cased address under key.
func hash(key []byte, email string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(strings.ToLower(strings.TrimSpace(email))))
	return hex.EncodeToString(m.Sum(nil))
}

// Add records email as erased through txApp; an address already recorded
// is left as it is.
func (s Suppression) Add(txApp core.App, email string) error {
	if email == "" || len(s.Keys) == 0 {
		return nil
	}
	h := hash(s.Keys[0], email)
	if found, err := s.exists(txApp, []string{h}); err != nil || found {
		return err
	}
	col, err := txApp.FindCachedCollectionByNameOrId(SuppressionsCollection)
	if err != nil {
		return fmt.Errorf("suppression: %w", err)
	}
	r := core.NewRecord(col)
	r.Set("hash", h)
	if err := txApp.Save(r); err != nil {
		return fmt.Errorf("suppression: %w", err)
	}
	return nil
}

// Suppressed reports whether email belongs to an erased person.
func (s Suppression) Suppressed(app core.App, email string) (bool, error) {
	if email == "" || len(s.Keys) == 0 {
		return false, nil
	}
	hs := make([]string, len(s.Keys))
	for i, k := range s.Keys {
		hs[i] = hash(k, email)
	}
	return s.exists(app, hs)
}

func (s Suppression) exists(app core.App, hashes []string) (bool, error) {
	vals := make([]any, len(hashes))
	for i, h := range hashes {
		vals[i] = h
	}
	var n int
	err := app.DB().Select("count(*)").From(SuppressionsCollection).
		Where(dbx.In("hash", vals...)).Row(&n)
	if err != nil {
		return false, fmt.Errorf("suppression: %w", err)
	}
	return n > 0, nil
}
