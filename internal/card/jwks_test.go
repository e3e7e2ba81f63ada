package card_test

import (
	"crypto"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"memberbase/internal/card"
)

// TestJWKSVerifiesWithGoJose: a door app using a standard JOSE library
// verifies a QR token offline with the published set, by kid, for the
// current and the previous key.
func TestJWKSVerifiesWithGoJose(t *testing.T) {
	now := t0
	old := card.NewKeys(key('a'), nil, clock(&now))
	k := card.NewKeys(key('b'), []ed25519.PublicKey{key('a').Public().(ed25519.PublicKey)}, clock(&now))
	body, err := k.JWKS()
	if err != nil {
		t.Fatal(err)
	}
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(body, &set); err != nil {
		t.Fatalf("not a JWKS: %v\n%s", err, body)
	}
	if len(set.Keys) != 2 || set.Keys[0].KeyID != card.Kid(key('b').Public().(ed25519.PublicKey)) {
		t.Fatalf("keys = %+v", set.Keys)
	}
	for _, kk := range set.Keys {
		tp, err := kk.Thumbprint(crypto.SHA256)
		if err != nil || b64(tp) != kk.KeyID {
			t.Errorf("kid %s is not the RFC 7638 thumbprint: %v", kk.KeyID, err)
		}
	}
	c := withTimes(claims(), card.UseCard, now, now.Add(time.Hour))
	for name, signer := range map[string]*card.Keys{"current": k, "previous": old} {
		short, err := signer.VerifyToken(&c)
		if err != nil {
			t.Fatal(err)
		}
		sig, err := jose.ParseSignedCompact(short, []jose.SignatureAlgorithm{jose.EdDSA})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		found := set.Key(sig.Signatures[0].Header.KeyID)
		if len(found) != 1 {
			t.Fatalf("%s: kid not in the set", name)
		}
		if _, err := sig.Verify(found[0]); err != nil {
			t.Errorf("%s: go-jose refuses the signature: %v", name, err)
		}
	}
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
