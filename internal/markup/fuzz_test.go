package markup

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSanitize feeds the same bytes to Sanitize (as remote HTML) and to
// Markdown (as a member's post) and checks what must hold for any input: no
// script element or javascript: URL survives, and sanitising sanitised HTML
// (including what Markdown produced) changes nothing.
func FuzzSanitize(f *testing.F) {
	seeds := []string{
		"",
		"plain text",
		"<p>Hello <b>world</b></p>",
		"<script>alert(1)</script>",
		"<scr<script>ipt>alert(1)</script>",
		"<a href=\"javascript:alert(1)\">x</a>",
		"<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
		"<a href=\"JaVaScRiPt:alert(1)\">x</a>",
		"<a href=\"https://example.org\" onclick=\"x()\" target=\"_blank\">x</a>",
		"<img src=x onerror=alert(1)>",
		"<svg><script>alert(1)</script></svg>",
		"<math><mtext><style><img src=x onerror=alert(1)></style></mtext></math>",
		"<h1>Title</h1><h2><p>block</p></h2>",
		"<a href=\"https://a.example\"><h3>x</h3></a>",
		"<blockquote><p>unclosed <b>bold",
		"<pre>\n\nleading newlines</pre>",
		"<p><a href=\"https://a.example\">a<a href=\"https://b.example\">b</a></a></p>",
		"<ol start=\"5\"><li>x</li></ol><code class=\"language-go\">c</code>",
		"<span class=\"h-card\"><a href=\"https://m.example/@a\" class=\"u-url mention\">@<span>a</span></a></span>",
		"<!-- comment --><![CDATA[x]]><?pi?>",
		"<style>p{color:red}</style><iframe src=x>inner</iframe>",
		"[x](javascript:alert(1)) ![i](javascript:alert(1))",
		"# Heading\n\n*em* **strong** ~~del~~ `code`\n\n- a\n- b",
		"text <script>alert(1)</script> more",
		"<div>\n<script>\nalert(1)\n</script>\n</div>",
		"@bob @bob@example.org bob@example.org [@x](https://x.example)",
		"```js\n<script>alert(1)</script>\n```",
		"<a href=\"https://x.example/&quot;onmouseover=&quot;\">q</a>",
		"<a href=\"http://[::1]:80/\">v6</a><a href=\"mailto:\">m</a>",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	r := New(Options{MentionURL: func(username, host string) (string, bool) {
		if host == "" {
			return "https://portal.example/@" + username, true
		}
		return "https://" + host + "/@" + username, true
	}})
	f.Fuzz(func(t *testing.T, in string) {
		once := r.Sanitize(in)
		assertSafe(t, "Sanitize", in, once)
		if twice := r.Sanitize(once); twice != once {
			t.Fatalf("Sanitize is not idempotent for %q:\nonce:  %q\ntwice: %q", in, once, twice)
		}
		md := r.Markdown(in)
		assertSafe(t, "Markdown", in, md)
		if again := r.Sanitize(md); again != md {
			t.Fatalf("Markdown output is not a fixed point of Sanitize for %q:\nmarkdown: %q\nsanitised: %q", in, md, again)
		}
	})
}

func assertSafe(t *testing.T, what, in, out string) {
	t.Helper()
	lower := strings.ToLower(out)
	for _, bad := range []string{"<script", "javascript:"} {
		if strings.Contains(lower, bad) {
			t.Fatalf("%s(%q) = %q contains %q", what, in, out, bad)
		}
	}
}

// FuzzMentions checks that every mention found can be written back as a
// handle that reads as the same mention.
func FuzzMentions(f *testing.F) {
	for _, s := range []string{
		"@alice", "@bob@example.org", "bob@example.org", "`@x` @y", "@a@b@c", "@eve@127.0.0.2:8080.",
		"[@x](https://x.example) @y.", "@jean-luc.picard-", "@@x", "x@y @z@-w",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		seen := make(map[string]bool)
		for _, m := range Mentions(in) {
			h := m.Handle()
			user, host, n := scanMention([]byte(h))
			if n != len(h) || user != m.Username || strings.ToLower(host) != m.Host {
				t.Fatalf("Mentions(%q) gave %+v, whose handle %q reads back as (%q, %q, %d)", in, m, h, user, host, n)
			}
			key := strings.ToLower(h)
			if seen[key] {
				t.Fatalf("Mentions(%q) repeats %q", in, h)
			}
			seen[key] = true
		}
	})
}

// FuzzExcerpt checks that an excerpt never exceeds its length.
func FuzzExcerpt(f *testing.F) {
	f.Add("<p>The quick brown fox jumps over the lazy dog</p>", 12)
	f.Add("<p>Ünïcödé &amp; 日本語 😀😀</p>", 5)
	f.Add("a&nbsp;b<br>c", 1)
	f.Fuzz(func(t *testing.T, in string, n int) {
		got := Excerpt(in, n)
		if c := utf8.RuneCountInString(got); c > max(n, 0) {
			t.Fatalf("Excerpt(%q, %d) = %q has %d runes", in, n, got, c)
		}
		if n > 0 && strings.HasPrefix(got, " ") {
			t.Fatalf("Excerpt(%q, %d) = %q starts with a space", in, n, got)
		}
	})
}
