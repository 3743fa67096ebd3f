package ui

import (
	"html"
	"html/template"
	"strings"
)

// The replies of a thread page are written here, in Go, rather than by
// the template: html/template calls its escapers through reflection for
// every action, and a thread of hundreds of replies has thousands of
// them. The markup is the one the template wrote (see reply_html_test.go,
// which compares the two), escaped by the same rules:
//
//   - text and attribute values go through html.EscapeString, and every
//     attribute is double-quoted;
//   - a reply's body was sanitised when stored and is written as is;
//   - our own paths are built from ids, escaped as URL parts;
//   - an author's address from another server is kept only when it is an
//     absolute http or https address; otherwise the name is not a link.

// replyLabels are the catalogue's words of the replies list, looked up
// once a page.
type replyLabels struct {
	reply, edit, delete, edited, report, unknown string
}

// replyLabelKeys are the catalogue keys replyLabels are looked up under;
// reply_html_test.go checks that the catalogue has them.
var replyLabelKeys = [...]string{"thread.reply_link", "common.edit", "common.delete", "common.updated",
	"thread.report", "common.unknown_author"}

func (u *UI) replyLabels() replyLabels {
	k := replyLabelKeys
	return replyLabels{reply: u.tr(k[0]), edit: u.tr(k[1]), delete: u.tr(k[2]), edited: u.tr(k[3]),
		report: u.tr(k[4]), unknown: u.tr(k[5])}
}

// repliesHTML writes the items of the thread page's list of replies, as
// dress left them: canReply adds the Reply link to each, csrf is the
// token of the delete forms.
func (u *UI) repliesHTML(list []*replyView, canReply bool, csrf string) template.HTML {
	l := u.replyLabels()
	size := 0
	for _, rv := range list {
		size += len(rv.BodyHTML) + 700
	}
	var b strings.Builder
	b.Grow(size)
	for _, rv := range list {
		writeReply(&b, rv, &l, canReply, csrf)
	}
	return template.HTML(b.String())
}

// writeReply writes one reply's <li>.
func writeReply(b *strings.Builder, rv *replyView, l *replyLabels, canReply bool, csrf string) {
	id := escapeURLPart(rv.ID, true)
	b.WriteString(`<li><article class="post`)
	writeText(b, rv.Class)
	b.WriteString(`" id="post-`)
	writeText(b, rv.ID)
	b.WriteString("\">\n<p class=\"meta\">")
	if rv.Notice != "" {
		writeText(b, rv.Notice)
	} else {
		writeAuthor(b, &rv.Author, l.unknown)
		b.WriteString(` · <a href="/posts/`)
		writeText(b, id)
		b.WriteString(`"><time datetime="`)
		writeText(b, rv.ISO)
		b.WriteString(`">`)
		writeText(b, rv.When)
		b.WriteString(`</time></a>`)
		if rv.EditedAt != nil {
			b.WriteString(` · `)
			writeText(b, l.edited)
		}
	}
	if rv.ParentHref != "" {
		b.WriteString(` · <a class="in-reply-to" href="`)
		writeURL(b, rv.ParentHref)
		b.WriteString(`">`)
		writeText(b, rv.ParentText)
		b.WriteString(`</a>`)
	}
	b.WriteString("</p>\n")
	if rv.Notice == "" {
		b.WriteString(`<div class="body">`)
		b.WriteString(rv.BodyHTML) // sanitised when stored
		b.WriteString("</div>\n")
		if canReply || rv.CanEdit || rv.CanDelete || rv.CanReport {
			b.WriteString(`<div class="post-actions">`)
			if canReply {
				b.WriteString(`<a href="?reply_to=`)
				writeText(b, escapeURLPart(rv.ID, false))
				b.WriteString(`#reply">`)
				writeText(b, l.reply)
				writeHidden(b, rv.ToAuthor)
				b.WriteString(`</a>`)
			}
			if rv.CanEdit {
				b.WriteString(` <a href="/posts/`)
				writeText(b, id)
				b.WriteString(`/edit">`)
				writeText(b, l.edit)
				b.WriteString(`</a>`)
			}
			if rv.CanDelete {
				b.WriteString(` <form method="post" action="/posts/`)
				writeText(b, id)
				// As the "csrf" template writes it.
				b.WriteString(`/delete"><input type="hidden" name="csrf_token" value="`)
				writeText(b, csrf)
				b.WriteString(`"><button type="submit" class="link">`)
				writeText(b, l.delete)
				b.WriteString(`</button></form>`)
			}
			if rv.CanReport {
				b.WriteString(` <a href="/posts/`)
				writeText(b, id)
				b.WriteString(`/report">`)
				writeText(b, l.report)
				writeHidden(b, rv.ReportOf)
				b.WriteString(`</a>`)
			}
			b.WriteString(`</div>`)
		}
		b.WriteString("\n")
	}
	b.WriteString("</article></li>\n")
}

