package markup

import (
	"strings"
	"sync"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Mention is an @mention found in Markdown: `@name` for a member of this
// node (Host empty) or `@name@host` for an actor elsewhere.
type Mention struct {
	Username string
	Host     string // lower case; empty for a local member
}

// Handle returns the mention as written in text: "@name" or "@name@host".
func (m Mention) Handle() string {
	if m.Host == "" {
		return "@" + m.Username
	}
	return "@" + m.Username + "@" + m.Host
}

// Limits that keep a stray '@' in a long word from being taken for a
// mention. Mastodon allows 30 characters in a username; 64 leaves room.
const (
	maxUsernameLen = 64
	maxHostLen     = 253
)

// sharedParser is the Markdown parser behind Mentions. A goldmark parser
// keeps no state between calls, so one is enough for the whole process.
var sharedParser = sync.OnceValue(newParser)

// Mentions returns the distinct mentions in Markdown source, in the order
// they first appear. Mentions inside code spans, code blocks, link text,
// image descriptions and raw HTML blocks are ignored, as are e-mail
// addresses: `bob@example.org` is not a mention, `@bob@example.org` is. Two
// mentions are the same when they differ only in letter case.
func Mentions(src string) []Mention {
	source := []byte(src)
	doc := sharedParser().Parse(text.NewReader(source))
	var out []Mention
	seen := make(map[string]bool)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link, *ast.AutoLink, *ast.Image:
			return ast.WalkSkipChildren, nil
		case *mentionNode:
			m := n.mention()
			key := strings.ToLower(m.Username) + "@" + m.Host
			if !seen[key] {
				seen[key] = true
				out = append(out, m)
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// kindMention is the AST node kind of an @mention.
var kindMention = ast.NewNodeKind("Mention")

// mentionNode is an inline AST node holding one @mention. Its text is kept
// as written so that it can be shown unchanged when it is not linked.
type mentionNode struct {
	ast.BaseInline
	username string
	host     string // as written
}

func (n *mentionNode) Kind() ast.NodeKind { return kindMention }

func (n *mentionNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{
		"Username": n.username,
		"Host":     n.host,
	}, nil)
}

func (n *mentionNode) mention() Mention {
	return Mention{Username: n.username, Host: strings.ToLower(n.host)}
}

// text returns the mention as it was written.
func (n *mentionNode) text() string {
	if n.host == "" {
		return "@" + n.username
	}
	return "@" + n.username + "@" + n.host
}

// mentionParser is a goldmark inline parser for `@name` and `@name@host`.
type mentionParser struct{}

func (mentionParser) Trigger() []byte { return []byte{'@'} }

func (mentionParser) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	// An '@' glued to a word or a path is part of an e-mail address, a URL
	// (https://host/@name) or something else that is not a mention.
	if prev := block.PrecendingCharacter(); isWordRune(prev) || prev == '/' || prev == '@' {
		return nil
	}
	line, _ := block.PeekLine()
	user, host, n := scanMention(line)
	if n == 0 {
		return nil
	}
	block.Advance(n)
	return &mentionNode{username: user, host: host}
}

// scanMention reads a mention at the start of b, which begins with '@'. It
// returns the username, the host (empty for a local mention) and the number
// of bytes read, or n == 0 when b does not start with a mention.
//
// Usernames are ASCII letters, digits and '_', with '.' and '-' allowed
// inside. Hosts are dot-separated DNS labels (or a dotted IPv4 address) with
// an optional port, as used by test nodes on loopback addresses.
func scanMention(b []byte) (user, host string, n int) {
	if len(b) < 2 || b[0] != '@' {
		return "", "", 0
	}
	i := 1
	if !isWordByte(b[i]) {
		return "", "", 0
	}
	for i < len(b) && (isWordByte(b[i]) || b[i] == '.' || b[i] == '-') {
		i++
	}
	// A username ends on a word character: "@bob." is "@bob" and a full stop.
	for b[i-1] == '.' || b[i-1] == '-' {
		i--
	}
	if i-1 > maxUsernameLen {
		return "", "", 0
	}
	user = string(b[1:i])
	if i < len(b) && b[i] == '@' {
		hl := scanHost(b[i+1:])
		if hl == 0 {
			// "@bob@" or "@bob@-x": meant as a handle, but not a valid one.
			return "", "", 0
		}
		host = string(b[i+1 : i+1+hl])
		i += 1 + hl
		// "@bob@exa_mple.org" or "@bob@host-x-": the text after the host
		// would have to be part of it; better no mention than the wrong one.
		if i < len(b) && (isWordByte(b[i]) || b[i] == '-' || b[i] == '@') {
			return "", "", 0
		}
	}
	return user, host, i
}

// scanHost returns the length of the host name (with an optional :port) at
// the start of b, or 0.
func scanHost(b []byte) int {
	i := 0
	end := 0 // end of the last complete label
	for {
		start := i
		for i < len(b) && (isAlnumByte(b[i]) || b[i] == '-') {
			i++
		}
		label := b[start:i]
		if len(label) == 0 || label[0] == '-' || label[len(label)-1] == '-' {
			i = end
			break
		}
		end = i
		if i+1 < len(b) && b[i] == '.' && isAlnumByte(b[i+1]) {
			i++
			continue
		}
		break
	}
	if end == 0 || end > maxHostLen {
		return 0
	}
	// Optional port: ":" followed by 1 to 5 digits.
	if end+1 < len(b) && b[end] == ':' && isDigitByte(b[end+1]) {
		j := end + 1
		for j < len(b) && isDigitByte(b[j]) {
			j++
		}
		if j-end-1 <= 5 {
			end = j
		}
	}
	return end
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isWordByte(c byte) bool { return c == '_' || isAlnumByte(c) }

func isAlnumByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigitByte(c)
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }
