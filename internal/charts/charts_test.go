package charts

import (
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
)

// element is one start tag read back from a chart.
type element struct {
	name  string
	attrs map[string]string
	text  string // the character data directly inside it
}

// parse reads out as XML, strictly, and returns its elements in order.
func parse(t *testing.T, out string) []element {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(out))
	dec.Strict = true
	var els []element
	var open []int
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, out)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := element{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			els = append(els, e)
			open = append(open, len(els)-1)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			if len(open) > 0 {
				els[open[len(open)-1]].text += string(tok)
			}
		}
	}
	if len(open) != 0 {
		t.Fatalf("unclosed elements in\n%s", out)
	}
	return els
}

// checkSVG asserts what every chart must be: well-formed, one accessible
// root naming existing <title> and <desc> elements, nothing that a strict
// CSP would block or that runs code, nothing fetched from elsewhere.
func checkSVG(t *testing.T, out string) []element {
	t.Helper()
	els := parse(t, out)
	if len(els) == 0 || els[0].name != "svg" {
		t.Fatalf("root is not <svg>:\n%s", out)
	}
	root := els[0].attrs
	if root["role"] != "img" || root["width"] != "100%" || root["viewBox"] == "" || root["height"] != "" {
		t.Errorf("root lacks role=img, width=100%% or a viewBox, or fixes a height: %v", root)
	}
	ids := map[string]string{}
	for _, e := range els {
		switch e.name {
		case "style", "script", "foreignObject", "image", "use", "a", "iframe":
			t.Errorf("forbidden element <%s>", e.name)
		}
		for k, v := range e.attrs {
			if k == "style" || k == "href" || strings.HasPrefix(k, "on") {
				t.Errorf("forbidden attribute %s=%q on <%s>", k, v, e.name)
			}
		}
		if id := e.attrs["id"]; id != "" {
			if _, dup := ids[id]; dup {
				t.Errorf("id %q used twice", id)
			}
			ids[id] = e.name
			for _, r := range id {
				if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
					t.Errorf("id %q has %q", id, r)
				}
			}
		}
	}
	refs := strings.Fields(root["aria-labelledby"])
	if len(refs) != 2 {
		t.Fatalf("aria-labelledby = %q, want a title and a desc", root["aria-labelledby"])
	}
	for i, want := range []string{"title", "desc"} {
		if got := ids[refs[i]]; got != want {
			t.Errorf("aria-labelledby names %q, which is <%s>, want <%s>", refs[i], got, want)
		}
	}
	if els[1].name != "title" || els[2].name != "desc" {
		t.Errorf("the first children are <%s> and <%s>, want <title> and <desc>", els[1].name, els[2].name)
	}
	return els
}

func TestGoldenChartsAreSound(t *testing.T) {
	t.Parallel()
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := tc.draw()
			checkSVG(t, out)
			if strings.Contains(out, "style") {
				t.Error("output mentions style")
			}
			if strings.Contains(strings.ToLower(out), "<script") {
				t.Error("a <script> got through unescaped")
			}
			if again := tc.draw(); again != out {
				t.Error("the same input drew different bytes")
			}
		})
	}
}

func TestEscapesRemoteText(t *testing.T) {
	t.Parallel()
	bad := `<script>alert(1)</script> & "x"`
	outs := []string{
		string(HorizontalBars(Bar{ID: "a", Title: bad, Description: bad, Unit: bad, Empty: bad, Points: []Point{{bad, 3}}})),
		string(HorizontalBars(Bar{ID: "a", Title: bad, Description: bad, Empty: bad})),
		string(ColumnChart(Columns{ID: "b", Title: bad, Description: bad, Unit: bad, XLabels: []string{bad},
			Series: []Series{{Label: bad, Values: []int{1}}, {Label: bad, Values: []int{2}}}})),
		string(ColumnChart(Columns{ID: "b", Title: bad, Unit: bad, Empty: bad})),
	}
	for _, out := range outs {
		els := checkSVG(t, out)
		if strings.Contains(out, "<script") || strings.Contains(out, `"x"`) || strings.Contains(out, "& ") {
			t.Errorf("unescaped text in\n%s", out)
		}
		if !strings.Contains(out, "&lt;script&gt;") {
			t.Errorf("label missing, escaped, from\n%s", out)
		}
		if els[1].text != clean(bad) {
			t.Errorf("title reads %q, want %q", els[1].text, clean(bad))
		}
	}
}

func TestCleansWhatXMLForbids(t *testing.T) {
	t.Parallel()
	label := "a\x00b\x1bc\x7f\u0085d\xffe\tf\n\ng"
	out := string(HorizontalBars(Bar{ID: "c", Points: []Point{{label, 1}}}))
	els := checkSVG(t, out)
	for _, e := range els {
		if e.name == "text" && strings.HasPrefix(e.text, "ab") {
			if e.text != "abcd\uFFFDe f g" {
				t.Errorf("label drawn as %q", e.text)
			}
			return
		}
	}
	t.Errorf("label not drawn in\n%s", out)
}

