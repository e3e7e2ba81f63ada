package card

import (
	"encoding/base64"
	"encoding/json"
)

// jwk is one public key in RFC 8037 form.
type jwk struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
}

// JWKS returns the JSON Web Key Set of every key that verifies cards, the
// signing key first: what a door app needs to check a QR offline.
func (k *Keys) JWKS() ([]byte, error) {
	set := struct {
		Keys []jwk `json:"keys"`
	}{}
	for _, kid := range k.order {
		set.Keys = append(set.Keys, jwk{Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(k.verify[kid]), Kid: kid, Alg: "EdDSA", Use: "sig"})
	}
	return json.Marshal(set)
}