// writeHidden writes s, when there is one, for screen readers only, after
// a space.
func writeHidden(b *strings.Builder, s string) {
	if s == "" {
		return
	}
	b.WriteString(`<span class="vh"> `)
	writeText(b, s)
	b.WriteString(`</span>`)
}

// writeAuthor writes an author as the "author" template does: the name,
// linked to their page when there is one (with rel="nofollow noopener"
// for someone from another server), then their handle; or, when nobody
// is known, unknown.
func writeAuthor(b *strings.Builder, a *authorView, unknown string) {
	if !a.Known {
		b.WriteString(`<span class="muted">`)
		writeText(b, unknown)
		b.WriteString(`</span>`)
		return
	}
	if href := authorHref(a); href != "" {
		b.WriteString(`<a href="`)
		writeURL(b, href)
		b.WriteString(`"`)
		if !a.Local {
			b.WriteString(` rel="nofollow noopener"`)
		}
		b.WriteString(`>`)
		writeText(b, a.Name)
		b.WriteString(`</a>`)
	} else {
		writeText(b, a.Name)
	}
	if a.Handle != "" {
		b.WriteString(` <span class="handle">`)
		writeText(b, a.Handle)
		b.WriteString(`</span>`)
	}
}

// authorHref is the address an author's name links to: a path here for
// our members and spaces, an absolute http(s) address for others; any
// other address is dropped.
func authorHref(a *authorView) string {
	switch {
	case a.URL == "":
		return ""
	case a.Local && strings.HasPrefix(a.URL, "/") && !strings.HasPrefix(a.URL, "//"):
		return a.URL
	case !a.Local && webURL(a.URL) != "":
		return a.URL
	}
	return ""
}

// writeText writes s escaped for HTML text or a double-quoted attribute.
// A NUL, which html/template turned into U+FFFD, is turned into it too.
func writeText(b *strings.Builder, s string) {
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "\uFFFD")
	}
	b.WriteString(html.EscapeString(s))
}

// writeURL writes an address in a double-quoted attribute: one with a
// scheme other than http, https or mailto becomes "#ZgotmplZ", as
// html/template wrote it; the rest is normalised (bytes not allowed in a
// URL percent-encoded, valid escapes kept) and escaped.
func writeURL(b *strings.Builder, s string) {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		b.WriteString("#ZgotmplZ")
		return
	}
	writeText(b, escapeURLPart(s, true))
}

// escapeURLPart percent-encodes the bytes of s that may not stand in a
// URL. With keep, it keeps the reserved characters and valid escapes (for
// a whole address or a path); without, it encodes them too (for a value
// in a query).
func escapeURLPart(s string, keep bool) string {
	const hex = "0123456789abcdef"
	var out []byte
	done := 0 // bytes of s already in out
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~':
			continue
		case strings.IndexByte("!#$&*+,/:;=?@[]", c) >= 0:
			if keep {
				continue
			}
		case c == '%':
			if keep && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]) {
				continue
			}
		}
		if out == nil {
			out = make([]byte, 0, len(s)+16)
		}
		out = append(out, s[done:i]...)
		out = append(out, '%', hex[c>>4], hex[c&15])
		done = i + 1
	}
	if out == nil {
		return s
	}
	return string(append(out, s[done:]...))
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
