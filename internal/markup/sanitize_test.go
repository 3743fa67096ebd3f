package markup

import "testing"

func TestSanitize(t *testing.T) {
	t.Parallel()
	r := New(Options{})
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", ""},
		{"whitespace", " \n\t", ""},
		{"plain text", "a < b", "a &lt; b"},
		{"allowed elements kept", "<p>a<br>b <em>c</em> <strong>d</strong> <b>e</b> <i>f</i> <u>g</u> <del>h</del> <code>i</code></p>",
			"<p>a<br/>b <em>c</em> <strong>d</strong> <b>e</b> <i>f</i> <u>g</u> <del>h</del> <code>i</code></p>"},
		{"lists and quotes", "<blockquote><ul><li>a</li></ul><ol start=\"4\"><li>b</li></ol></blockquote><pre><code class=\"language-rust\">x</code></pre>",
			"<blockquote><ul><li>a</li></ul><ol start=\"4\"><li>b</li></ol></blockquote><pre><code class=\"language-rust\">x</code></pre>"},
		{"rel added, target and others removed", `<a href="https://example.org/x?y=1" target="_blank" rel="me" title="t" id="i">x</a>`,
			`<a href="https://example.org/x?y=1"` + rel + `>x</a>`},
		{"onclick removed", `<a href="https://example.org" onclick="alert(1)">x</a>`, `<a href="https://example.org"` + rel + `>x</a>`},
		{"event attributes removed", `<p onmouseover="alert(1)" style="color:red" class="x">p</p>`, "<p>p</p>"},
		{"img removed", `<p>a<img src=x onerror=alert(1)>b</p>`, "<p>ab</p>"},
		{"media removed", `<video src="https://v.example/v.mp4">no video</video><audio src="a.ogg"></audio><picture></picture>`, "no video"},
		{"script removed with content", `<p>a</p><script>alert(1)</script><p>b</p>`, "<p>a</p><p>b</p>"},
		{"style removed with content", `<style>body{display:none}</style>text`, "text"},
		{"iframe and object removed with content", `<iframe src="https://evil.example">x</iframe><object data="y">z</object>ok`, "ok"},
		{"svg and math removed with content", `<svg><script>alert(1)</script><text>t</text></svg><math><mi>x</mi></math>ok`, "ok"},
		{"template and textarea removed with content", `<template><p>t</p></template><textarea>u</textarea>ok`, "ok"},
		{"unknown elements unwrapped", `<div><section><p>x</p></section></div><font color=red>y</font>`, "<p>x</p>y"},
		{"comments removed", `a<!-- secret -->b`, "ab"},
		{"javascript href removed", `<a href="javascript:alert(1)">x</a>`, "x"},
		{"obfuscated javascript href removed", `<a href="jav&#x09;ascript:alert(1)">x</a><a href=" JaVaScRiPt:alert(1)">y</a>`, "xy"},
		{"data href removed", `<a href="data:text/html,<script>alert(1)</script>">x</a>`, "x"},
		{"vbscript and file removed", `<a href="vbscript:x">a</a><a href="file:///etc/passwd">b</a><a href="ftp://f.example/">c</a>`, "abc"},
		{"relative links removed", `<a href="/admin">a</a><a href="//evil.example/x">b</a><a href="x.html">c</a><a href="#top">d</a>`, "abcd"},
		{"http without host removed", `<a href="http:/x">a</a><a href="https:x">b</a>`, "ab"},
		{"mailto kept", `<a href="mailto:bob@example.org">m</a>`, `<a href="mailto:bob@example.org"` + rel + `>m</a>`},
		{"link without href unwrapped", `<a name="x" class="mention">@x</a>`, "@x"},
		{"mastodon mention", `<span class="h-card" translate="no"><a href="https://m.example/@a" class="u-url mention">@<span>a</span></a></span>`,
			`<span class="h-card"><a href="https://m.example/@a" class="u-url mention"` + rel + `>@<span>a</span></a></span>`},
		{"mastodon hashtag", `<a href="https://m.example/tags/x" class="mention hashtag" rel="tag">#<span>x</span></a>`,
			`<a href="https://m.example/tags/x" class="mention hashtag"` + rel + `>#<span>x</span></a>`},
		{"mastodon link", `<a href="https://example.org/long/path" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="ellipsis">example.org/lo</span><span class="invisible">ng/path</span></a>`,
			`<a href="https://example.org/long/path"` + rel + `><span class="invisible">https://</span><span class="ellipsis">example.org/lo</span><span class="invisible">ng/path</span></a>`},
		{"other classes removed", `<a href="https://x.example" class="evil">a</a><span class="big">b</span><code class="lang-go">c</code>`,
			`<a href="https://x.example"` + rel + `>a</a><span>b</span><code>c</code>`},
		{"bad ol start removed", `<ol start="-1" type="a" reversed><li>x</li></ol>`, "<ol><li>x</li></ol>"},
		{"heading folded", `<h1>Title <em>x</em></h1><p>body</p>`, "<p><strong>Title <em>x</em></strong></p><p>body</p>"},
		{"empty heading removed", `<h1></h1><h2><h3>x</h3></h2>`, "<p><strong>x</strong></p>"},
		{"all headings folded", `<h2>a</h2><h3>b</h3><h4>c</h4><h5>d</h5><h6 id="x">e</h6>`,
			"<p><strong>a</strong></p><p><strong>b</strong></p><p><strong>c</strong></p><p><strong>d</strong></p><p><strong>e</strong></p>"},
		{"heading around block content unwrapped", `<h2><p>para</p></h2>`, "<p>para</p>"},
		{"heading inside link", `<a href="https://x.example"><h3>x</h3></a>`, `<a href="https://x.example"` + rel + `><p><strong>x</strong></p></a>`},
		{"unbalanced markup closed", `<blockquote><p>quote <b>bold`, "<blockquote><p>quote <b>bold</b></p></blockquote>"},
		{"stray closing tags dropped", `</p></li>text</blockquote>`, "<p></p>text"},
		{"entities normalised", `&lt;b&gt; &amp; &quot; &#39; &eacute; &nbsp;`, "&lt;b&gt; &amp; &#34; &#39; é \u00a0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := r.Sanitize(tt.in)
			if got != tt.want {
				t.Errorf("Sanitize(%q)\n got: %q\nwant: %q", tt.in, got, tt.want)
			}
			if again := r.Sanitize(got); again != got {
				t.Errorf("Sanitize is not idempotent on %q: %q", got, again)
			}
		})
	}
}
