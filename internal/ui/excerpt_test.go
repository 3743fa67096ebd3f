package ui

import (
	"strings"
	"testing"
)

func TestExcerpt(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("filler words here ", 30) + "the Hash matching step " + strings.Repeat("more text after ", 30)
	cases := []struct {
		name      string
		text      string
		words     []string
		n         int
		marked    []string
		wantStart bool // begins with an ellipsis
		wantEnd   bool // ends with one
	}{
		{"short text whole", "Hash sharing is slow", []string{"hash"}, 100, []string{"Hash"}, false, false},
		{"every occurrence", "hash and HASH", []string{"hash"}, 100, []string{"hash", "HASH"}, false, false},
		{"window around the match", long, []string{"hash", "matching"}, 120, []string{"Hash", "matching"}, true, true},
		{"no match keeps the start", long, []string{"absent"}, 60, nil, false, true},
		{"non-ASCII", "Ünïcode ÄBC and äbc", []string{"äbc"}, 100, []string{"ÄBC", "äbc"}, false, false},
	}
	for _, c := range cases {
		parts := excerpt(c.text, c.words, c.n)
		var all strings.Builder
		var marked []string
		for _, p := range parts {
			all.WriteString(p.Text)
			if p.Match {
				marked = append(marked, p.Text)
			}
		}
		s := all.String()
		if strings.Join(marked, "|") != strings.Join(c.marked, "|") {
			t.Errorf("%s: marked %q, want %q", c.name, marked, c.marked)
		}
		if got := strings.HasPrefix(s, "…"); got != c.wantStart {
			t.Errorf("%s: starts with an ellipsis %v, want %v: %q", c.name, got, c.wantStart, s)
		}
		if got := strings.HasSuffix(s, "…"); got != c.wantEnd {
			t.Errorf("%s: ends with an ellipsis %v, want %v: %q", c.name, got, c.wantEnd, s)
		}
		if len([]rune(s)) > c.n+4 {
			t.Errorf("%s: %d runes, want about %d", c.name, len([]rune(s)), c.n)
		}
	}
}

func TestSearchWords(t *testing.T) {
	t.Parallel()
	got := strings.Join(searchWords(`hash "cross border" -slow a x2`), ",")
	if got != "hash,cross,border,x2" {
		t.Errorf("searchWords: %q", got)
	}
}
