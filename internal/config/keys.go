package config

import (
	"crypto/hkdf"
	"crypto/sha256"
)

// DerivedKey returns a 32-byte key for one purpose derived from SECRET_KEY
// through HKDF, so no key ever serves two protocols. purpose is a fixed,
// versioned string such as "memberbase intake quota v1".
func (c *Config) DerivedKey(purpose string) []byte {
	k, err := hkdf.Key(sha256.New, []byte(c.SecretKey), nil, purpose, 32)
	if err != nil {
		// Only an output length over 255*32 bytes fails: not ours.
		panic(err)
	}
	return k
}

// DerivedKeys returns the key of purpose from SECRET_KEY first, then those
// from each of SECRET_KEY_FALLBACKS: for checking values (HMACs) written
// before a key rotation.
func (c *Config) DerivedKeys(purpose string) [][]byte {
	keys := [][]byte{c.DerivedKey(purpose)}
	for _, fb := range c.SecretKeyFallbacks {
		old := *c
		old.SecretKey = fb
		keys = append(keys, old.DerivedKey(purpose))
	}
	return keys
}

// SuppressPurpose derives the key of erasure_suppressions' HMACs.
const SuppressPurpose = "memberbase suppress v1"
