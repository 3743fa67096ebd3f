package markup

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// PlainText returns the text of an HTML fragment, for search indexing, feed
// summaries and notifications: tags removed, entities decoded, block
// boundaries and line breaks turned into spaces, and runs of whitespace
// collapsed into one space. The content of script, style and the like is
// left out, should the input not have been sanitised.
func PlainText(s string) string {
	var b strings.Builder
	b.Grow(len(s) / 2)
	z := html.NewTokenizer(strings.NewReader(s))
	hidden := atom.Atom(0) // the hidden element we are inside, if any
	depth := 0
	space := func() { b.WriteByte(' ') }
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			if hidden == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if hidden != 0 {
				if a == hidden {
					if tt == html.StartTagToken {
						depth++
					} else if tt == html.EndTagToken {
						if depth--; depth == 0 {
							hidden = 0
						}
					}
				}
				continue
			}
			if hiddenText[a] {
				if tt == html.StartTagToken {
					hidden, depth = a, 1
				}
				continue
			}
			if blockLevel[a] {
				space()
			}
		}
	}
}

// hiddenText lists elements whose content is not text a reader sees.
var hiddenText = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Template: true, atom.Noscript: true,
	atom.Iframe: true, atom.Object: true, atom.Svg: true, atom.Math: true,
	atom.Title: true, atom.Head: true, atom.Textarea: true, atom.Select: true,
}

// blockLevel lists elements that separate words: their start and end, or
// the element itself for br and hr, become a space.
var blockLevel = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Br: true, atom.Dd: true, atom.Details: true, atom.Div: true, atom.Dl: true,
	atom.Dt: true, atom.Figcaption: true, atom.Figure: true, atom.Footer: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Header: true, atom.Hr: true, atom.Li: true, atom.Main: true,
	atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true,
	atom.Summary: true, atom.Table: true, atom.Td: true, atom.Th: true, atom.Tr: true,
	atom.Ul: true,
}

// ellipsis marks text that was cut short.
const ellipsis = "…"

// Excerpt returns the PlainText of an HTML fragment cut to at most n runes,
// the ellipsis included. The cut falls between words when a word boundary
// lies in the second half of the allowed length; otherwise (one very long
// word or URL) it falls inside the word. Punctuation left dangling before
// the ellipsis is trimmed. Text that fits is returned whole.
func Excerpt(s string, n int) string {
	text := PlainText(s)
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	runes := []rune(text)
	limit := n - 1 // room for the ellipsis
	cut := limit
	if runes[limit] != ' ' {
		// The rune after the cut is inside a word: back up to the space
		// before that word, unless that throws away too much.
		for i := limit - 1; i > limit/2; i-- {
			if runes[i] == ' ' {
				cut = i
				break
			}
		}
	}
	head := strings.TrimRightFunc(string(runes[:cut]), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:-–—", r)
	})
	return head + ellipsis
}
