package markup

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// nodeRenderer overrides goldmark's HTML output for the nodes where Portal
// differs from plain CommonMark. It is registered ahead of goldmark's own
// renderer, so its functions win for these kinds; every other node is
// rendered by goldmark as usual.
type nodeRenderer struct {
	mentionURL func(username, host string) (string, bool)
}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, r.renderHeading)
	reg.Register(ast.KindImage, r.renderImage)
	reg.Register(ast.KindRawHTML, r.renderRawHTML)
	reg.Register(ast.KindHTMLBlock, r.renderHTMLBlock)
	reg.Register(ast.KindThematicBreak, r.renderNothing)
	reg.Register(kindMention, r.renderMention)
}

// renderHeading folds a heading into a bold paragraph.
func (r *nodeRenderer) renderHeading(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !n.HasChildren() {
		return ast.WalkSkipChildren, nil
	}
	if entering {
		_, _ = w.WriteString("<p><strong>")
	} else {
		_, _ = w.WriteString("</strong></p>\n")
	}
	return ast.WalkContinue, nil
}

// renderImage shows an image as a link to it, labelled with its
// description: a node never loads media (DESIGN.md, "No media, by design").
// Inside a link, or when the address is unusable, only the description is
// left.
func (r *nodeRenderer) renderImage(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Image)
	dest := util.URLEscape(n.Destination, true)
	if insideLink(n) || len(dest) == 0 || html.IsDangerousURL(dest) {
		return ast.WalkContinue, nil
	}
	if entering {
		_, _ = w.WriteString(`<a href="`)
		_, _ = w.Write(util.EscapeHTML(dest))
		_, _ = w.WriteString(`">`)
		if !n.HasChildren() {
			_, _ = w.Write(util.EscapeHTML(n.Destination))
		}
	} else {
		_, _ = w.WriteString("</a>")
	}
	return ast.WalkContinue, nil
}

// renderRawHTML shows inline raw HTML as the text the member typed. The
// parts that must not show at all were removed by rawHTMLTransformer.
func (r *nodeRenderer) renderRawHTML(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*ast.RawHTML)
		_, _ = w.Write(util.EscapeHTML(n.Segments.Value(source)))
	}
	return ast.WalkSkipChildren, nil
}

// renderHTMLBlock shows a block of raw HTML as a paragraph of literal text,
// without its comments and code-bearing elements (see dropContent).
func (r *nodeRenderer) renderHTMLBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.HTMLBlock)
	raw := n.Lines().Value(source)
	if n.HasClosure() {
		raw = append(raw, n.ClosureLine.Value(source)...)
	}
	visible := trimSpace(string(stripHiddenHTML(raw)))
	if visible != "" {
		_, _ = w.WriteString("<p>")
		_, _ = w.Write(util.EscapeHTML([]byte(visible)))
		_, _ = w.WriteString("</p>\n")
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) renderNothing(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
	return ast.WalkSkipChildren, nil
}

// renderMention links a mention to the profile MentionURL gives for it, or
// leaves it as text.
func (r *nodeRenderer) renderMention(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*mentionNode)
	label := util.EscapeHTML([]byte(n.text()))
	if r.mentionURL != nil && !insideLink(n) {
		m := n.mention()
		if href, ok := r.mentionURL(m.Username, m.Host); ok {
			_, _ = w.WriteString(`<a href="`)
			_, _ = w.Write(util.EscapeHTML([]byte(strings.TrimSpace(href))))
			_, _ = w.WriteString(`" class="mention">`)
			_, _ = w.Write(label)
			_, _ = w.WriteString("</a>")
			return ast.WalkSkipChildren, nil
		}
	}
	_, _ = w.Write(label)
	return ast.WalkSkipChildren, nil
}

// insideLink reports whether n is part of a link's text (or an image's
// description, which is shown as a link), where no other link may start.
func insideLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.Kind() {
		case ast.KindLink, ast.KindAutoLink, ast.KindImage:
			return true
		}
	}
	return false
}
