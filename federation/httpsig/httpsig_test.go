package httpsig_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/protectors-portal/portal/federation/httpsig"
)

// Two keys, generated once for the whole package: RSA generation is the
// slowest thing these tests do.
var testKeys = sync.OnceValues(func() ([2]*rsa.PrivateKey, error) {
	var ks [2]*rsa.PrivateKey
	for i := range ks {
		k, err := httpsig.GenerateKey()
		if err != nil {
			return ks, err
		}
		ks[i] = k
	}
	return ks, nil
})

const (
	aliceKeyID = "https://a.example/members/alice#main-key"
	aliceID    = "https://a.example/members/alice"
	activity   = `{"type":"Create","actor":"https://a.example/members/alice"}`
)

func keys(t testing.TB) (good, other *rsa.PrivateKey) {
	t.Helper()
	ks, err := testKeys()
	if err != nil {
		t.Fatal(err)
	}
	return ks[0], ks[1]
}

// lookupRecorder answers key lookups from a fixed sequence of keys (the last
// one repeats) and records each call.
type lookupRecorder struct {
	mu    sync.Mutex
	keys  []*rsa.PublicKey
	calls []lookupCall
}

type lookupCall struct {
	keyID   string
	refresh bool
}

func (l *lookupRecorder) lookup(_ context.Context, keyID string, refresh bool) (*rsa.PublicKey, string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	i := min(len(l.calls), len(l.keys)-1)
	l.calls = append(l.calls, lookupCall{keyID, refresh})
	return l.keys[i], aliceID, nil
}

func newRequest(t testing.TB, method, url string, body []byte) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	r, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// signByHand signs r independently of the package under test, with any
// header list and algorithm, the way other servers do.
func signByHand(t testing.TB, r *http.Request, k *rsa.PrivateKey, keyID, algorithm string, headers []string) {
	t.Helper()
	signTargetByHand(t, r, k, keyID, algorithm, headers, r.URL.RequestURI())
}

// handSigningString is the draft-cavage signing string, built from the
// request as it goes on the wire.
func handSigningString(r *http.Request, headers []string, target string) []byte {
	var lines []string
	for _, h := range headers {
		switch h {
		case "(request-target)":
			lines = append(lines, h+": "+strings.ToLower(r.Method)+" "+target)
		case "host":
			host := r.Host
			if host == "" {
				host = r.URL.Host
			}
			lines = append(lines, "host: "+host)
		default:
			lines = append(lines, h+": "+r.Header.Get(h))
		}
	}
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return sum[:]
}

func signTargetByHand(t testing.TB, r *http.Request, k *rsa.PrivateKey, keyID, algorithm string, headers []string, target string) {
	t.Helper()
	sig, err := rsa.SignPKCS1v15(nil, k, crypto.SHA256, handSigningString(r, headers, target))
	if err != nil {
		t.Fatal(err)
	}
	v := `keyId="` + keyID + `",`
	if algorithm != "" {
		v += `algorithm="` + algorithm + `",`
	}
	v += `headers="` + strings.Join(headers, " ") + `",signature="` + base64.StdEncoding.EncodeToString(sig) + `"`
	r.Header.Set("Signature", v)
}

