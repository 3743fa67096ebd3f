package markup

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
)

// Raw HTML in Markdown is never passed through. A member who types
// "press <Enter>" or "the <div> element" means the text, so ordinary tags
// are shown literally. Two things are dropped instead: comments (and other
// markup declarations), which nobody means to show, and the elements below,
// whose content is code or hidden data rather than prose: showing a pasted
// <script> as text helps no reader.
var dropContent = map[string]bool{
	"applet":    true,
	"frame":     true,
	"frameset":  true,
	"iframe":    true,
	"math":      true,
	"noembed":   true,
	"noframes":  true,
	"noscript":  true,
	"object":    true,
	"plaintext": true,
	"script":    true,
	"style":     true,
	"svg":       true,
	"template":  true,
	"textarea":  true,
	"title":     true,
	"xmp":       true,
}

// rawHTMLTransformer removes inline raw HTML that must not be shown:
// comments and declarations, and code-bearing elements together with
// everything up to their closing tag in the same inline container (or to
// its end when the tag is never closed).
type rawHTMLTransformer struct{}

func (rawHTMLTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var raws []*ast.RawHTML
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if raw, ok := n.(*ast.RawHTML); ok && entering {
			raws = append(raws, raw)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range raws {
		parent := n.Parent()
		if parent == nil {
			continue // already removed with an enclosing element
		}
		kind, name := classifyTag(n.Segments.Value(source))
		switch {
		case kind == tagOther:
			parent.RemoveChild(parent, n)
		case !dropContent[name]:
			// An ordinary tag: shown as typed.
		case kind == tagOpen:
			for s := n.NextSibling(); s != nil; {
				next := s.NextSibling()
				parent.RemoveChild(parent, s)
				if r, ok := s.(*ast.RawHTML); ok {
					if k, nm := classifyTag(r.Segments.Value(source)); k == tagClose && nm == name {
						break
					}
				}
				s = next
			}
			parent.RemoveChild(parent, n)
		default: // a closing or self-closing tag of a dropped element
			parent.RemoveChild(parent, n)
		}
	}
}

type tagKind int

const (
	tagOpen        tagKind = iota // <name ...>
	tagClose                      // </name>
	tagSelfClosing                // <name ... />
	tagOther                      // comment, processing instruction, declaration, CDATA
)

// classifyTag tells what one piece of inline raw HTML (as goldmark cut it
// out) is, and the lower-case element name for tags.
func classifyTag(raw []byte) (tagKind, string) {
	if len(raw) < 2 || raw[0] != '<' {
		return tagOther, ""
	}
	kind := tagOpen
	rest := raw[1:]
	switch rest[0] {
	case '/':
		kind = tagClose
		rest = rest[1:]
	case '!', '?':
		return tagOther, ""
	}
	end := 0
	for end < len(rest) && (isAlnumByte(rest[end]) || rest[end] == '-') {
		end++
	}
	if end == 0 {
		return tagOther, ""
	}
	if kind == tagOpen && bytes.HasSuffix(raw, []byte("/>")) {
		kind = tagSelfClosing
	}
	return kind, strings.ToLower(string(rest[:end]))
}

// stripHiddenHTML returns raw HTML without its comments, doctypes and
// code-bearing elements (with their content). The rest is kept byte for
// byte, to be shown as literal text.
func stripHiddenHTML(raw []byte) []byte {
	z := html.NewTokenizer(bytes.NewReader(raw))
	out := make([]byte, 0, len(raw))
	skipping := "" // the dropped element we are inside, if any
	depth := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		// Copy first: TagName lower-cases the tokenizer's buffer in place.
		mark := len(out)
		out = append(out, z.Raw()...)
		keep := true
		switch tt {
		case html.CommentToken, html.DoctypeToken:
			keep = false
		case html.TextToken:
			keep = skipping == ""
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			n := string(name)
			switch {
			case skipping != "":
				keep = false
				if n == skipping {
					switch tt {
					case html.StartTagToken:
						depth++
					case html.EndTagToken:
						if depth--; depth == 0 {
							skipping = ""
						}
					}
				}
			case dropContent[n]:
				keep = false
				if tt == html.StartTagToken {
					skipping, depth = n, 1
				}
			}
		}
		if !keep {
			out = out[:mark]
		}
	}
}
