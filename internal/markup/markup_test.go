package markup

import (
	"strings"
	"testing"
)

// testRenderer links local mentions to portal.example and remote ones to
// their host, and refuses to link "@ghost" (an unknown member).
func testRenderer() *Renderer {
	return New(Options{MentionURL: func(username, host string) (string, bool) {
		switch {
		case strings.EqualFold(username, "ghost"):
			return "", false
		case host == "":
			return "https://portal.example/members/" + username, true
		default:
			return "https://" + host + "/@" + username, true
		}
	}})
}

const rel = ` rel="nofollow noopener noreferrer"`

func TestMarkdown(t *testing.T) {
	t.Parallel()
	r := testRenderer()
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"empty", "", ""},
		{"paragraphs", "one\n\ntwo", "<p>one</p>\n<p>two</p>"},
		{"emphasis", "*em* _em_ **strong** ~~gone~~", "<p><em>em</em> <em>em</em> <strong>strong</strong> <del>gone</del></p>"},
		{"entities kept escaped", `a < b & "c"`, "<p>a &lt; b &amp; &#34;c&#34;</p>"},
		{"link", `[Portal](https://portal.example/about "About")`, `<p><a href="https://portal.example/about"` + rel + `>Portal</a></p>`},
		{"autolink", "<https://portal.example>", `<p><a href="https://portal.example"` + rel + `>https://portal.example</a></p>`},
		{"linkify url", "see https://portal.example/x.", `<p>see <a href="https://portal.example/x"` + rel + `>https://portal.example/x</a>.</p>`},
		{"linkify www", "www.portal.example", `<p><a href="http://www.portal.example"` + rel + `>www.portal.example</a></p>`},
		{"linkify email", "write to bob@example.org", `<p>write to <a href="mailto:bob@example.org"` + rel + `>bob@example.org</a></p>`},
		{"unordered list", "- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"},
		{"ordered list with start", "3. c\n4. d", "<ol start=\"3\">\n<li>c</li>\n<li>d</li>\n</ol>"},
		{"blockquote", "> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"},
		{"code span", "use `a<b>`", "<p>use <code>a&lt;b&gt;</code></p>"},
		{"fenced code with language", "```go\nx := \"<y>\"\n```", "<pre><code class=\"language-go\">x := &#34;&lt;y&gt;&#34;\n</code></pre>"},
		{"fenced code with bad language", "```a\"onclick=\"x\nz\n```", "<pre><code>z\n</code></pre>"},
		{"indented code", "    <b>x</b>", "<pre><code>&lt;b&gt;x&lt;/b&gt;\n</code></pre>"},
		{"hard break", "a  \nb", "<p>a<br/>\nb</p>"},
		{"atx heading folded", "# Title", "<p><strong>Title</strong></p>"},
		{"setext heading folded", "Title *x*\n---", "<p><strong>Title <em>x</em></strong></p>"},
		{"empty heading dropped", "#\n\ntext", "<p>text</p>"},
		{"thematic break dropped", "a\n\n***\n\nb", "<p>a</p>\n<p>b</p>"},
		{"table not rendered", "| a |\n|---|\n| 1 |", "<p>| a |\n|---|\n| 1 |</p>"},
		{"image becomes link", "![a chart](https://img.example/c.png)", `<p><a href="https://img.example/c.png"` + rel + `>a chart</a></p>`},
		{"image without description", "![](https://img.example/c.png)", `<p><a href="https://img.example/c.png"` + rel + `>https://img.example/c.png</a></p>`},
		{"image inside link", "[![logo](https://img.example/l.png)](https://portal.example)", `<p><a href="https://portal.example"` + rel + `>logo</a></p>`},
		{"script block removed", "<script>alert(1)</script>", ""},
		{"script block removed, rest kept", "<script>\nalert(1)\n</script>\n\nafter", "<p>after</p>"},
		{"inline script removed", "a <script>alert(1)</script> b", "<p>a  b</p>"},
		{"unclosed inline script removed to end of paragraph", "a <SCRIPT>alert(1)\nstill script\n\nb", "<p>a </p>\n<p>b</p>"},
		{"style and iframe removed", "x <style>p{}</style><iframe src=\"https://evil.example\">y</iframe> z", "<p>x  z</p>"},
		{"comment removed", "a <!-- hidden --> b", "<p>a  b</p>"},
		{"other raw HTML shown as text", "press <Enter> or <b>this</b>", "<p>press &lt;Enter&gt; or &lt;b&gt;this&lt;/b&gt;</p>"},
		{"raw img shown as text", `<img src=x onerror=alert(1)>`, "<p>&lt;img src=x onerror=alert(1)&gt;</p>"},
		{"html block shown without its script", "<div>\n<script>alert(1)</script>\nhi\n</div>", "<p>&lt;div&gt;\n\nhi\n&lt;/div&gt;</p>"},
		{"javascript link", "[x](javascript:alert(1))", "<p>x</p>"},
		{"javascript link upper case", "[x](JAVASCRIPT:alert(1))", "<p>x</p>"},
		{"data link", "[x](data:text/html;base64,PHNjcmlwdD4=)", "<p>x</p>"},
		{"javascript image", "![x](javascript:alert(1))", "<p>x</p>"},
		{"relative link dropped", "[x](/admin)", "<p>x</p>"},
		{"mailto link", "[mail](mailto:bob@example.org)", `<p><a href="mailto:bob@example.org"` + rel + `>mail</a></p>`},
		{"javascript text defused", "never click javascript:void(0)", "<p>never click javascript&#58;void(0)</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := r.Markdown(tt.src); got != tt.want {
				t.Errorf("Markdown(%q)\n got: %q\nwant: %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestMarkdownNeverLeaksScript(t *testing.T) {
	t.Parallel()
	r := testRenderer()
	for _, src := range []string{
		"<script>alert(1)</script>",
		"text <script>alert(1)</script> text",
		"<div><script>alert(1)</script></div>",
		"- item <script>alert(1)</script>",
		"> <script>alert(1)</script>",
		"<ScRiPt >alert(1)</sCrIpT >",
	} {
		got := r.Markdown(src)
		if strings.Contains(strings.ToLower(got), "<script") || strings.Contains(got, "alert(1)") {
			t.Errorf("Markdown(%q) = %q, want no script and no script text", src, got)
		}
	}
}

func TestMarkdownMentions(t *testing.T) {
	t.Parallel()
	r := testRenderer()
	local := func(name string) string {
		return `<a href="https://portal.example/members/` + name + `" class="mention"` + rel + `>@` + name + `</a>`
	}
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"local", "hi @alice!", "<p>hi " + local("alice") + "!</p>"},
		{"remote keeps host in text", "cc @Bob@Social.Example.", `<p>cc <a href="https://social.example/@Bob" class="mention"` + rel + `>@Bob@Social.Example</a>.</p>`},
		{"remote with port", "@eve@127.0.0.2:8080 hi", `<p><a href="https://127.0.0.2:8080/@eve" class="mention"` + rel + `>@eve@127.0.0.2:8080</a> hi</p>`},
		{"start of line and in emphasis", "@alice *@carol*", "<p>" + local("alice") + " <em>" + local("carol") + "</em></p>"},
		{"in parentheses", "(@alice)", "<p>(" + local("alice") + ")</p>"},
		{"not resolved stays text", "hello @ghost", "<p>hello @ghost</p>"},
		{"not in code span", "`@alice`", "<p><code>@alice</code></p>"},
		{"not in code block", "```\n@alice\n```", "<pre><code>@alice\n</code></pre>"},
		{"not in link text", "[@alice](https://x.example)", `<p><a href="https://x.example"` + rel + `>@alice</a></p>`},
		{"not an e-mail address", "mail alice@example.org", `<p>mail <a href="mailto:alice@example.org"` + rel + `>alice@example.org</a></p>`},
		{"not after a word", "x@alice", "<p>x@alice</p>"},
		{"not in a URL", "https://social.example/@alice", `<p><a href="https://social.example/@alice"` + rel + `>https://social.example/@alice</a></p>`},
		{"escaped", `\@alice`, "<p>@alice</p>"},
		{"broken handle", "@alice@ and @bob@-x", "<p>@alice@ and @bob@-x</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := r.Markdown(tt.src); got != tt.want {
				t.Errorf("Markdown(%q)\n got: %q\nwant: %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestMarkdownWithoutMentionURL(t *testing.T) {
	t.Parallel()
	r := New(Options{})
	if got, want := r.Markdown("hi @alice and @bob@example.org"), "<p>hi @alice and @bob@example.org</p>"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMarkdownMentionURLIsSanitised(t *testing.T) {
	t.Parallel()
	r := New(Options{MentionURL: func(string, string) (string, bool) {
		return `javascript:alert(1)" onclick="x`, true
	}})
	if got, want := r.Markdown("hi @alice"), "<p>hi @alice</p>"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMentions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []Mention
	}{
		{"none", "no mentions here", nil},
		{"local", "hi @alice", []Mention{{Username: "alice"}}},
		{"remote, host lower-cased", "hi @Bob@Social.Example", []Mention{{Username: "Bob", Host: "social.example"}}},
		{"port", "@eve@127.0.0.2:8080", []Mention{{Username: "eve", Host: "127.0.0.2:8080"}}},
		{"trailing punctuation", "@alice. @bob@example.org, @carol-", []Mention{{Username: "alice"}, {Username: "bob", Host: "example.org"}, {Username: "carol"}}},
		{"dots and dashes inside", "@jean-luc.picard", []Mention{{Username: "jean-luc.picard"}}},
		{"e-mail address is not a mention", "bob@example.org", nil},
		{"e-mail address with dots", "mail first.last@example.org now", nil},
		{"handle next to an e-mail address", "@bob@example.org or bob@example.org", []Mention{{Username: "bob", Host: "example.org"}}},
		{"duplicates", "@alice @alice @ALICE @alice@example.org @Alice@EXAMPLE.org", []Mention{{Username: "alice"}, {Username: "alice", Host: "example.org"}}},
		{"local and remote are distinct", "@alice @alice@example.org", []Mention{{Username: "alice"}, {Username: "alice", Host: "example.org"}}},
		{"code span", "`@alice` @bob", []Mention{{Username: "bob"}}},
		{"code block", "```\n@alice\n```\n\n    @carol\n\n@bob", []Mention{{Username: "bob"}}},
		{"link text", "[@alice](https://x.example) ![@carol](https://x.example/c.png)", nil},
		{"URL", "https://social.example/@alice", nil},
		{"raw HTML block", "<div>\n@alice\n</div>", nil},
		{"list and quote", "- @alice\n\n> @bob", []Mention{{Username: "alice"}, {Username: "bob"}}},
		{"bare at sign", "@ @@ a @ b @_", []Mention{{Username: "_"}}},
		{"bad host", "@alice@ @bob@exa_mple.org", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Mentions(tt.src)
			if !equalMentions(got, tt.want) {
				t.Errorf("Mentions(%q) = %+v, want %+v", tt.src, got, tt.want)
			}
		})
	}
}

func equalMentions(a, b []Mention) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestMentionHandle(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		m    Mention
		want string
	}{
		{Mention{Username: "alice"}, "@alice"},
		{Mention{Username: "bob", Host: "example.org"}, "@bob@example.org"},
	} {
		if got := tt.m.Handle(); got != tt.want {
			t.Errorf("%+v.Handle() = %q, want %q", tt.m, got, tt.want)
		}
	}
}
