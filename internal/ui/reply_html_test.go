package ui

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/i18n"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/web"
)

// oldReplies is the list of replies as web/templates/pages/thread.html
// wrote it with html/template before reply_html.go, its items only; it
// is run with the real partials ("author", "csrf") and functions.
const oldReplies = `{{define "old_replies"}}{{$canReply := .CanReply}}{{$reply := t "thread.reply_link"}}{{$edit := t "common.edit"}}{{$delete := t "common.delete"}}{{$edited := t "common.updated"}}{{$report := t "thread.report"}}{{range .Replies}}<li><article class="post{{.Class}}" id="post-{{.ID}}">
<p class="meta">{{if .Notice}}{{.Notice}}{{else}}{{template "author" .Author}} · <a href="/posts/{{.ID}}"><time datetime="{{.ISO}}">{{.When}}</time></a>{{if .EditedAt}} · {{$edited}}{{end}}{{end}}{{if .ParentHref}} · <a class="in-reply-to" href="{{.ParentHref}}">{{.ParentText}}</a>{{end}}</p>
{{if not .Notice}}<div class="body">{{html .BodyHTML}}</div>
{{if or $canReply .CanEdit .CanDelete .CanReport}}<div class="post-actions">{{if $canReply}}<a href="?reply_to={{.ID}}#reply">{{$reply}}{{if .ToAuthor}}<span class="vh"> {{.ToAuthor}}</span>{{end}}</a>{{end}}{{if .CanEdit}} <a href="/posts/{{.ID}}/edit">{{$edit}}</a>{{end}}{{if .CanDelete}} <form method="post" action="/posts/{{.ID}}/delete">{{template "csrf" $.CSRF}}<button type="submit" class="link">{{$delete}}</button></form>{{end}}{{if .CanReport}} <a href="/posts/{{.ID}}/report">{{$report}}{{if .ReportOf}}<span class="vh"> {{.ReportOf}}</span>{{end}}</a>{{end}}</div>{{end}}
{{end}}</article></li>
{{end}}{{end}}`

func testUI(t *testing.T) *UI {
	t.Helper()
	cat, err := i18n.Load(web.Locales)
	if err != nil {
		t.Fatal(err)
	}
	return &UI{cat: cat}
}

// oldTemplate parses oldReplies with the partials the pages use.
func oldTemplate(t *testing.T, u *UI) *template.Template {
	t.Helper()
	tpl, err := template.New("").Funcs(u.funcs()).ParseFS(web.Templates, "templates/partials/*.html")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tpl.Parse(oldReplies); err != nil {
		t.Fatal(err)
	}
	return tpl
}

func renderOld(t *testing.T, tpl *template.Template, list []*replyView, canReply bool, csrf string) string {
	t.Helper()
	var buf bytes.Buffer
	data := struct {
		Replies  []*replyView
		CanReply bool
		CSRF     string
	}{list, canReply, csrf}
	if err := tpl.ExecuteTemplate(&buf, "old_replies", data); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// tokens lists what an HTML parser sees in s: each tag with its
// attributes, each text, entities decoded. Two fragments with the same
// tokens make the same DOM, however their characters were escaped.
func tokens(s string) ([]string, error) {
	z := html.NewTokenizer(strings.NewReader(s))
	var out []string
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if err := z.Err(); !errors.Is(err, io.EOF) {
				return out, err
			}
			return out, nil
		}
		tok := z.Token()
		out = append(out, fmt.Sprintf("%s %q %q", tt, tok.Data, tok.Attr))
	}
}

// sameDOM reports the first difference between the tokens of want and got.
func sameDOM(want, got string) error {
	w, err := tokens(want)
	if err != nil {
		return err
	}
	g, err := tokens(got)
	if err != nil {
		return err
	}
	for i := range min(len(w), len(g)) {
		if w[i] != g[i] {
			return fmt.Errorf("token %d: got %s, want %s", i, g[i], w[i])
		}
	}
	if len(w) != len(g) {
		return fmt.Errorf("%d tokens, want %d", len(g), len(w))
	}
	return nil
}

