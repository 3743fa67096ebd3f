// Package charts draws Portal's figures as inline SVG — horizontal bars and
// grouped columns — and the HTML data table that belongs beside each chart.
//
// The markup is made for pages served with a strict Content-Security-Policy:
// no script, no style element or attribute, no font or image from anywhere.
// The look comes from SVG presentation attributes (fill, font-size,
// text-anchor); a page stylesheet may size a chart through its "chart"
// class. Each chart is role="img", named and described by its own <title>
// and <desc>, and scales to its container (width="100%" and a viewBox,
// 600 units wide). On a narrow screen the text shrinks with the picture;
// a page that wants it legible there can give .chart a min-width (about
// 30rem) inside a wrapper with overflow-x: auto.
//
// Labels arrive from other nodes, so every text is cleaned of characters
// XML forbids and escaped before it reaches the markup. The same input
// always gives the same bytes.
//
// Values are counts: a negative value is drawn as zero but printed as it is.
// All numbers are written with thousands separators (1,234).
//
// charts imports nothing from Portal. A hub.Point converts one value at a
// time, charts.Point(p), since the two have the same fields.
package charts

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Point is one labelled value.
type Point struct {
	Label string
	Value int
}

// Labels lists the points' labels, in order.
func Labels(ps []Point) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Label
	}
	return out
}

// Values lists the points' values, in order.
func Values(ps []Point) []int {
	out := make([]int, len(ps))
	for i, p := range ps {
		out[i] = p.Value
	}
	return out
}

// Colours. Every one used for text or data has at least 4.5:1 contrast on
// white; gridColour only marks the tick levels and carries no information.
const (
	textColour  = "#1b1b1b"
	mutedColour = "#595959"
	axisColour  = "#595959"
	gridColour  = "#dcdcdc"
)

// palette colours the series in order: blue and orange first, a pair that
// stays apart for the common colour-vision deficiencies and in grey.
var palette = []string{"#1d4f91", "#b35309", "#2e7d32", "#6a3d9a"}

func seriesColour(i int) string { return palette[i%len(palette)] }

const (
	viewWidth  = 600.0
	fontFamily = "system-ui, sans-serif"
	labelSize  = 13.0
	tickSize   = 12.0
	noData     = "No data"
)

// FormatInt writes n with a comma every three digits: 1234567 → "1,234,567".
func FormatInt(n int) string {
	digits := strconv.Itoa(n)
	sign := ""
	if n < 0 {
		sign, digits = "-", digits[1:]
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}

// sanitizeID keeps an id to [a-z0-9-], starting with a letter, so that it
// is a valid XML name and can share a page with other charts' ids.
func sanitizeID(id string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(id) {
		ok := (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9')
		if !ok {
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
				dash = true
			}
			continue
		}
		b.WriteRune(r)
		dash = false
	}
	s := strings.TrimSuffix(b.String(), "-")
	if s == "" {
		return "chart"
	}
	if s[0] < 'a' || s[0] > 'z' {
		s = "chart-" + s
	}
	return s
}

// clean makes s safe to carry in XML text: valid UTF-8, no control or
// other forbidden characters, whitespace runs folded to one space.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
			return -1
		case r >= 0x7F && r <= 0x9F:
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// esc cleans and escapes s for XML text or a quoted attribute.
func esc(s string) string { return html.EscapeString(clean(s)) }

// num writes a coordinate with at most one decimal.
func num(x float64) string {
	r := math.Round(x*10) / 10
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// runeEm guesses a rune's advance in em. It leans to the wide side of the
// common sans-serif faces (DejaVu Sans, which Linux falls back to, is among
// the widest), since it only decides where a label is cut and how much
// room one takes: better a little air than an overlap.
func runeEm(r rune) float64 {
	switch {
	case wide(r):
		return 1
	case strings.ContainsRune("ijl|!.,:;'`", r):
		return 0.32
	case strings.ContainsRune(" frt()[]{}/-\"", r):
		return 0.42
	case strings.ContainsRune("<>=+~^#&", r):
		return 0.84
	case strings.ContainsRune("mwMW@%", r):
		return 0.98
	case r >= 'A' && r <= 'Z':
		return 0.74
	case r >= '0' && r <= '9':
		return 0.64
	case r == '…':
		return 1
	}
	return 0.62
}

// wide reports runes that take a full em: CJK, Hangul, full-width forms,
// emoji.
func wide(r rune) bool {
	return (r >= 0x1100 && r <= 0x115F) || (r >= 0x2E80 && r <= 0xA4CF) ||
		(r >= 0xAC00 && r <= 0xD7A3) || (r >= 0xF900 && r <= 0xFAFF) ||
		(r >= 0xFE30 && r <= 0xFE4F) || (r >= 0xFF00 && r <= 0xFF60) ||
		(r >= 0xFFE0 && r <= 0xFFE6) || (r >= 0x1F300 && r <= 0x1FAFF) ||
		(r >= 0x20000 && r <= 0x3FFFD)
}

// textWidth guesses the drawn width of s at size px.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += runeEm(r)
	}
	return w * size
}