func TestSignThenVerify(t *testing.T) {
	t.Parallel()
	good, _ := keys(t)
	tests := []struct {
		name, method, url string
		body              []byte
		wantHeaders       string
		wantHost          string
	}{
		{"get", http.MethodGet, "https://b.example/members/bob", nil, "(request-target) host date", "b.example"},
		{"get with query", http.MethodGet, "https://b.example/threads/1/context?page=2", nil, "(request-target) host date", "b.example"},
		{"post", http.MethodPost, "https://b.example/inbox", []byte(activity), "(request-target) host date digest", "b.example"},
		{"post with port", http.MethodPost, "http://127.0.0.1:8080/inbox", []byte(activity), "(request-target) host date digest", "127.0.0.1:8080"},
		{"default port dropped", http.MethodGet, "https://b.example:443/actor", nil, "(request-target) host date", "b.example"},
		{"ipv6 default port dropped", http.MethodGet, "http://[2001:db8::1]:80/actor", nil, "(request-target) host date", "[2001:db8::1]"},
		{"escaped path", http.MethodGet, "https://b.example/tags/caf%C3%A9%20x", nil, "(request-target) host date", "b.example"},
		{"empty post", http.MethodPost, "https://b.example/inbox", nil, "(request-target) host date digest", "b.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRequest(t, tt.method, tt.url, tt.body)
			if err := httpsig.SignRequest(r, httpsig.Key{ID: aliceKeyID, Private: good}, tt.body); err != nil {
				t.Fatal(err)
			}
			if r.Host != tt.wantHost || r.Header.Get("Host") != tt.wantHost {
				t.Errorf("host = %q / header %q, want %q", r.Host, r.Header.Get("Host"), tt.wantHost)
			}
			p, err := httpsig.ParseSignatureHeader(r.Header.Get("Signature"))
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(p.Headers, " "); got != tt.wantHeaders {
				t.Errorf("signed headers = %q, want %q", got, tt.wantHeaders)
			}
			if p.Algorithm != "rsa-sha256" || p.KeyID != aliceKeyID {
				t.Errorf("algorithm %q keyId %q", p.Algorithm, p.KeyID)
			}
			if _, err := http.ParseTime(r.Header.Get("Date")); err != nil || !strings.HasSuffix(r.Header.Get("Date"), " GMT") {
				t.Errorf("Date %q: %v", r.Header.Get("Date"), err)
			}
			if tt.method == http.MethodPost && r.Header.Get("Digest") != httpsig.Digest(tt.body) {
				t.Errorf("Digest = %q", r.Header.Get("Digest"))
			}
			// Checked independently of Verify, against the path as sent.
			if err := rsa.VerifyPKCS1v15(&good.PublicKey, crypto.SHA256, handSigningString(r, p.Headers, r.URL.RequestURI()), p.Signature); err != nil {
				t.Errorf("signature over the wire form does not verify: %v", err)
			}

			l := &lookupRecorder{keys: []*rsa.PublicKey{&good.PublicKey}}
			v, owner, err := httpsig.Verify(r, tt.body, time.Now(), l.lookup)
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			if owner != aliceID || v.KeyID != aliceKeyID || v.Algorithm != "rsa-sha256" {
				t.Errorf("got %+v owner %q", v, owner)
			}
			if len(l.calls) != 1 || l.calls[0] != (lookupCall{aliceKeyID, false}) {
				t.Errorf("lookups = %+v", l.calls)
			}
		})
	}
}

func TestSignTwiceReplaces(t *testing.T) {
	t.Parallel()
	good, _ := keys(t)
	body := []byte(activity)
	r := newRequest(t, http.MethodPost, "https://b.example/inbox", body)
	k := httpsig.Key{ID: aliceKeyID, Private: good}
	for range 2 {
		if err := httpsig.SignRequest(r, k, body); err != nil {
			t.Fatal(err)
		}
	}
	for _, h := range []string{"Signature", "Digest", "Date", "Host"} {
		if n := len(r.Header.Values(h)); n != 1 {
			t.Errorf("%s appears %d times", h, n)
		}
	}
	l := &lookupRecorder{keys: []*rsa.PublicKey{&good.PublicKey}}
	if _, _, err := httpsig.Verify(r, body, time.Now(), l.lookup); err != nil {
		t.Fatal(err)
	}
}

func TestSignRejectsIncompleteKey(t *testing.T) {
	t.Parallel()
	good, _ := keys(t)
	for _, k := range []httpsig.Key{{ID: aliceKeyID}, {Private: good}} {
		if err := httpsig.SignRequest(newRequest(t, http.MethodGet, "https://b.example/", nil), k, nil); err == nil {
			t.Errorf("key %+v: no error", k.ID)
		}
	}
}

