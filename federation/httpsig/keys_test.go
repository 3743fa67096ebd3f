package httpsig_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/federation/httpsig"
)

func TestKeyPEM(t *testing.T) {
	t.Parallel()
	good, _ := keys(t)
	if good.N.BitLen() != httpsig.KeyBits {
		t.Errorf("key has %d bits", good.N.BitLen())
	}

	priv, err := httpsig.EncodePrivatePEM(good)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(priv, "-----BEGIN PRIVATE KEY-----\n") {
		t.Errorf("private PEM starts %q", priv[:30])
	}
	back, err := httpsig.ParsePrivatePEM(priv)
	if err != nil || !back.Equal(good) {
		t.Fatalf("private round trip: %v", err)
	}
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(good)}))
	if back, err := httpsig.ParsePrivatePEM(pkcs1); err != nil || !back.Equal(good) {
		t.Fatalf("PKCS#1 private key: %v", err)
	}

	pub, err := httpsig.EncodePublicPEM(&good.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(pub, "-----BEGIN PUBLIC KEY-----\n") {
		t.Errorf("public PEM starts %q", pub[:30])
	}
	forms := map[string]string{
		"pkix":              pub,
		"pkcs1":             string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&good.PublicKey)})),
		"pkix with crlf":    strings.ReplaceAll(pub, "\n", "\r\n"),
		"pkix mislabelled":  strings.ReplaceAll(pub, "PUBLIC KEY", "RSA PUBLIC KEY"),
		"pkcs1 mislabelled": string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&good.PublicKey)})),
	}
	for name, s := range forms {
		k, err := httpsig.ParsePublicPEM(s)
		if err != nil || !k.Equal(&good.PublicKey) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestKeyPEMErrors(t *testing.T) {
	t.Parallel()
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ecPub, _ := x509.MarshalPKIXPublicKey(&ec.PublicKey)
	ecPriv, _ := x509.MarshalPKCS8PrivateKey(ec)
	for name, s := range map[string]string{
		"empty":    "",
		"not pem":  "hello",
		"garbage":  string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte("xyz")})),
		"ec key":   string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: ecPub})),
		"ec priv":  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecPriv})),
		"trailing": "-----BEGIN PUBLIC KEY-----\nAAAA",
	} {
		if _, err := httpsig.ParsePublicPEM(s); err == nil {
			t.Errorf("public %s: no error", name)
		}
		if _, err := httpsig.ParsePrivatePEM(s); err == nil {
			t.Errorf("private %s: no error", name)
		}
	}
}
