package activity

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// This file holds the low-level reading of raw JSON. The document is checked
// once for size, depth and syntax; after that the helpers below walk slices of
// it without building any intermediate tree, so that a property the model does
// not use costs nothing but a scan over its bytes.

// checkDepth scans the document byte by byte, outside strings, and fails as
// soon as objects and arrays nest more than MaxDepth levels. It runs before
// the syntax check so that even a malformed document cannot cost more than
// one linear pass.
func checkDepth(b []byte) error {
	depth := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			i = stringEnd(b, i) - 1
		case '{', '[':
			depth++
			if depth > MaxDepth {
				return ErrTooDeep
			}
		case '}', ']':
			depth--
		}
	}
	return nil
}

// prepare runs the checks shared by every entry point and returns the
// document's top-level object, in a copy that the caller owns.
func prepare(data []byte) ([]byte, error) {
	if len(data) > MaxSize {
		return nil, ErrTooLarge
	}
	// A byte order mark is not JSON, but some servers send one.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if err := checkDepth(data); err != nil {
		return nil, err
	}
	if !json.Valid(data) {
		return nil, ErrSyntax
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return nil, ErrNotObject
	}
	return bytes.Clone(data), nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// stringEnd returns the index just past the string whose opening quote is at
// b[i]. It jumps from quote to quote, and a quote ends the string when an
// even number of backslashes precedes it.
func stringEnd(b []byte, i int) int {
	for j := i + 1; j < len(b); {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			break
		}
		q := j + k
		escapes := 0
		for p := q - 1; p > i && b[p] == '\\'; p-- {
			escapes++
		}
		if escapes%2 == 0 {
			return q + 1
		}
		j = q + 1
	}
	return len(b)
}

// valueEnd returns the index just past the JSON value that starts at b[i].
// The input has already passed json.Valid, but the function never indexes
// outside b whatever it is given.
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return len(b)
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = stringEnd(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return len(b)
	default: // a number, true, false or null
		for ; i < len(b); i++ {
			switch b[i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return i
			}
		}
		return len(b)
	}
}

// members walks the members of a raw JSON object.
type members struct {
	b []byte
	i int
}

func newMembers(obj []byte) members {
	if len(obj) == 0 || obj[0] != '{' {
		return members{}
	}
	return members{b: obj, i: 1}
}

// next returns the next member's raw key (quotes included) and raw value.
func (m *members) next() (key, val []byte, ok bool) {
	b := m.b
	i := skipSpace(b, m.i)
	if i < len(b) && b[i] == ',' {
		i = skipSpace(b, i+1)
	}
	if i >= len(b) || b[i] != '"' {
		return nil, nil, false
	}
	end := stringEnd(b, i)
	key = b[i:end]
	i = skipSpace(b, end)
	if i >= len(b) || b[i] != ':' {
		return nil, nil, false
	}
	i = skipSpace(b, i+1)
	end = valueEnd(b, i)
	m.i = end
	return key, b[i:end], true
}

// elements walks the elements of a raw JSON array. Given any other value it
// yields that value once, which is how a single value stands in for an array.
type elements struct {
	b      []byte
	i      int
	single bool
}

func newElements(v []byte) elements {
	if len(v) > 0 && v[0] == '[' {
		return elements{b: v, i: 1}
	}
	return elements{b: v, single: len(v) > 0}
}

func (e *elements) next() ([]byte, bool) {
	if e.single {
		v := e.b
		*e = elements{}
		return v, true
	}
	b := e.b
	i := skipSpace(b, e.i)
	if i < len(b) && b[i] == ',' {
		i = skipSpace(b, i+1)
	}
	if i >= len(b) || b[i] == ']' {
		return nil, false
	}
	end := valueEnd(b, i)
	if end == i {
		return nil, false
	}
	e.i = end
	return b[i:end], true
}

// isNull reports whether a raw value is absent or JSON null.
func isNull(v []byte) bool {
	return len(v) == 0 || v[0] == 'n'
}

// rawString decodes a raw JSON string. Strings without escapes and with valid
// UTF-8 are copied directly; the rest go through encoding/json so that escapes
// and bad bytes are handled exactly as the standard library does.
func rawString(v []byte) (string, bool) {
	if len(v) < 2 || v[0] != '"' {
		return "", false
	}
	inner := v[1 : len(v)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return string(inner), true
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", false
	}
	return s, true
}

// keyBytes returns a member key without its quotes, decoding it only when it
// contains escapes, which real documents never do.
func keyBytes(k []byte) []byte {
	if len(k) < 2 {
		return nil
	}
	inner := k[1 : len(k)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return inner
	}
	s, _ := rawString(k)
	return []byte(s)
}

// member returns the raw value of one member of a raw object, or nil.
func member(obj []byte, name string) []byte {
	var found []byte
	m := newMembers(obj)
	for {
		k, v, ok := m.next()
		if !ok {
			return found
		}
		if string(keyBytes(k)) == name {
			found = v // the last of duplicate keys wins, as in JavaScript
		}
	}
}