func TestVerifyFailures(t *testing.T) {
	t.Parallel()
	good, _ := keys(t)
	body := []byte(activity)
	fedifyHeaders := []string{"(request-target)", "content-type", "date", "digest", "host"}
	postHeaders := []string{"(request-target)", "host", "date", "digest"}

	// post returns a hand-signable POST with Host, Date, Digest and
	// Content-Type set but no signature yet.
	post := func(t *testing.T, date time.Time) *http.Request {
		r := newRequest(t, http.MethodPost, "https://b.example/inbox", body)
		r.Header.Set("Date", date.UTC().Format(http.TimeFormat))
		r.Header.Set("Digest", httpsig.Digest(body))
		r.Header.Set("Content-Type", "application/activity+json")
		return r
	}
	now := time.Now()
	tests := []struct {
		name    string
		req     func(t *testing.T) *http.Request
		body    []byte
		now     time.Time
		wantErr error
		wantAlg string
	}{
		{
			name: "tampered body",
			req: func(t *testing.T) *http.Request {
				r := newRequest(t, http.MethodPost, "https://b.example/inbox", body)
				if err := httpsig.SignRequest(r, httpsig.Key{ID: aliceKeyID, Private: good}, body); err != nil {
					t.Fatal(err)
				}
				return r
			},
			body:    []byte(strings.Replace(activity, "Create", "Delete", 1)),
			wantErr: httpsig.ErrDigestMismatch,
		},
		{
			name: "date 13h old",
			req: func(t *testing.T) *http.Request {
				r := newRequest(t, http.MethodPost, "https://b.example/inbox", body)
				if err := httpsig.SignRequest(r, httpsig.Key{ID: aliceKeyID, Private: good}, body); err != nil {
					t.Fatal(err)
				}
				return r
			},
			now:     now.Add(13 * time.Hour),
			wantErr: httpsig.ErrDateSkew,
		},
		{
			name: "date 13h ahead",
			req: func(t *testing.T) *http.Request {
				r := post(t, now.Add(13*time.Hour))
				signByHand(t, r, good, aliceKeyID, "rsa-sha256", postHeaders)
				return r
			},
			wantErr: httpsig.ErrDateSkew,
		},
		{
			name: "date 11h old is fine",
			req: func(t *testing.T) *http.Request {
				r := post(t, now.Add(-11*time.Hour))
				signByHand(t, r, good, aliceKeyID, "rsa-sha256", postHeaders)
				return r
			},
			wantAlg: "rsa-sha256",
		},
		{
			name: "post without digest signed",
			req: func(t *testing.T) *http.Request {
				r := post(t, now)
				signByHand(t, r, good, aliceKeyID, "rsa-sha256", []string{"(request-target)", "host", "date"})
				return r
			},
			wantErr: httpsig.ErrMissingHeader,
		},
		{
			name: "post without digest header",
			req: func(t *testing.T) *http.Request {
				r := post(t, now)
				signByHand(t, r, good, aliceKeyID, "rsa-sha256", postHeaders)
				r.Header.Del("Digest")
				return r
			},
			wantErr: httpsig.ErrMissingHeader,
		},
		{
			name: "host not signed",
			req: func(t *testing.T) *http.Request {
				r := post(t, now)
				signByHand(t, r, good, aliceKeyID, "rsa-sha256", []string{"(request-target)", "date", "digest"})
				return r
			},
			wantErr: httpsig.ErrMissingHeader,
		},
		{
			name: "no headers parameter means date only",
			req: func(t *testing.T) *http.Request {
				r := post(t, now)
				signByHand(t, r, good, aliceKeyID, "rsa-sha256", []string{"date"})
				p, _ := httpsig.ParseSignatureHeader(r.Header.Get("Signature"))
				p.Headers = nil
				r.Header.Set("Signature", p.String())
				return r
			},
			wantErr: httpsig.ErrMissingHeader,
		},
		{
			name: "hs2019 like GoToSocial",
			req: func(t *testing.T) *http.Request {
				r := post(t, now)
				signByHand(t, r, good, "https://a.example/members/alice/main-key", "hs2019", postHeaders)
				return r
			},
			wantAlg: "hs2019",
		},
		{
			name: "no algorithm",
			req: func(t *testing.T) *http.Request {
				r := post(t, now)
				signByHand(t, r, good, aliceKeyID, "", postHeaders)
				return r
			},
			wantAlg: "",
		},
		{
			name: "fedify header order",
			req: func(t *testing.T) *http.Request {
				r := post(t, now)
				signByHand(t, r, good, aliceKeyID, "rsa-sha256", fedifyHeaders)
				return r
			},
			wantAlg: "rsa-sha256",
		},
		{
			name: "upper-case algorithm",
			req: func(t *testing.T) *http.Request {
				r := post(t, now)
				signByHand(t, r, good, aliceKeyID, "RSA-SHA256", postHeaders)
				return r
			},
			wantAlg: "rsa-sha256",
		},
		{
			name: "rsa-sha512 unsupported",
			req: func(t *testing.T) *http.Request {
				r := post(t, now)
				signByHand(t, r, good, aliceKeyID, "rsa-sha512", postHeaders)
				return r
			},
			wantErr: httpsig.ErrUnsupportedAlgorithm,
		},
		{
			name: "authorization header",
			req: func(t *testing.T) *http.Request {
				r := post(t, now)
				signByHand(t, r, good, aliceKeyID, "rsa-sha256", postHeaders)
				r.Header.Set("Authorization", "Signature "+r.Header.Get("Signature"))
				r.Header.Del("Signature")
				return r
			},
			wantAlg: "rsa-sha256",
		},
		{
			name:    "unsigned",
			req:     func(t *testing.T) *http.Request { return post(t, now) },
			wantErr: httpsig.ErrNoSignature,
		},
		{
			name: "bearer authorization is not a signature",
			req: func(t *testing.T) *http.Request {
				r := post(t, now)
				r.Header.Set("Authorization", "Bearer abc")
				return r
			},
			wantErr: httpsig.ErrNoSignature,
		},
		{
			name: "garbled header",
			req: func(t *testing.T) *http.Request {
				r := post(t, now)
				r.Header.Set("Signature", `keyId="x",signature="unterminated`)
				return r
			},
			wantErr: httpsig.ErrBadSignatureHeader,
		},
		{
			name: "lower-case sha-256 and several digests",
			req: func(t *testing.T) *http.Request {
				r := post(t, now)
				sha := strings.TrimPrefix(httpsig.Digest(body), "SHA-256=")
				r.Header.Set("Digest", "md5=AAAA, sha-256="+sha)
				signByHand(t, r, good, aliceKeyID, "rsa-sha256", postHeaders)
				return r
			},
			wantAlg: "rsa-sha256",
		},
		{
			name: "one of several digests wrong",
			req: func(t *testing.T) *http.Request {
				r := post(t, now)
				r.Header.Set("Digest", httpsig.Digest(body)+",SHA-512=AAAA")
				signByHand(t, r, good, aliceKeyID, "rsa-sha256", postHeaders)
				return r
			},
			wantErr: httpsig.ErrDigestMismatch,
		},
		{
			name: "only unknown digest algorithms",
			req: func(t *testing.T) *http.Request {
				r := post(t, now)
				r.Header.Set("Digest", "MD5=AAAA")
				signByHand(t, r, good, aliceKeyID, "rsa-sha256", postHeaders)
				return r
			},
			wantErr: httpsig.ErrDigestMismatch,
		},
		{
			name: "decoded path, as go-fed signs it",
			req: func(t *testing.T) *http.Request {
				r := newRequest(t, http.MethodPost, "https://b.example/spaces/caf%C3%A9%20x/inbox", body)
				r.Header.Set("Date", now.UTC().Format(http.TimeFormat))
				r.Header.Set("Digest", httpsig.Digest(body))
				signTargetByHand(t, r, good, aliceKeyID, "hs2019", postHeaders, r.URL.Path)
				return r
			},
			wantAlg: "hs2019",
		},
		{
			name: "signature over another path",
			req: func(t *testing.T) *http.Request {
				r := post(t, now)
				signByHand(t, r, good, aliceKeyID, "rsa-sha256", postHeaders)
				r.URL.Path = "/members/bob/inbox"
				return r
			},
			wantErr: httpsig.ErrBadSignature,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := tt.req(t)
			b := body
			if tt.body != nil {
				b = tt.body
			}
			at := now
			if !tt.now.IsZero() {
				at = tt.now
			}
			l := &lookupRecorder{keys: []*rsa.PublicKey{&good.PublicKey}}
			v, owner, err := httpsig.Verify(r, b, at, l.lookup)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				if owner != "" {
					t.Errorf("owner %q returned with an error", owner)
				}
				return
			}
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			if v.Algorithm != tt.wantAlg || owner != aliceID {
				t.Errorf("algorithm %q owner %q", v.Algorithm, owner)
			}
			sent, _ := httpsig.ParseSignatureHeader(r.Header.Get("Signature") + strings.TrimPrefix(r.Header.Get("Authorization"), "Signature "))
			if len(l.calls) != 1 || l.calls[0].keyID != sent.KeyID {
				t.Errorf("lookups = %+v, want one for %q", l.calls, sent.KeyID)
			}
		})
	}
}