func TestSeveralChartsOnOnePage(t *testing.T) {
	t.Parallel()
	a := checkSVG(t, string(HorizontalBars(Bar{ID: "one", Points: []Point{{"x", 1}}})))
	b := checkSVG(t, string(ColumnChart(Columns{ID: "two", XLabels: []string{"x"}, Series: []Series{{Values: []int{1}}}})))
	if a[1].attrs["id"] == b[1].attrs["id"] {
		t.Errorf("two charts share the title id %q", a[1].attrs["id"])
	}
}

func TestNoData(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"bars empty":       string(HorizontalBars(Bar{ID: "a"})),
		"bars zeros":       string(HorizontalBars(Bar{ID: "a", Points: []Point{{"x", 0}, {"y", 0}}})),
		"bars negative":    string(HorizontalBars(Bar{ID: "a", Points: []Point{{"x", -4}}})),
		"columns empty":    string(ColumnChart(Columns{ID: "b"})),
		"columns labels":   string(ColumnChart(Columns{ID: "b", XLabels: weeks})),
		"columns zeros":    string(ColumnChart(Columns{ID: "b", XLabels: weeks, Series: []Series{{Values: make([]int, 12)}}})),
		"columns no label": string(ColumnChart(Columns{ID: "b", Series: []Series{{Values: []int{0, 0}}}})),
	}
	for name, out := range cases {
		els := checkSVG(t, out)
		lines, rects, says := 0, 0, false
		for _, e := range els {
			switch e.name {
			case "line":
				lines++
			case "rect":
				rects++
			case "text":
				says = says || e.text == noData
			}
		}
		if lines == 0 || rects != 0 || !says {
			t.Errorf("%s: %d axis lines, %d bars, says %q: %v; want an axis, no bars and the text", name, lines, rects, noData, says)
		}
	}
	out := string(HorizontalBars(Bar{ID: "a", Empty: "Nothing yet"}))
	if !strings.Contains(out, ">Nothing yet<") {
		t.Errorf("the caller's empty text is not shown:\n%s", out)
	}
}

func TestBarsDrawEveryPoint(t *testing.T) {
	t.Parallel()
	out := string(HorizontalBars(Bar{ID: "a", Unit: "challenges", Points: []Point{{"Water", 1250}, {"Health", 17}, {"None", 0}}}))
	els := checkSVG(t, out)
	var widths []float64
	var values []string
	for _, e := range els {
		if e.name == "rect" {
			w, _ := strconv.ParseFloat(e.attrs["width"], 64)
			widths = append(widths, w)
		}
		if e.name == "text" && e.attrs["text-anchor"] == "" {
			values = append(values, e.text)
		}
	}
	if len(widths) != 2 || widths[0] <= widths[1] || widths[1] < 1 {
		t.Errorf("bar widths %v; want two, the first longer, none thinner than 1", widths)
	}
	if strings.Join(values, " ") != "1,250 17 0" {
		t.Errorf("values %q", values)
	}
	if !strings.Contains(out, "<title>Water: 1,250 challenges</title>") {
		t.Errorf("no tooltip with the unit in\n%s", out)
	}
}

func TestLongLabelsAreCut(t *testing.T) {
	t.Parallel()
	long := "Climate adaptation and resilience of coastal communities"
	c := Bar{ID: "a", Points: []Point{{long, 1}}}
	els := checkSVG(t, string(HorizontalBars(c)))
	var drawn string
	for _, e := range els {
		if e.name == "text" && e.attrs["text-anchor"] == "end" {
			drawn = e.text
		}
	}
	if !strings.HasSuffix(drawn, "…") || !strings.HasPrefix(long, strings.TrimSuffix(drawn, "…")) {
		t.Errorf("drawn label %q, want a prefix of %q ending in …", drawn, long)
	}
	if w := textWidth(drawn, labelSize); w > barLabelWidth-16 {
		t.Errorf("cut label is %v wide, room is %v", w, barLabelWidth-16)
	}
	if table := string(DataTable("c", []string{"Category", "Challenges"}, c.Rows())); !strings.Contains(table, long) {
		t.Errorf("the table lost the full label:\n%s", table)
	}
}

func TestColumnsAxisAndLegend(t *testing.T) {
	t.Parallel()
	two := Columns{ID: "w", Unit: "posts", XLabels: weeks, Series: []Series{
		{Label: "Threads", Values: []int{1, 2, 3}},
		{Label: "Replies", Values: []int{10, 20, 37}},
	}}
	els := checkSVG(t, string(ColumnChart(two)))
	var ticks []string
	legend := map[string]bool{}
	rects := 0
	for i, e := range els {
		if e.name == "text" && e.attrs["text-anchor"] == "end" && e.attrs["transform"] == "" {
			ticks = append(ticks, e.text)
		}
		if e.name == "text" {
			legend[e.text] = true
		}
		if e.name == "rect" && (i+1 == len(els) || els[i+1].name != "title") {
			rects++ // swatches have no tooltip
		}
	}
	if got := strings.Join(ticks, " "); got != "0 10 20 30 40" {
		t.Errorf("y ticks %q, want 0 10 20 30 40", got)
	}
	if !legend["Threads"] || !legend["Replies"] || rects != 2 {
		t.Errorf("legend: %v, %d swatches", legend, rects)
	}
	one := two
	one.Series = two.Series[:1]
	for _, e := range checkSVG(t, string(ColumnChart(one))) {
		if e.name == "text" && e.text == "Threads" {
			t.Error("a single series has a legend")
		}
	}
}

