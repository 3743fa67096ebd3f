package httpsig

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// Params holds the parameters of a draft-cavage Signature header value,
// such as `keyId="https://host/actor#main-key",algorithm="rsa-sha256",
// headers="(request-target) host date",signature="..."`.
type Params struct {
	// KeyID is the keyId parameter exactly as sent.
	KeyID string
	// Algorithm is the algorithm parameter as sent (case kept); empty when absent.
	Algorithm string
	// Headers lists the signed header names, lowercased, in signing order.
	// It is nil when the parameter is absent (the draft then means "date").
	Headers []string
	// Signature is the decoded signature value.
	Signature []byte
	// Created and Expires are the optional Unix times of draft-cavage-12;
	// zero when absent.
	Created int64
	Expires int64
}

// ParseSignatureHeader parses the value of a Signature header (or what follows
// the "Signature" auth-scheme in an Authorization header). It is lenient in
// the ways real servers differ — optional whitespace, case of parameter names,
// unquoted tokens, unknown parameters, padded or unpadded base64 — and strict
// about anything ambiguous: a repeated parameter, an unterminated quoted
// string, or a missing keyId or signature is an error wrapping
// ErrBadSignatureHeader.
func ParseSignatureHeader(v string) (Params, error) {
	var p Params
	seen := make(map[string]bool, 6)
	i := 0
	for {
		i = skipOWS(v, i)
		// Empty list elements (",,") are allowed by the HTTP list syntax.
		for i < len(v) && v[i] == ',' {
			i = skipOWS(v, i+1)
		}
		if i >= len(v) {
			break
		}
		start := i
		for i < len(v) && v[i] != '=' && v[i] != ',' && v[i] != ' ' && v[i] != '\t' && v[i] != '"' {
			i++
		}
		name := asciiLower(v[start:i])
		if name == "" {
			return Params{}, badHeader("parameter name expected at offset %d", start)
		}
		i = skipOWS(v, i)
		if i >= len(v) || v[i] != '=' {
			return Params{}, badHeader("parameter %q has no value", name)
		}
		i = skipOWS(v, i+1)
		var val string
		var err error
		val, i, err = readValue(v, i)
		if err != nil {
			return Params{}, err
		}
		i = skipOWS(v, i)
		if i < len(v) && v[i] != ',' {
			return Params{}, badHeader("unexpected %q after parameter %q", v[i], name)
		}
		switch name {
		case "keyid", "algorithm", "headers", "signature", "created", "expires":
			if seen[name] {
				return Params{}, badHeader("parameter %q repeated", name)
			}
			seen[name] = true
		default:
			continue // unknown parameters are ignored, as the draft asks
		}
		switch name {
		case "keyid":
			p.KeyID = val
		case "algorithm":
			p.Algorithm = val
		case "headers":
			p.Headers = splitHeaderList(val)
			if len(p.Headers) == 0 {
				return Params{}, badHeader("empty headers parameter")
			}
		case "signature":
			sig, err := decodeBase64(val)
			if err != nil {
				return Params{}, badHeader("signature is not base64")
			}
			p.Signature = sig
		case "created":
			if p.Created, err = parseUnixTime(val); err != nil {
				return Params{}, badHeader("created: %v", err)
			}
		case "expires":
			if p.Expires, err = parseUnixTime(val); err != nil {
				return Params{}, badHeader("expires: %v", err)
			}
		}
	}
	if p.KeyID == "" {
		return Params{}, badHeader("missing keyId")
	}
	if len(p.Signature) == 0 {
		return Params{}, badHeader("missing signature")
	}
	return p, nil
}

// String formats p as a Signature header value that ParseSignatureHeader
// reads back to an equal Params.
func (p Params) String() string {
	var b strings.Builder
	b.Grow(len(p.KeyID) + 4*len(p.Signature)/3 + 120)
	b.WriteString("keyId=")
	writeQuoted(&b, p.KeyID)
	if p.Algorithm != "" {
		b.WriteString(",algorithm=")
		writeQuoted(&b, p.Algorithm)
	}
	if p.Created != 0 {
		b.WriteString(",created=")
		b.WriteString(strconv.FormatInt(p.Created, 10))
	}
	if p.Expires != 0 {
		b.WriteString(",expires=")
		b.WriteString(strconv.FormatInt(p.Expires, 10))
	}
	if p.Headers != nil {
		b.WriteString(",headers=")
		writeQuoted(&b, strings.Join(p.Headers, " "))
	}
	b.WriteString(",signature=")
	writeQuoted(&b, base64.StdEncoding.EncodeToString(p.Signature))
	return b.String()
}

func badHeader(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadSignatureHeader, fmt.Sprintf(format, args...))
}

func skipOWS(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// readValue reads a quoted string (with backslash escapes) or a bare token
// starting at s[i], and returns it with the offset just past it.
func readValue(s string, i int) (string, int, error) {
	if i < len(s) && s[i] == '"' {
		var b strings.Builder
		for j := i + 1; j < len(s); j++ {
			switch s[j] {
			case '"':
				return b.String(), j + 1, nil
			case '\\':
				j++
				if j == len(s) {
					return "", 0, badHeader("unterminated escape")
				}
				b.WriteByte(s[j])
			default:
				b.WriteByte(s[j])
			}
		}
		return "", 0, badHeader("unterminated quoted string")
	}
	start := i
	for i < len(s) && s[i] != ',' && s[i] != ' ' && s[i] != '\t' {
		i++
	}
	return s[start:i], i, nil
}

func writeQuoted(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
}

// splitHeaderList splits the headers parameter on spaces and tabs and
// lowercases each name (header names are ASCII and case-insensitive).
func splitHeaderList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' }) {
		out = append(out, asciiLower(f))
	}
	return out
}

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func decodeBase64(s string) ([]byte, error) {
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(s)
}

// parseUnixTime reads a non-negative Unix time; a fractional part, which
// draft-cavage-12 allows for expires, is dropped.
func parseUnixTime(s string) (int64, error) {
	if dot := strings.IndexByte(s, '.'); dot >= 0 {
		frac := s[dot+1:]
		if frac == "" || strings.Trim(frac, "0123456789") != "" {
			return 0, fmt.Errorf("not a number: %q", s)
		}
		s = s[:dot]
	}
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, fmt.Errorf("not a number: %q", s)
	}
	return strconv.ParseInt(s, 10, 64)
}