// replyFixture is a thread of ordinary replies: local and remote authors,
// a space, an unknown author, edits, a deletion, one for the alliance
// only, and replies to each kind of parent.
func replyFixture() *discussion.ThreadView {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.FixedZone("X", 3600))
	later := at.Add(time.Hour)
	alice := &model.Actor{ID: "a1", Kind: model.ActorPerson, Username: "alice", DisplayName: "Alice O'Brien & Co+", Local: true}
	bob := &model.Actor{ID: "a2", Kind: model.ActorPerson, Username: "bob", Host: "example.org", Local: false,
		URL: "https://example.org/@bob?x=1&y=2+3"}
	carol := &model.Actor{ID: "a3", Kind: model.ActorPerson, Username: "carol", Host: "example.com",
		URI: "ftp://example.com/carol"} // no web page: name and handle only
	dave := &model.Actor{ID: "a4", Kind: model.ActorPerson, Username: "dave", DisplayName: "Dävé", Host: "example.net",
		URI: "https://example.net/users/dave x/é"}
	ops := &model.Actor{ID: "a5", Kind: model.ActorGroup, Username: "ops-space", Local: true}
	ref := func(s string) *string { return &s }
	post := func(id string, a *model.Actor, parent *string, body string) *model.Post {
		p := &model.Post{ID: id, Author: a, InReplyToID: parent, BodyHTML: body, Visibility: model.VisibilityPublic,
			Local: a != nil && a.Local, CreatedAt: at}
		if a != nil {
			p.AuthorID = a.ID
		}
		at = at.Add(time.Minute)
		return p
	}
	p1 := post("p1", alice, nil, "<p>First <em>post</em> &amp; more</p>")
	p2 := post("p2", bob, ref("p1"), "<p>From afar</p>")
	p2.EditedAt = &later
	p3 := post("p3", alice, ref("p2"), "<p>gone</p>")
	p3.DeletedAt = &later
	p4 := post("p4", carol, ref("p3"), "<p>members only</p>")
	p4.Visibility = model.VisibilityAlliance
	p5 := post("p5", dave, ref("p0-elsewhere"), "<p>answering an older post</p>")
	p6 := post("p6", nil, ref("p4"), "<p>by nobody known</p>")
	p7 := post("p7", ops, nil, "<p>the space speaks</p>")
	p8 := post("p8", alice, ref("p1"), "<p>edited, <a href=\"https://example.org/x?a=1&amp;b=2\">link</a></p>")
	p8.EditedAt = &later
	return &discussion.ThreadView{Thread: &model.Thread{ID: "t1"}, Posts: []*model.Post{p1, p2, p3, p4, p5, p6, p7, p8}}
}

// TestRepliesHTMLMatchesTemplate renders the same replies with the old
// template and with repliesHTML, for several viewers, and compares them.
func TestRepliesHTMLMatchesTemplate(t *testing.T) {
	t.Parallel()
	u := testUI(t)
	tpl := oldTemplate(t, u)
	member := &model.User{ID: "u1", ActorID: "a1"}   // alice: her own replies
	moderator := &model.User{ID: "u2", ActorID: "x"} // someone else, who moderates
	cases := []struct {
		name        string
		viewer      *model.User
		canModerate bool
		locked      bool
	}{
		{"visitor", nil, false, false},
		{"author", member, false, false},
		{"author of a locked thread", member, false, true},
		{"moderator", moderator, true, false},
		{"member elsewhere", moderator, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := replyFixture()
			v.Thread.Locked = c.locked
			v.CanModerate = c.canModerate
			d := buildThreadPage(v, c.viewer)
			u.dress(d.Replies)
			const csrf = "tok+en/with=chars"
			old := renderOld(t, tpl, d.Replies, d.CanReply, csrf)
			got := string(u.repliesHTML(d.Replies, d.CanReply, csrf))
			if n := strings.Count(got, "<li>"); n != len(d.Replies) {
				t.Fatalf("%d items, want %d:\n%s", n, len(d.Replies), got)
			}
			if err := sameDOM(old, got); err != nil {
				t.Errorf("differs from the template: %v\ntemplate:\n%s\ngot:\n%s", err, old, got)
			}
			// Beyond what a parser sees: byte for byte, once the template's
			// entity for "+" is read as the character.
			if norm := strings.ReplaceAll(old, "&#43;", "+"); norm != got {
				t.Errorf("differs from the template's bytes:\ntemplate:\n%s\ngot:\n%s", norm, got)
			}
		})
	}
}

