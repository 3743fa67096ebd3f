package httpsig_test

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/protectors-portal/portal/federation/httpsig"
)

func TestParseSignatureHeader(t *testing.T) {
	t.Parallel()
	sig := []byte{0xde, 0xad, 0xbe, 0xef}
	tests := []struct {
		name string
		in   string
		want httpsig.Params
	}{
		{
			name: "mastodon",
			in:   `keyId="https://m.example/users/a#main-key",algorithm="rsa-sha256",headers="(request-target) host date digest content-type",signature="3q2+7w=="`,
			want: httpsig.Params{KeyID: "https://m.example/users/a#main-key", Algorithm: "rsa-sha256", Headers: []string{"(request-target)", "host", "date", "digest", "content-type"}, Signature: sig},
		},
		{
			name: "gotosocial",
			in:   `keyId="https://g.example/users/a/main-key",algorithm="hs2019",headers="(request-target) host date",signature="3q2+7w=="`,
			want: httpsig.Params{KeyID: "https://g.example/users/a/main-key", Algorithm: "hs2019", Headers: []string{"(request-target)", "host", "date"}, Signature: sig},
		},
		{
			name: "spaces, case, unknown parameter, unpadded base64",
			in:   " KeyId = \"k\" , Headers=\"(Request-Target)  Host\tDate\", extra=1,,signature=3q2+7w ",
			want: httpsig.Params{KeyID: "k", Headers: []string{"(request-target)", "host", "date"}, Signature: sig},
		},
		{
			name: "created and expires",
			in:   `keyId="k",created=1402170695,expires="1402170699.25",headers="(created) (expires)",signature="3q2+7w=="`,
			want: httpsig.Params{KeyID: "k", Created: 1402170695, Expires: 1402170699, Headers: []string{"(created)", "(expires)"}, Signature: sig},
		},
		{
			name: "escaped quote in keyId",
			in:   `keyId="a\"b\\c",signature="3q2+7w=="`,
			want: httpsig.Params{KeyID: `a"b\c`, Signature: sig},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := httpsig.ParseSignatureHeader(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !paramsEqual(got, tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			again, err := httpsig.ParseSignatureHeader(got.String())
			if err != nil || !paramsEqual(again, got) {
				t.Fatalf("round trip of %q: %+v, %v", got.String(), again, err)
			}
		})
	}
}

func TestParseSignatureHeaderErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		``,
		`keyId="k"`,
		`signature="3q2+7w=="`,
		`keyId="k",signature="not base64!"`,
		`keyId="k",keyId="j",signature="3q2+7w=="`,
		`keyId="k",signature="3q2+7w==`,
		`keyId="k\`,
		`keyId`,
		`keyId "k"`,
		`="k"`,
		`keyId="k"x,signature="3q2+7w=="`,
		`keyId="k",headers="",signature="3q2+7w=="`,
		`keyId="k",created=-1,signature="3q2+7w=="`,
		`keyId="k",created=99999999999999999999,signature="3q2+7w=="`,
		`keyId="k",expires=1.,signature="3q2+7w=="`,
	} {
		if p, err := httpsig.ParseSignatureHeader(in); !errors.Is(err, httpsig.ErrBadSignatureHeader) {
			t.Errorf("%q: got %+v, %v", in, p, err)
		}
	}
}

func paramsEqual(a, b httpsig.Params) bool {
	return a.KeyID == b.KeyID && a.Algorithm == b.Algorithm && slices.Equal(a.Headers, b.Headers) &&
		(a.Headers == nil) == (b.Headers == nil) && bytes.Equal(a.Signature, b.Signature) &&
		a.Created == b.Created && a.Expires == b.Expires
}

func FuzzParseSignatureHeader(f *testing.F) {
	for _, seed := range []string{
		`keyId="https://m.example/users/a#main-key",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="3q2+7w=="`,
		`keyId="https://g.example/users/a/main-key",algorithm="hs2019",headers="(request-target) content-type date digest host",signature="3q2+7w"`,
		`keyId="k",created=1402170695,expires=1402170699.5,headers="(created)",signature="AA=="`,
		`keyId="a\"b",signature=AA==, x="y,z"`,
		`keyId=k,,signature="AA==",headers=" a  b "`,
		`keyId="`,
		`,,,`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		p, err := httpsig.ParseSignatureHeader(in)
		if err != nil {
			if !errors.Is(err, httpsig.ErrBadSignatureHeader) {
				t.Fatalf("error %v does not wrap ErrBadSignatureHeader", err)
			}
			return
		}
		if p.KeyID == "" || len(p.Signature) == 0 {
			t.Fatalf("accepted without keyId or signature: %+v", p)
		}
		out := p.String()
		again, err := httpsig.ParseSignatureHeader(out)
		if err != nil {
			t.Fatalf("String() %q does not parse: %v", out, err)
		}
		if !paramsEqual(p, again) {
			t.Fatalf("round trip changed %+v into %+v via %q", p, again, out)
		}
		if again.String() != out {
			t.Fatalf("String() not stable: %q then %q", out, again.String())
		}
	})
}
