// Package keys makes the RSA key pairs that every local actor signs with.
package keys

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
)

// Bits is the key size every major fediverse server accepts.
const Bits = 2048

// New returns a new key pair as PEM: the public key in PKIX form and the
// private key in PKCS#8 form.
func New() (public, private string, err error) {
	k, err := rsa.GenerateKey(rand.Reader, Bits)
	if err != nil {
		return "", "", fmt.Errorf("keys: generate: %w", err)
	}
	pub, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		return "", "", fmt.Errorf("keys: public: %w", err)
	}
	priv, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return "", "", fmt.Errorf("keys: private: %w", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub})),
		string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: priv})), nil
}
