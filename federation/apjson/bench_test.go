package apjson

import (
	"bytes"
	"encoding/json"
	"testing"
)

func BenchmarkMarshalCreatePage(b *testing.B) {
	a := createPage()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Marshal(a); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeCreatePage encodes the finished map of the same activity
// without building it: the difference from BenchmarkMarshalCreatePage is
// what building through streams costs.
func BenchmarkEncodeCreatePage(b *testing.B) {
	m, err := MarshalMap(createPage())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(m); err != nil {
			b.Fatal(err)
		}
	}
}
