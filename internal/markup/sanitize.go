package markup

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// linkRel is the rel of every link that leaves the sanitiser: no ranking
// credit for spam, no window.opener, no Referer leaking where readers came
// from.
const linkRel = "nofollow noopener noreferrer"

// newPolicy builds the allowlist, close to what Mastodon keeps. Headings are
// allowed through bluemonday only to be folded afterwards (foldHeading).
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(
		"p", "br", "span", "del", "pre", "code", "em", "strong", "b", "i", "u",
		"ul", "ol", "li", "blockquote",
		"h1", "h2", "h3", "h4", "h5", "h6",
	)

	// Links: absolute http(s) with a host, or mailto. Relative links would
	// resolve against whichever page shows the post, which is never what
	// a remote author meant.
	p.AllowAttrs("href").OnElements("a")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	hasHost := func(u *url.URL) bool { return u.Host != "" }
	p.AllowURLSchemeWithCustomPolicy("http", hasHost)
	p.AllowURLSchemeWithCustomPolicy("https", hasHost)
	p.AllowURLSchemeWithCustomPolicy("mailto", func(u *url.URL) bool { return u.Opaque != "" })

	// Mastodon marks hashtag links with "mention hashtag", mentions with
	// "u-url mention" inside a <span class="h-card">.
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^(?:mention|hashtag|u-url mention|mention hashtag)$`)).OnElements("a")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^(?:h-card|invisible|ellipsis)$`)).OnElements("span")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^language-[A-Za-z0-9_+#.-]{1,40}$`)).OnElements("code")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("ol")

	// bluemonday already drops the content of script, style, iframe,
	// object, noscript, title and a few more; these hold code or hidden
	// data too and have nothing a reader should see as text.
	p.SkipElementsContent("template", "svg", "math", "textarea", "select", "xmp", "plaintext", "applet")
	return p
}

// Sanitize cleans HTML from another server (the `content` of a remote post)
// with the allowlist: it keeps p, br, a, span, del, pre, code, em, strong,
// b, i, u, ul, ol, li and blockquote; folds headings into bold paragraphs;
// keeps only http, https and mailto links, each with rel="nofollow noopener
// noreferrer"; keeps only the microformat classes Mastodon uses for mentions
// and hashtags, language-* on code and start on ol. Everything else goes,
// and the content of script, style and similar elements goes with them.
//
// The result is well-formed (every element closed, properly nested), so it
// cannot swallow the page it is placed in, and Sanitize is idempotent.
func (r *Renderer) Sanitize(s string) string {
	cleaned := r.policy.Sanitize(s)
	if trimSpace(cleaned) == "" {
		return ""
	}
	// bluemonday works token by token and can leave elements open or
	// misnested. Parsing its output the way a browser would and printing the
	// tree back balances it, and gives us a tree for the last touches.
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(cleaned), root)
	if err != nil {
		return ""
	}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	finish(root)
	var b strings.Builder
	b.Grow(len(cleaned) + len(cleaned)/8)
	for n := root.FirstChild; n != nil; n = n.NextSibling {
		if err := html.Render(&b, n); err != nil {
			return ""
		}
	}
	return defuseScheme(trimSpace(b.String()))
}

// defuseScheme writes the colon of any "javascript:" left in the output
// (always harmless by now: the words of a post, or the query of an http
// link) as the character reference "&#58;". Browsers show and follow the
// same thing, but the stored HTML never contains the string, so a naive
// filter further down the line, or a grep of the database, cannot mistake
// it for a script URL.
func defuseScheme(s string) string {
	const scheme = "javascript:"
	i := indexFoldASCII(s, scheme)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i >= 0 {
		colon := i + len(scheme) - 1
		b.WriteString(s[:colon])
		b.WriteString("&#58;")
		s = s[colon+1:]
		i = indexFoldASCII(s, scheme)
	}
	b.WriteString(s)
	return b.String()
}

// indexFoldASCII is strings.Index ignoring ASCII case; sub must be lower
// case ASCII.
func indexFoldASCII(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				break
			}
			j++
		}
		if j == len(sub) {
			return i
		}
	}
	return -1
}

// finish applies what bluemonday cannot do to the descendants of parent:
// it folds headings, and gives every link its rel (or, when a link has no
// usable address left, keeps only its text). Children are handled before
// their parent, so a heading sees its content already folded.
func finish(parent *html.Node) {
	for c := parent.FirstChild; c != nil; {
		next := c.NextSibling // stays valid: changes only touch c and before it
		if c.Type == html.ElementNode {
			finish(c)
			switch c.DataAtom {
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				foldHeading(c)
			case atom.A:
				finishLink(c)
			}
		}
		c = next
	}
}

// foldHeading turns <hN>…</hN> into <p><strong>…</strong></p>. A heading
// that holds more than phrasing content (a paragraph or a list, which only
// remote HTML can put there) cannot sit inside <strong>, so it is unwrapped
// instead, and an empty one is removed.
func foldHeading(h *html.Node) {
	if h.FirstChild == nil {
		h.Parent.RemoveChild(h)
		return
	}
	if !phrasingOnly(h) {
		unwrap(h)
		return
	}
	strong := &html.Node{Type: html.ElementNode, Data: "strong", DataAtom: atom.Strong}
	for c := h.FirstChild; c != nil; c = h.FirstChild {
		h.RemoveChild(c)
		strong.AppendChild(c)
	}
	p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
	p.AppendChild(strong)
	h.Parent.InsertBefore(p, h)
	h.Parent.RemoveChild(h)
}

// phrasingOnly reports whether everything inside n is text or an inline
// element of the allowlist.
func phrasingOnly(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.A, atom.Span, atom.Del, atom.Code, atom.Em, atom.Strong,
			atom.B, atom.I, atom.U, atom.Br:
			if !phrasingOnly(c) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// finishLink rewrites a link's attributes as href, class (when there is
// one; bluemonday has checked both) and rel, in that order, dropping any
// other. A link left without href is replaced by its content.
func finishLink(a *html.Node) {
	var href, class *html.Attribute
	for i := range a.Attr {
		at := &a.Attr[i]
		if at.Namespace != "" {
			continue
		}
		switch at.Key {
		case "href":
			href = at
		case "class":
			class = at
		}
	}
	if href == nil {
		unwrap(a)
		return
	}
	attrs := make([]html.Attribute, 0, 3)
	attrs = append(attrs, *href)
	if class != nil {
		attrs = append(attrs, *class)
	}
	a.Attr = append(attrs, html.Attribute{Key: "rel", Val: linkRel})
}

// unwrap replaces n by its children.
func unwrap(n *html.Node) {
	for c := n.FirstChild; c != nil; c = n.FirstChild {
		n.RemoveChild(c)
		n.Parent.InsertBefore(c, n)
	}
	n.Parent.RemoveChild(n)
}
