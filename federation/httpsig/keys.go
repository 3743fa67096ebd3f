package httpsig

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
)

// KeyBits is the size of keys made by GenerateKey: RSA-2048, which every
// major fediverse server accepts.
const KeyBits = 2048

// GenerateKey makes a new RSA-2048 key pair for an actor.
func GenerateKey() (*rsa.PrivateKey, error) {
	k, err := rsa.GenerateKey(rand.Reader, KeyBits)
	if err != nil {
		return nil, fmt.Errorf("httpsig: generate key: %w", err)
	}
	return k, nil
}

// EncodePrivatePEM encodes k as a PKCS#8 "PRIVATE KEY" PEM block.
func EncodePrivatePEM(k *rsa.PrivateKey) (string, error) {
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return "", fmt.Errorf("httpsig: encode private key: %w", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})), nil
}

// EncodePublicPEM encodes k as a PKIX "PUBLIC KEY" PEM block, the form
// published as publicKeyPem in an actor's publicKey.
func EncodePublicPEM(k *rsa.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(k)
	if err != nil {
		return "", fmt.Errorf("httpsig: encode public key: %w", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})), nil
}

// ParsePrivatePEM reads an RSA private key in PKCS#8 ("PRIVATE KEY") or
// PKCS#1 ("RSA PRIVATE KEY") form.
func ParsePrivatePEM(s string) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return nil, errors.New("httpsig: parse private key: no PEM block")
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("httpsig: parse private key: %w", err)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("httpsig: parse private key: %T is not an RSA key", k)
	}
	return rk, nil
}

// ParsePublicPEM reads an RSA public key from a remote actor's publicKeyPem,
// in PKIX ("PUBLIC KEY") or PKCS#1 ("RSA PUBLIC KEY") form. The PEM label is
// not trusted — some servers mislabel their keys — both encodings are tried.
func ParsePublicPEM(s string) (*rsa.PublicKey, error) {
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return nil, errors.New("httpsig: parse public key: no PEM block")
	}
	if k, err := x509.ParsePKCS1PublicKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("httpsig: parse public key: %w", err)
	}
	rk, ok := k.(*rsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("httpsig: parse public key: %T is not an RSA key", k)
	}
	return rk, nil
}
