package httpsig

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MaxDateSkew is how far a signed request's Date may be from the verifier's
// clock, either way. Twelve hours is Mastodon's window.
const MaxDateSkew = 12 * time.Hour

// Verified describes a signature that checked out.
type Verified struct {
	// KeyID is the keyId as sent.
	KeyID string
	// Algorithm is the algorithm parameter as sent, lowercased: "rsa-sha256",
	// "hs2019", or "" when the sender left it out.
	Algorithm string
}

// KeyLookup returns the public key for keyID and the id of the actor that
// owns it. With refresh false it may answer from a cache; with refresh true
// it must fetch the key again from its origin.
type KeyLookup func(ctx context.Context, keyID string, refresh bool) (*rsa.PublicKey, string, error)

// Verify checks the HTTP signature on r, whose body (already read by the
// caller, under a size limit) is body, against the clock now.
//
// It requires "(request-target)", "host" and "date" among the signed headers,
// and "digest" too when there is a body or the method is POST; a Date within
// MaxDateSkew of now; and a Digest (SHA-256 or SHA-512, any case, one or
// several) that matches body. Only then does it call lookup, with the keyId as
// sent: if the signature does not verify with the key it gets, it calls lookup
// once more with refresh set, in case the key was rotated.
//
// On success it returns the key's owner, which the caller must compare with
// the actor of the activity. Errors wrap one of the Err values of this
// package, or the lookup's own error when no key could be had; Verified is
// filled in as far as the header could be read, for logging.
func Verify(r *http.Request, body []byte, now time.Time, lookup KeyLookup) (Verified, string, error) {
	raw, err := signatureValue(r.Header)
	if err != nil {
		return Verified{}, "", err
	}
	p, err := ParseSignatureHeader(raw)
	if err != nil {
		return Verified{}, "", err
	}
	v := Verified{KeyID: p.KeyID, Algorithm: asciiLower(p.Algorithm)}
	switch v.Algorithm {
	case "", "rsa-sha256", "hs2019":
	default:
		return v, "", fmt.Errorf("%w: %q", ErrUnsupportedAlgorithm, p.Algorithm)
	}

	needDigest := len(body) > 0 || r.Method == http.MethodPost
	signed := p.Headers
	if signed == nil {
		signed = []string{"date"}
	}
	for _, h := range [...]string{"(request-target)", "host", "date", "digest"} {
		if h == "digest" && !needDigest {
			continue
		}
		if !slices.Contains(signed, h) {
			return v, "", fmt.Errorf("%w: %q is not signed", ErrMissingHeader, h)
		}
	}

	if err := checkTimes(r.Header, p, now); err != nil {
		return v, "", err
	}
	if needDigest || r.Header.Get("Digest") != "" {
		if err := checkDigest(r.Header, body); err != nil {
			return v, "", err
		}
	}

	hashes, err := signingHashes(r, p, signed)
	if err != nil {
		return v, "", err
	}

	ctx := r.Context()
	key, owner, err := lookup(ctx, p.KeyID, false)
	if err != nil {
		return v, "", fmt.Errorf("httpsig: look up key %q: %w", p.KeyID, err)
	}
	if key != nil && verifyAny(key, hashes, p.Signature) {
		return v, owner, nil
	}
	fresh, owner, err := lookup(ctx, p.KeyID, true)
	if err != nil {
		return v, "", fmt.Errorf("%w (refetching key %q: %w)", ErrBadSignature, p.KeyID, err)
	}
	if fresh != nil && (key == nil || !fresh.Equal(key)) && verifyAny(fresh, hashes, p.Signature) {
		return v, owner, nil
	}
	return v, "", fmt.Errorf("%w: key %q", ErrBadSignature, p.KeyID)
}

// signatureValue finds the signature parameters, in a Signature header or
// after the "Signature" scheme of an Authorization header.
func signatureValue(h http.Header) (string, error) {
	if vals := h.Values("Signature"); len(vals) > 0 {
		if len(vals) > 1 {
			return "", fmt.Errorf("%w: %d Signature headers", ErrBadSignatureHeader, len(vals))
		}
		return vals[0], nil
	}
	auth := h.Get("Authorization")
	const scheme = "signature"
	if len(auth) > len(scheme) && asciiLower(auth[:len(scheme)]) == scheme && (auth[len(scheme)] == ' ' || auth[len(scheme)] == '\t') {
		return auth[len(scheme)+1:], nil
	}
	return "", ErrNoSignature
}