// TestRepliesHTMLFixtureCovers makes sure the comparison above sees each
// part of the markup, and can tell a difference.
func TestRepliesHTMLFixtureCovers(t *testing.T) {
	t.Parallel()
	u := testUI(t)
	v := replyFixture()
	v.CanModerate = true
	d := buildThreadPage(v, &model.User{ID: "u1", ActorID: "a1"})
	u.dress(d.Replies)
	got := string(u.repliesHTML(d.Replies, d.CanReply, "tok"))
	for _, want := range []string{
		`<a href="/members/alice">Alice O&#39;Brien &amp; Co+</a>`,
		`<a href="https://example.org/@bob?x=1&amp;y=2+3" rel="nofollow noopener">bob</a> <span class="handle">@bob@example.org</span>`,
		`carol <span class="handle">@carol@example.com</span>`,
		`href="https://example.net/users/dave%20x/%c3%a9"`,
		`<a href="/spaces/ops-space">ops-space</a>`,
		`<span class="muted">someone</span>`,
		`<p class="meta">This reply was deleted. · <a class="in-reply-to" href="#post-p2">`,
		`<a class="in-reply-to" href="/posts/p0-elsewhere">in reply to an earlier post</a>`,
		`in reply to a deleted reply`,
		` · edited`,
		`<a href="?reply_to=p2#reply">Reply<span class="vh"> to bob</span></a>`,
		` <a href="/posts/p1/edit">Edit</a>`,
		` <form method="post" action="/posts/p1/delete"><input type="hidden" name="csrf_token" value="tok"><button type="submit" class="link">Delete</button></form>`,
		` <a href="/posts/p2/report">Report<span class="vh"> the reply by bob to the moderators</span></a>`,
		`<div class="body"><p>First <em>post</em> &amp; more</p></div>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
	for _, change := range [][2]string{
		{`class="post-actions"`, `class="post-action"`},
		{` rel="nofollow noopener"`, ``},
		{`<span class="vh"> to bob</span>`, ` to bob`},
		{"</p>\n<div", "</p><div"},
		{`value="tok"`, `value="tok2"`},
	} {
		if !strings.Contains(got, change[0]) {
			t.Fatalf("no %s in the output", change[0])
		}
		if sameDOM(got, strings.Replace(got, change[0], change[1], 1)) == nil {
			t.Errorf("the comparison misses %s becoming %s", change[0], change[1])
		}
	}
}

// TestRepliesHTMLEscapes renders hostile names, handles, addresses and ids.
func TestRepliesHTMLEscapes(t *testing.T) {
	t.Parallel()
	u := testUI(t)
	hostile := authorView{Known: true, Name: `<script>alert("x")</script>'`, Handle: `@"><img src=x onerror=1>@evil`,
		URL: "javascript:alert(1)"}
	views := []*replyView{{ID: `r1`, Author: hostile, CanReport: true, BodyHTML: "<p>ok</p>"}}
	for _, addr := range []string{"JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,<script>1</script>",
		"//evil.example/x", "vbscript:x", "https://"} {
		a := hostile
		a.URL = addr
		views = append(views, &replyView{ID: "r" + fmt.Sprint(len(views)+1), Author: a})
	}
	local := hostile
	local.Local, local.Handle = true, ""
	views = append(views, &replyView{ID: "r-local", Author: local})
	// Through authorOf, as a remote actor's document would have it.
	views = append(views, &replyView{ID: "r-actor", Author: authorOf(&model.Actor{Username: "m", Host: `h"><b>`,
		DisplayName: `"><script>x</script>`, URL: "javascript:alert(1)", URI: "javascript:alert(2)"})})
	// An id and a token that would break out of their attributes.
	views = append(views, &replyView{ID: `x"><script>y</script>`, Author: authorView{Known: true, Name: "n"},
		ParentID: `q" onmouseover="1`, CanDelete: true})
	u.dress(views)
	got := string(u.repliesHTML(views, true, `"><img src=x onerror=2>`))

	for _, bad := range []string{"<script", "<img", "<b>", "javascript:", "vbscript:", "data:", "//evil", `"1"`} {
		if strings.Contains(strings.ToLower(got), bad) {
			t.Errorf("%s came through:\n%s", bad, got)
		}
	}
	for _, want := range []string{
		`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&#39;`,
		`<span class="handle">@&#34;&gt;&lt;img src=x onerror=1&gt;@evil</span>`,
		`value="&#34;&gt;&lt;img src=x onerror=2&gt;"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
	// What a browser would build: only the list's own elements and
	// attributes, and no link but to http(s) or our own paths.
	toks, err := tokens(got)
	if err != nil {
		t.Fatal(err)
	}
	elements := map[string]bool{"li": true, "article": true, "p": true, "a": true, "time": true, "div": true,
		"span": true, "form": true, "input": true, "button": true}
	z := html.NewTokenizer(strings.NewReader(got))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		tok := z.Token()
		if tt != html.StartTagToken && tt != html.EndTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		if !elements[tok.Data] {
			t.Errorf("element %s in the output", tok.Data)
		}
		for _, a := range tok.Attr {
			switch a.Key {
			case "class", "id", "datetime", "method", "action", "type", "name", "value", "rel":
			case "href":
				if !strings.HasPrefix(a.Val, "/") && !strings.HasPrefix(a.Val, "#") && !strings.HasPrefix(a.Val, "?") {
					t.Errorf("link to %s", a.Val)
				}
			default:
				t.Errorf("attribute %s=%q on %s", a.Key, a.Val, tok.Data)
			}
		}
	}
	if len(toks) == 0 {
		t.Fatal("nothing written")
	}
	// The hostile authors' names are not links at all.
	if strings.Contains(got, `rel="nofollow noopener"`) {
		t.Errorf("a remote author without a web address is linked:\n%s", got)
	}
}

// TestReplyKeysExist checks the message keys the replies list looks up in
// Go (catalogue_test.go checks those the templates use).
func TestReplyKeysExist(t *testing.T) {
	t.Parallel()
	u := testUI(t)
	keys := replyLabelKeys[:]
	src, err := os.ReadFile("thread_show.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`\btr\("([^"]+)"`).FindAllStringSubmatch(string(src), -1) {
		keys = append(keys, m[1])
	}
	if len(keys) < len(replyLabelKeys)+5 {
		t.Fatalf("found only the keys %q", keys)
	}
	for _, k := range keys {
		if !u.cat.Has(k) {
			t.Errorf("the catalogue lacks %q", k)
		}
	}
}