func TestVerifyKeyRotation(t *testing.T) {
	t.Parallel()
	good, other := keys(t)
	body := []byte(activity)
	signed := func(t *testing.T) *http.Request {
		r := newRequest(t, http.MethodPost, "https://b.example/inbox", body)
		if err := httpsig.SignRequest(r, httpsig.Key{ID: aliceKeyID, Private: good}, body); err != nil {
			t.Fatal(err)
		}
		return r
	}
	want := []lookupCall{{aliceKeyID, false}, {aliceKeyID, true}}

	t.Run("refreshed key verifies", func(t *testing.T) {
		t.Parallel()
		l := &lookupRecorder{keys: []*rsa.PublicKey{&other.PublicKey, &good.PublicKey}}
		_, owner, err := httpsig.Verify(signed(t), body, time.Now(), l.lookup)
		if err != nil || owner != aliceID {
			t.Fatalf("owner %q err %v", owner, err)
		}
		if len(l.calls) != 2 || l.calls[0] != want[0] || l.calls[1] != want[1] {
			t.Errorf("lookups = %+v, want %+v", l.calls, want)
		}
	})
	t.Run("wrong key after refresh", func(t *testing.T) {
		t.Parallel()
		l := &lookupRecorder{keys: []*rsa.PublicKey{&other.PublicKey}}
		_, _, err := httpsig.Verify(signed(t), body, time.Now(), l.lookup)
		if !errors.Is(err, httpsig.ErrBadSignature) {
			t.Fatalf("err = %v", err)
		}
		if len(l.calls) != 2 || l.calls[0] != want[0] || l.calls[1] != want[1] {
			t.Errorf("lookups = %+v, want %+v", l.calls, want)
		}
	})
	t.Run("refresh fails", func(t *testing.T) {
		t.Parallel()
		gone := errors.New("key gone")
		calls := 0
		lookup := func(context.Context, string, bool) (*rsa.PublicKey, string, error) {
			calls++
			if calls == 1 {
				return &other.PublicKey, aliceID, nil
			}
			return nil, "", gone
		}
		_, _, err := httpsig.Verify(signed(t), body, time.Now(), lookup)
		if !errors.Is(err, httpsig.ErrBadSignature) || !errors.Is(err, gone) || calls != 2 {
			t.Fatalf("err = %v after %d calls", err, calls)
		}
	})
	t.Run("first lookup fails", func(t *testing.T) {
		t.Parallel()
		gone := errors.New("actor unreachable")
		calls := 0
		lookup := func(context.Context, string, bool) (*rsa.PublicKey, string, error) {
			calls++
			return nil, "", gone
		}
		_, _, err := httpsig.Verify(signed(t), body, time.Now(), lookup)
		if !errors.Is(err, gone) || calls != 1 {
			t.Fatalf("err = %v after %d calls", err, calls)
		}
	})
	t.Run("no lookup before cheap checks pass", func(t *testing.T) {
		t.Parallel()
		calls := 0
		lookup := func(context.Context, string, bool) (*rsa.PublicKey, string, error) {
			calls++
			return &good.PublicKey, aliceID, nil
		}
		_, _, err := httpsig.Verify(signed(t), []byte("other"), time.Now(), lookup)
		if !errors.Is(err, httpsig.ErrDigestMismatch) || calls != 0 {
			t.Fatalf("err = %v after %d calls", err, calls)
		}
	})
}

