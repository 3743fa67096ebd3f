package markup

import (
	"testing"
	"unicode/utf8"
)

func TestPlainText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", ""},
		{"text", "hello", "hello"},
		{"tags removed", "<p>Hello <strong>wor</strong>ld</p>", "Hello world"},
		{"blocks separated", "<p>one</p><p>two</p><ul><li>three</li><li>four</li></ul>", "one two three four"},
		{"line break separates", "a<br>b<br/>c", "a b c"},
		{"whitespace collapsed", "<p>  a \n\n\t b  </p>\n\n<p> c </p>", "a b c"},
		{"entities decoded", "<p>Fish &amp; chips &lt;3 &quot;yes&quot; &#39;no&#39; caf&eacute; &#x1F600;</p>", `Fish & chips <3 "yes" 'no' café 😀`},
		{"nbsp collapsed", "a&nbsp;&nbsp;b", "a b"},
		{"multi-byte text", "<p>Грузовик <em>ünïcode</em> 日本語</p>", "Грузовик ünïcode 日本語"},
		{"script and style left out", "a<script>var x = '<p>';</script><style>p{}</style>b", "ab"},
		{"comment left out", "a<!-- b -->c", "ac"},
		{"mastodon link", `<a href="https://e.example/x"><span class="invisible">https://</span><span class="ellipsis">e.example</span><span class="invisible">/x</span></a>`, "https://e.example/x"},
		{"folded heading", "<p><strong>Title</strong></p><p>body</p>", "Title body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := PlainText(tt.in); got != tt.want {
				t.Errorf("PlainText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"fits", "<p>short text</p>", 20, "short text"},
		{"fits exactly", "<p>0123456789</p>", 10, "0123456789"},
		{"zero", "<p>text</p>", 0, ""},
		{"negative", "<p>text</p>", -3, ""},
		{"one", "<p>text here</p>", 1, "…"},
		{"cut at word boundary", "<p>The quick brown fox jumps</p>", 15, "The quick…"},
		{"boundary right after the cut", "<p>The quick brown fox</p>", 16, "The quick brown…"},
		{"trailing punctuation trimmed", "<p>Hello, world, again and again</p>", 14, "Hello, world…"},
		{"long word cut inside", "<p>Supercalifragilisticexpialidocious</p>", 10, "Supercali…"},
		{"entities count as one rune", "<p>Fish &amp; chips &amp; peas</p>", 13, "Fish & chips…"},
		{"multi-byte runes", "<p>Ünïcödé wörds ärë fün tö cüt</p>", 18, "Ünïcödé wörds ärë…"},
		{"cjk without spaces", "<p>日本語のテキストです</p>", 5, "日本語の…"},
		{"emoji", "<p>😀😀😀 😀😀😀</p>", 5, "😀😀😀…"},
		{"across blocks", "<p>one</p><p>two three</p>", 10, "one two…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Excerpt(tt.in, tt.n)
			if got != tt.want {
				t.Errorf("Excerpt(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
			if tt.n >= 0 && utf8.RuneCountInString(got) > tt.n {
				t.Errorf("Excerpt(%q, %d) = %q is longer than %d runes", tt.in, tt.n, got, tt.n)
			}
		})
	}
}
