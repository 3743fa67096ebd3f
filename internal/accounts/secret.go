package accounts

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
)

var secretEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// newSecret returns a random secret with a readable prefix: 160 bits.
func newSecret(prefix string) string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return prefix + secretEncoding.EncodeToString(b)
}

// hashSecret is how secrets are kept at rest: they are random and long, so
// a fast hash is enough.
func hashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
