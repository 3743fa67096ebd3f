package httpsig

import (
	"bytes"
	"context"
	"crypto/rsa"
	"net/http"
	"sync"
	"testing"
	"time"

	gofed "github.com/go-fed/httpsig"
)

var benchKey = sync.OnceValues(GenerateKey)

func benchRequest(b *testing.B, body []byte) *http.Request {
	r, err := http.NewRequest(http.MethodPost, "https://b.example/inbox", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	return r
}

func BenchmarkSign(b *testing.B) {
	k, err := benchKey()
	if err != nil {
		b.Fatal(err)
	}
	key := Key{ID: "https://a.example/members/alice#main-key", Private: k}
	body := bytes.Repeat([]byte("x"), 2048)
	r := benchRequest(b, body)
	b.ReportAllocs()
	for b.Loop() {
		if err := SignRequest(r, key, body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	k, err := benchKey()
	if err != nil {
		b.Fatal(err)
	}
	body := bytes.Repeat([]byte("x"), 2048)
	r := benchRequest(b, body)
	if err := SignRequest(r, Key{ID: "https://a.example/members/alice#main-key", Private: k}, body); err != nil {
		b.Fatal(err)
	}
	lookup := func(context.Context, string, bool) (*rsa.PublicKey, string, error) {
		return &k.PublicKey, "https://a.example/members/alice", nil
	}
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Verify(r, body, now, lookup); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSignerAcquire compares building a go-fed signer per call with
// taking one from a pool; SignRequest uses the cheaper.
func BenchmarkSignerAcquire(b *testing.B) {
	b.Run("new", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s, _, err := gofed.NewSigner([]gofed.Algorithm{gofed.RSA_SHA256}, gofed.DigestSha256, postHeaders, gofed.Signature, 0)
			if err != nil || s == nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("pool", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s := postSigners.Get().(gofed.Signer)
			postSigners.Put(s)
		}
	})
}