// TestOverLoopback sends signed requests through net/http to a real server,
// where Host carries the port and is not in the header map.
func TestOverLoopback(t *testing.T) {
	t.Parallel()
	good, _ := keys(t)
	var lookups atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		lookup := func(_ context.Context, keyID string, _ bool) (*rsa.PublicKey, string, error) {
			lookups.Add(1)
			if keyID != aliceKeyID {
				return nil, "", errors.New("unknown key")
			}
			return &good.PublicKey, aliceID, nil
		}
		_, owner, err := httpsig.Verify(r, body, time.Now(), lookup)
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		io.WriteString(w, owner+" "+r.Host)
	}))
	t.Cleanup(srv.Close)

	tests := []struct {
		method, path string
		body         []byte
	}{
		{http.MethodGet, "/members/bob", nil},
		{http.MethodGet, "/threads/7/context?page=1&x=a%2Fb", nil},
		{http.MethodGet, "/tags/caf%C3%A9", nil},
		{http.MethodPost, "/inbox", []byte(activity)},
		{http.MethodPost, "/members/bob/inbox", []byte{}},
	}
	for _, tt := range tests {
		r := newRequest(t, tt.method, srv.URL+tt.path, tt.body)
		r.Header.Set("Content-Type", "application/activity+json")
		if err := httpsig.SignRequest(r, httpsig.Key{ID: aliceKeyID, Private: good}, tt.body); err != nil {
			t.Fatal(err)
		}
		resp, err := srv.Client().Do(r)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		wantBody := aliceID + " " + strings.TrimPrefix(srv.URL, "http://")
		if resp.StatusCode != http.StatusOK || string(got) != wantBody {
			t.Errorf("%s %s: %d %q, want 200 %q", tt.method, tt.path, resp.StatusCode, got, wantBody)
		}
	}
	if n := lookups.Load(); n != int32(len(tests)) {
		t.Errorf("%d lookups for %d requests", n, len(tests))
	}
}