// checkTimes enforces the Date window and, when sent, (created) and (expires).
func checkTimes(h http.Header, p Params, now time.Time) error {
	ds := h.Get("Date")
	if ds == "" {
		return fmt.Errorf("%w: Date", ErrMissingHeader)
	}
	date, err := http.ParseTime(ds)
	if err != nil {
		return fmt.Errorf("%w: unreadable Date %q", ErrDateSkew, ds)
	}
	if d := now.Sub(date); d > MaxDateSkew || d < -MaxDateSkew {
		return fmt.Errorf("%w: Date %s is %s from now", ErrDateSkew, ds, d.Round(time.Second))
	}
	if p.Created != 0 {
		if d := time.Unix(p.Created, 0).Sub(now); d > MaxDateSkew || d < -MaxDateSkew {
			return fmt.Errorf("%w: created %d", ErrDateSkew, p.Created)
		}
	}
	if p.Expires != 0 && now.After(time.Unix(p.Expires, 0).Add(time.Minute)) {
		return fmt.Errorf("%w: expired at %d", ErrDateSkew, p.Expires)
	}
	return nil
}

// checkDigest compares every Digest entry whose algorithm it knows with body.
// At least one known entry is required and all of them must match.
func checkDigest(h http.Header, body []byte) error {
	vals := h.Values("Digest")
	if len(vals) == 0 {
		return fmt.Errorf("%w: Digest", ErrMissingHeader)
	}
	known := 0
	for _, v := range vals {
		for entry := range strings.SplitSeq(v, ",") {
			alg, enc, ok := strings.Cut(strings.TrimSpace(entry), "=")
			if !ok {
				continue
			}
			var sum []byte
			switch asciiLower(strings.TrimSpace(alg)) {
			case "sha-256":
				s := sha256.Sum256(body)
				sum = s[:]
			case "sha-512":
				s := sha512.Sum512(body)
				sum = s[:]
			default:
				continue
			}
			known++
			got, err := decodeBase64(strings.TrimSpace(enc))
			if err != nil || !bytes.Equal(got, sum) {
				return fmt.Errorf("%w: %s", ErrDigestMismatch, strings.TrimSpace(alg))
			}
		}
	}
	if known == 0 {
		return fmt.Errorf("%w: no SHA-256 or SHA-512 digest in %q", ErrDigestMismatch, strings.Join(vals, ", "))
	}
	return nil
}

// signingHashes builds the string the sender signed and returns its SHA-256.
// Senders disagree on the path in (request-target): most use the path as sent
// on the wire, go-fed-based ones the decoded path. When those differ, a hash
// is returned for each, and a signature over either is accepted.
func signingHashes(r *http.Request, p Params, signed []string) ([][]byte, error) {
	targets := []string{r.URL.RequestURI()}
	if r.RequestURI != "" && strings.HasPrefix(r.RequestURI, "/") && r.RequestURI != targets[0] {
		targets = append(targets, r.RequestURI)
	}
	decoded := r.URL.Path
	if r.URL.RawQuery != "" {
		decoded += "?" + r.URL.RawQuery
	}
	if !slices.Contains(targets, decoded) {
		targets = append(targets, decoded)
	}

	hashes := make([][]byte, 0, len(targets))
	var b strings.Builder
	for _, target := range targets {
		b.Reset()
		for i, name := range signed {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(name)
			b.WriteString(": ")
			switch name {
			case "(request-target)":
				b.WriteString(asciiLower(r.Method))
				b.WriteByte(' ')
				b.WriteString(target)
			case "(created)":
				if p.Created == 0 {
					return nil, fmt.Errorf("%w: (created) signed but no created parameter", ErrBadSignatureHeader)
				}
				b.WriteString(strconv.FormatInt(p.Created, 10))
			case "(expires)":
				if p.Expires == 0 {
					return nil, fmt.Errorf("%w: (expires) signed but no expires parameter", ErrBadSignatureHeader)
				}
				b.WriteString(strconv.FormatInt(p.Expires, 10))
			default:
				vals := r.Header.Values(name)
				if len(vals) == 0 && name == "host" && r.Host != "" {
					// A Go server moves Host out of the header map.
					vals = []string{r.Host}
				}
				if len(vals) == 0 {
					return nil, fmt.Errorf("%w: %q is signed but absent", ErrMissingHeader, name)
				}
				for j, val := range vals {
					if j > 0 {
						b.WriteString(", ")
					}
					b.WriteString(strings.TrimSpace(val))
				}
			}
		}
		sum := sha256.Sum256([]byte(b.String()))
		hashes = append(hashes, sum[:])
	}
	return hashes, nil
}

func verifyAny(key *rsa.PublicKey, hashes [][]byte, sig []byte) bool {
	for _, h := range hashes {
		if rsa.VerifyPKCS1v15(key, crypto.SHA256, h, sig) == nil {
			return true
		}
	}
	return false
}