// truncate shortens s to fit in room px at size px, ending it with "…".
func truncate(s string, room, size float64) string {
	if textWidth(s, size) <= room {
		return s
	}
	limit := room - textWidth("…", size)
	w := 0.0
	for i, r := range s {
		w += runeEm(r) * size
		if w > limit {
			return strings.TrimRight(s[:i], " ") + "…"
		}
	}
	return s
}

// svg gathers one chart's markup.
type svg struct {
	b strings.Builder
}

// open starts the root element with its accessible name and description.
func (w *svg) open(id, kind, title, desc string, height float64) {
	t := esc(title)
	if t == "" {
		t = "Chart"
	}
	w.printf(`<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-%s" id="%s" role="img" aria-labelledby="%s-title %s-desc" viewBox="0 0 %s %s" width="100%%" font-family="%s" font-size="%s">`,
		kind, id, id, id, num(viewWidth), num(height), fontFamily, num(labelSize))
	w.printf("\n<title id=\"%s-title\">%s</title>\n<desc id=\"%s-desc\">%s</desc>\n", id, t, id, esc(desc))
}

func (w *svg) close() { w.b.WriteString("</svg>\n") }

// printf writes format with args; callers pass only escaped text or
// numbers.
func (w *svg) printf(format string, args ...any) {
	fmt.Fprintf(&w.b, format, args...)
}

// text writes one <text> element; s is escaped here.
func (w *svg) text(x, y float64, anchor, fill string, size float64, s string) {
	w.textRotated(x, y, anchor, fill, size, s, 0)
}

func (w *svg) textRotated(x, y float64, anchor, fill string, size float64, s string, deg float64) {
	w.b.WriteString(`<text x="` + num(x) + `" y="` + num(y) + `"`)
	if anchor != "" && anchor != "start" {
		w.b.WriteString(` text-anchor="` + anchor + `"`)
	}
	w.b.WriteString(` fill="` + fill + `"`)
	if size != labelSize {
		w.b.WriteString(` font-size="` + num(size) + `"`)
	}
	if deg != 0 {
		w.b.WriteString(` transform="rotate(` + num(deg) + ` ` + num(x) + ` ` + num(y) + `)"`)
	}
	w.b.WriteString(`>` + esc(s) + "</text>\n")
}

// rect writes a filled rectangle with a tooltip.
func (w *svg) rect(x, y, width, height float64, fill, tip string) {
	w.b.WriteString(`<rect x="` + num(x) + `" y="` + num(y) + `" width="` + num(width) + `" height="` + num(height) + `" fill="` + fill + `"`)
	if tip == "" {
		w.b.WriteString("/>\n")
		return
	}
	w.b.WriteString("><title>" + esc(tip) + "</title></rect>\n")
}

func (w *svg) line(x1, y1, x2, y2 float64, stroke string) {
	w.b.WriteString(`<line x1="` + num(x1) + `" y1="` + num(y1) + `" x2="` + num(x2) + `" y2="` + num(y2) + `" stroke="` + stroke + `" stroke-width="1"/>` + "\n")
}

// baseline is where to put a text's y so that it sits centred on mid.
func baseline(mid, size float64) float64 { return mid + size*0.35 }

// quantity is "12 challenges", or "12" without a unit.
func quantity(v int, unit string) string {
	if u := clean(unit); u != "" {
		return FormatInt(v) + " " + u
	}
	return FormatInt(v)
}

// orEmpty is the caller's "no data" text or the default.
func orEmpty(s string) string {
	if clean(s) == "" {
		return noData
	}
	return s
}
