// Package httpsig signs and verifies HTTP requests with HTTP Signatures
// (draft-cavage-http-signatures) the way the fediverse uses them: RSA keys,
// rsa-sha256 (or "hs2019", which peers send meaning the same thing), a
// Digest header over the body, and a keyId naming an actor's key.
//
// Signing goes through go-fed/httpsig. Verification is done here, because
// peers differ in ways go-fed's verifier does not allow for: the Host header
// is absent from a Go server's header map, the Signature may come in an
// Authorization header, the Digest may list several algorithms, and the
// caller needs its own clock and a key lookup that can be retried after a
// key rotation.
package httpsig

import (
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	gofed "github.com/go-fed/httpsig"
)

// Key is a signing key: the keyId published in an actor's publicKey
// (for example https://host/members/alice#main-key) and its private half.
type Key struct {
	ID      string
	Private *rsa.PrivateKey
}

// Errors returned by Verify (wrapped, with detail). Every one of them means
// the request is not authenticated and should be answered with 401.
var (
	ErrNoSignature          = errors.New("httpsig: request is not signed")
	ErrBadSignatureHeader   = errors.New("httpsig: malformed signature header")
	ErrMissingHeader        = errors.New("httpsig: required header missing or unsigned")
	ErrUnsupportedAlgorithm = errors.New("httpsig: unsupported signature algorithm")
	ErrDateSkew             = errors.New("httpsig: date outside the accepted window")
	ErrDigestMismatch       = errors.New("httpsig: digest does not match body")
	ErrBadSignature         = errors.New("httpsig: signature does not verify")
)

// Header lists signed by SignRequest, as Mastodon and Lemmy expect.
var (
	getHeaders  = []string{gofed.RequestTarget, "host", "date"}
	postHeaders = []string{gofed.RequestTarget, "host", "date", "digest"}
)

// go-fed signers keep a running hash and so must not be shared between
// goroutines. Building one is cheap, but a pool is cheaper still and avoids
// garbage on the delivery hot path (see BenchmarkSignerAcquire); each pool
// holds signers for one header list.
var (
	getSigners  = signerPool(getHeaders)
	postSigners = signerPool(postHeaders)
)

func signerPool(headers []string) *sync.Pool {
	return &sync.Pool{New: func() any {
		s, _, err := gofed.NewSigner([]gofed.Algorithm{gofed.RSA_SHA256}, gofed.DigestSha256, headers, gofed.Signature, 0)
		if err != nil {
			// Only possible if SHA-256 were compiled out of the binary.
			panic("httpsig: rsa-sha256 signer unavailable: " + err.Error())
		}
		return s
	}}
}

// SignRequest signs r with k. It sets the Host header (and r.Host) to the
// request's host, with the port only when it is not the scheme's default,
// sets Date to the current time, and for a request with a body (and for
// every POST) sets Digest: SHA-256=<base64>. The signature covers
// "(request-target) host date digest" for requests with a body and
// "(request-target) host date" otherwise. body must be exactly what will be
// sent. SignRequest may be called again on the same request (a retry or a
// redirect): it replaces what an earlier call set.
func SignRequest(r *http.Request, k Key, body []byte) error {
	if k.Private == nil || k.ID == "" {
		return errors.New("httpsig: sign: key without id or private key")
	}
	if r.URL == nil {
		return errors.New("httpsig: sign: request without URL")
	}
	host := canonicalHost(r)
	if host == "" {
		return errors.New("httpsig: sign: request without host")
	}
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	r.Host = host
	r.Header.Set("Host", host)
	r.Header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	r.Header.Del("Digest")
	r.Header.Del("Signature")

	pool, withBody := getSigners, len(body) > 0 || r.Method == http.MethodPost
	if withBody {
		pool = postSigners
		if body == nil {
			body = []byte{} // go-fed adds a Digest only for a non-nil body
		}
	} else {
		body = nil
	}

	// go-fed builds (request-target) from URL.Path, the decoded path, but
	// net/http sends the escaped path and verifiers use what they receive.
	// Sign a shallow copy whose Path is the escaped form; it shares r.Header,
	// so the headers go-fed sets land on r.
	target := r
	if escaped := r.URL.EscapedPath(); escaped != r.URL.Path {
		u := *r.URL
		u.Path, u.RawPath = escaped, ""
		target = r.WithContext(r.Context())
		target.URL = &u
	}

	s := pool.Get().(gofed.Signer)
	err := s.SignRequest(k.Private, k.ID, target, body)
	pool.Put(s)
	if err != nil {
		return fmt.Errorf("httpsig: sign: %w", err)
	}

	// go-fed always announces algorithm="hs2019". Mastodon, Lemmy and the
	// design ask for "rsa-sha256"; the parameter is not itself signed, so
	// rewrite it.
	p, err := ParseSignatureHeader(r.Header.Get("Signature"))
	if err != nil {
		return fmt.Errorf("httpsig: sign: reading go-fed output: %w", err)
	}
	p.Algorithm = "rsa-sha256"
	r.Header.Set("Signature", p.String())
	return nil
}

// canonicalHost is r.Host (or the URL's host) without the scheme's default
// port, so that what is signed is what net/http sends.
func canonicalHost(r *http.Request) string {
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	h, port, err := net.SplitHostPort(host)
	if err != nil {
		return host
	}
	if (port == "443" && r.URL.Scheme == "https") || (port == "80" && r.URL.Scheme == "http") {
		if ip := net.ParseIP(h); ip != nil && ip.To4() == nil {
			return "[" + h + "]" // an IPv6 literal keeps its brackets
		}
		return h
	}
	return host
}

// Digest returns the value of a Digest header for body: "SHA-256=<base64>".
func Digest(body []byte) string {
	sum := sha256.Sum256(body)
	return "SHA-256=" + base64.StdEncoding.EncodeToString(sum[:])
}