func TestTicks(t *testing.T) {
	t.Parallel()
	cases := []struct{ top, step, count int }{
		{0, 1, 0}, {-3, 1, 0}, {1, 1, 2}, {2, 1, 2}, {3, 1, 3}, {4, 1, 4}, {5, 2, 3},
		{7, 2, 4}, {8, 2, 4}, {9, 5, 2}, {10, 5, 2}, {13, 5, 3}, {37, 10, 4}, {41, 20, 3},
		{1204, 500, 3}, {99999, 50000, 2}, {4e18, 1e18, 4},
	}
	if step, count := ticks(math.MaxInt); step != math.MaxInt || count != 1 {
		t.Errorf("ticks(MaxInt) = %d×%d, want the top itself", step, count)
	}
	for _, c := range cases {
		step, count := ticks(c.top)
		if step != c.step || count != c.count {
			t.Errorf("ticks(%d) = %d×%d, want %d×%d", c.top, step, count, c.step, c.count)
		}
		if c.top > 0 && (count < 2 || count > 4 || step*count < c.top) {
			t.Errorf("ticks(%d) = %d×%d: not 3–5 ticks covering the top", c.top, step, count)
		}
	}
}

func TestFormatInt(t *testing.T) {
	t.Parallel()
	cases := map[int]string{
		0: "0", 7: "7", 999: "999", 1000: "1,000", 12345: "12,345", 123456: "123,456",
		1234567: "1,234,567", -1: "-1", -1000: "-1,000", -123456: "-123,456",
		math.MinInt64: "-9,223,372,036,854,775,808",
	}
	for n, want := range cases {
		if got := FormatInt(n); got != want {
			t.Errorf("FormatInt(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSanitizeID(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"by-category":           "by-category",
		"By Category":           "by-category",
		"Remote <Labels> & Co!": "remote-labels-co",
		"":                      "chart",
		"<>":                    "chart",
		"2026":                  "chart-2026",
		"-x-":                   "x",
		"été":                   "t",
	}
	for in, want := range cases {
		if got := sanitizeID(in); got != want {
			t.Errorf("sanitizeID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDataTable(t *testing.T) {
	t.Parallel()
	out := string(DataTable("Challenges <by> category", []string{"Category", "Challenges"},
		[][]string{{"<script>alert(1)</script>", "1,250"}, {"Health"}}))
	els := parse(t, out)
	counts := map[string]int{}
	for _, e := range els {
		counts[e.name+" "+e.attrs["scope"]]++
		if e.name == "caption" && e.text != "Challenges <by> category" {
			t.Errorf("caption reads %q", e.text)
		}
	}
	if counts["caption "] != 1 || counts["th col"] != 2 || counts["th row"] != 2 || counts["td "] != 2 {
		t.Errorf("table has %v; want a caption, two column and two row headers, two cells", counts)
	}
	if strings.Contains(out, "<script") || !strings.Contains(out, `<td class="num">1,250</td>`) {
		t.Errorf("table:\n%s", out)
	}
}

func TestColoursHaveContrast(t *testing.T) {
	t.Parallel()
	for _, c := range append([]string{textColour, mutedColour, axisColour}, palette...) {
		if r := contrast(c); r < 4.5 {
			t.Errorf("%s has %.2f:1 on white, want 4.5:1", c, r)
		}
	}
}

// contrast is the WCAG contrast ratio of a #rrggbb colour against white.
func contrast(hex string) float64 {
	v, _ := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	channel := func(c uint64) float64 {
		x := float64(c) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	l := 0.2126*channel(v>>16&0xff) + 0.7152*channel(v>>8&0xff) + 0.0722*channel(v&0xff)
	return 1.05 / (l + 0.05)
}

func FuzzCharts(f *testing.F) {
	f.Add("<script>alert(1)</script>", "id", 5)
	f.Add("R&D", "", 0)
	f.Add("\x00\xff\ufffe", "\"'<>", -7)
	f.Add(strings.Repeat("長い名前", 20), "x", 1<<40)
	f.Fuzz(func(t *testing.T, label, id string, v int) {
		for _, out := range []string{
			string(HorizontalBars(Bar{ID: id, Title: label, Unit: label, Points: []Point{{label, v}, {"b", 1}}})),
			string(ColumnChart(Columns{ID: id, Title: label, Unit: label, XLabels: []string{label, label},
				Series: []Series{{Label: label, Values: []int{v, 1}}, {Label: "b", Values: []int{2}}}})),
		} {
			checkSVG(t, out)
			if strings.Contains(out, "<script") {
				t.Fatalf("unescaped script in\n%s", out)
			}
		}
	})
}
