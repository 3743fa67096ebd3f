package activity

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// parseErrors are the only errors the parsers may return.
var parseErrors = []error{
	ErrTooLarge, ErrTooDeep, ErrSyntax, ErrNotObject, ErrNoType,
	ErrNoID, ErrNoActor, ErrNotActivity, ErrNotCollection,
}

func checkError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, want := range parseErrors {
		if errors.Is(err, want) {
			return
		}
	}
	t.Fatalf("unexpected error kind: %v", err)
}

func addSeeds(f *testing.F) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		``, `{}`, `[]`, `null`, `{"type": "Note"}`,
		`{"id": "x", "type": ["as:Create"], "actor": {"id": "y"}, "object": [{"type": "Announce", "actor": "z", "object": {"type": "Note"}}]}`,
		`{"type": "Collection", "first": {"type": "CollectionPage", "first": {"items": [1, "a", {"id": "b"}]}}}`,
		`{"type": "Note", "contentMap": {"en": null}, "url": [{"href": 1}, "x"], "published": "2025-01-01T00:00:00.123456789123Z"}`,
		`{"type":"Note","content":"\ud800","name":"\u0000"}`,
		"{\"type\":\"Note\",\"content\":\"\xff\xfe\"}",
	} {
		f.Add([]byte(s))
	}
}

func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Parse(data)
		checkError(t, err)
		if err == nil && (a.ID == "" || a.Actor == "" || a.Type == "" || len(a.Raw) == 0) {
			t.Fatalf("accepted an activity without id, actor or type: %+v", a)
		}
		o, err := ParseObject(data)
		checkError(t, err)
		if err == nil {
			_ = o.IsPublic()
			_ = SameOrigin(o.ID, o.AttributedTo)
			_ = Host(o.URL)
		}
	})
}

func FuzzParseCollection(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCollection(data)
		checkError(t, err)
		if err != nil {
			return
		}
		if c.TotalItems < 0 {
			t.Fatalf("negative totalItems %d", c.TotalItems)
		}
		for _, it := range c.Items {
			if it.Raw == nil {
				continue
			}
			// An embedded item is always a whole JSON object that parses again.
			_, err := ParseObject(it.Raw)
			checkError(t, err)
			if errors.Is(err, ErrSyntax) || errors.Is(err, ErrNotObject) {
				t.Fatalf("item %q does not parse: %v", it.Raw, err)
			}
		}
	})
}
