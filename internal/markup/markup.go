// Package markup turns what people write into HTML that is safe to show.
//
// Two kinds of input arrive: Markdown written by local members (thread and
// reply bodies, kept as the ActivityPub `source`) and HTML written by other
// servers (the ActivityPub `content` of remote posts). Both leave this package
// through the same allowlist, which is close to what Mastodon keeps: a few
// block and phrase elements, absolute http(s) and mailto links, and a handful
// of microformat classes. Headings are folded into bold paragraphs so that a
// post can never outshout the page around it, and media elements never
// survive: a node loads nothing from other hosts (DESIGN.md, "No media").
//
// Everything here is pure and safe for concurrent use.
package markup

import (
	"bytes"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Options configures a Renderer.
type Options struct {
	// MentionURL resolves a mention found in Markdown text (not in code or
	// link text) to the address of the actor's profile. Username is as
	// written; host is empty for a local member and lower case otherwise.
	// When ok is false, or when MentionURL is nil, the mention is left as
	// plain text. It is called during Markdown, so it must be safe for
	// concurrent use and should be quick (a lookup, not a network fetch).
	MentionURL func(username, host string) (href string, ok bool)
}

// Renderer converts Markdown and remote HTML into sanitised HTML. Build one
// with New at start-up and share it: it holds no per-call state.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New builds a Renderer.
func New(opts Options) *Renderer {
	return &Renderer{
		md: goldmark.New(
			goldmark.WithParser(newParser()),
			goldmark.WithRendererOptions(
				// No html.WithUnsafe: links to javascript: and friends are
				// emptied by goldmark before the sanitiser even sees them.
				renderer.WithNodeRenderers(
					util.Prioritized(&nodeRenderer{mentionURL: opts.MentionURL}, 100),
					util.Prioritized(extension.NewStrikethroughHTMLRenderer(), 500),
				),
			),
		),
		policy: newPolicy(),
	}
}

// newParser returns the Markdown parser shared by rendering and Mentions:
// CommonMark, GFM strikethrough and linkify, and @mentions. Tables and task
// lists are left out; the allowlist has no place for them.
func newParser() parser.Parser {
	p := goldmark.DefaultParser()
	p.AddOptions(
		parser.WithInlineParsers(
			util.Prioritized(extension.NewStrikethroughParser(), 500),
			// Linkify claims a bare URL or e-mail address from the space
			// before it, so the mention parser, triggered by '@', never sees
			// the '@' inside one (and it refuses an '@' that follows a word
			// character or '/' anyway).
			util.Prioritized(extension.NewLinkifyParser(), 999),
			util.Prioritized(mentionParser{}, 1000),
		),
		parser.WithASTTransformers(
			util.Prioritized(rawHTMLTransformer{}, 100),
		),
	)
	return p
}

// Markdown renders member-written Markdown (CommonMark with GFM
// strikethrough and autolinks) to sanitised HTML. Raw HTML in the source is
// shown as the literal text the member typed, except for comments and
// elements whose content is code rather than prose (script, style, iframe…),
// which are dropped together with their content.
func (r *Renderer) Markdown(src string) string {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		// goldmark only fails when the writer fails, and a bytes.Buffer
		// does not; show nothing rather than half a post.
		return ""
	}
	return r.Sanitize(buf.String())
}

// trimSpace removes leading and trailing ASCII whitespace (HTML whitespace).
func trimSpace(s string) string {
	return strings.Trim(s, " \t\n\r\f")
}
