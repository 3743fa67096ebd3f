package charts

import (
	"html/template"
	"math"
	"strings"
)

// Series is one named run of values, one per x label.
type Series struct {
	Label  string
	Values []int
}

// Columns is a column chart: for each x label, one column per series side by
// side. It is meant for one or two series (threads and replies per week);
// more are drawn, in the palette's next colours.
//
// The x axis is as long as the longest of XLabels and the series' values; a
// missing value counts as zero and a missing label is blank.
type Columns struct {
	ID          string // unique on the page; kept to [a-z0-9-]
	Title       string // the accessible name
	Description string // the accessible description; a summary of the data when blank
	Series      []Series
	XLabels     []string
	Unit        string // what is counted, shown above the y axis
	Empty       string // shown when there is nothing to draw; "No data" when blank
}

// Column chart geometry, in viewBox units.
const (
	colPlotHeight = 200.0
	colTopPad     = 10.0
	colHeaderRow  = 22.0
	colRightPad   = 12.0
	colMaxWidth   = 36.0
	colGap        = 2.0
	colLabelRoom  = 110.0 // longest x label before it is cut
	swatch        = 12.0
)

// ColumnChart draws c with a y axis of three to five round ticks starting at
// zero and, for two series or more, a legend. A chart with nothing above
// zero keeps its axes and says c.Empty instead.
func ColumnChart(c Columns) template.HTML {
	id := sanitizeID(c.ID)
	n := len(c.XLabels)
	top := 0
	for _, s := range c.Series {
		n = max(n, len(s.Values))
		for _, v := range s.Values {
			top = max(top, v)
		}
	}
	step, count := ticks(top)
	axisTop := step * count

	// The header row holds the unit at the left and the legend at the
	// right; when they would meet, the legend takes a row of its own.
	unit := truncate(clean(c.Unit), 240, tickSize)
	var legend []string
	legendWidth := 0.0
	if len(c.Series) >= 2 {
		for i, s := range c.Series {
			l := truncate(clean(s.Label), 160, tickSize)
			legend = append(legend, l)
			legendWidth += swatch + 6 + textWidth(l, tickSize)
			if i > 0 {
				legendWidth += 18
			}
		}
	}
	headerRows := 0
	if unit != "" || legend != nil {
		headerRows = 1
	}
	legendX := viewWidth - colRightPad - legendWidth
	if legend != nil && unit != "" && legendX < textWidth(unit, tickSize)+24 {
		headerRows = 2
	}
	plotTop := colTopPad + float64(headerRows)*colHeaderRow

	left := math.Ceil(max(textWidth(FormatInt(axisTop), tickSize), textWidth("0", tickSize))) + 14
	right := viewWidth - colRightPad
	plotW := right - left
	slot := plotW / float64(max(n, 1))
	baseY := plotTop + colPlotHeight

	labels := make([]string, n)
	widest := 0.0
	for i := range labels {
		if i < len(c.XLabels) {
			labels[i] = truncate(clean(c.XLabels[i]), colLabelRoom, tickSize)
		}
		widest = max(widest, textWidth(labels[i], tickSize))
	}
	rotate := widest > slot-6
	every, bottom := 1, tickSize+14
	if rotate {
		// A label turned 45° reaches left of its column's centre by about
		// its width × cos 45°; the first one must stay in the picture, so
		// left + slot/2 ≥ reach, with slot = (right − left) / n.
		reach := widest*math.Sqrt2/2 + 4
		half := 1 / (2 * float64(max(n, 1)))
		if need := math.Ceil((reach - right*half) / (1 - half)); need > left {
			left = need
			plotW = right - left
			slot = plotW / float64(max(n, 1))
		}
		every = int(math.Ceil(tickSize * 1.5 / slot))
		bottom = math.Ceil(widest*math.Sqrt2/2) + tickSize + 12
	}
	height := baseY + bottom

	var w svg
	w.open(id, "columns", c.Title, colDesc(c, n), height)

	if unit != "" {
		w.text(2, colTopPad+tickSize, "start", mutedColour, tickSize, unit)
	}
	if legend != nil {
		x := legendX
		y := colTopPad + float64(headerRows-1)*colHeaderRow
		for i, l := range legend {
			w.rect(x, y+1, swatch, swatch, seriesColour(i), "")
			w.text(x+swatch+6, y+tickSize, "start", textColour, tickSize, l)
			x += swatch + 6 + textWidth(l, tickSize) + 18
		}
	}

	for i := 0; i <= count; i++ {
		y := baseY - float64(i)/float64(count)*colPlotHeight
		if i > 0 {
			w.line(left, y, right, y, gridColour)
		}
		w.text(left-6, baseline(y, tickSize), "end", mutedColour, tickSize, FormatInt(i*step))
	}
	if count == 0 {
		w.text(left-6, baseline(baseY, tickSize), "end", mutedColour, tickSize, "0")
	}

	if top > 0 {
		k := len(c.Series)
		colW := min(colMaxWidth, (slot*0.75-colGap*float64(k-1))/float64(k))
		group := float64(k)*colW + float64(k-1)*colGap
		for i := range n {
			x0 := left + float64(i)*slot + (slot-group)/2
			for j, s := range c.Series {
				v := 0
				if i < len(s.Values) {
					v = s.Values[i]
				}
				if v <= 0 {
					continue
				}
				h := max(1, colPlotHeight*float64(v)/float64(axisTop))
				x := x0 + float64(j)*(colW+colGap)
				w.rect(x, baseY-h, colW, h, seriesColour(j), columnTip(c, i, s.Label, v))
			}
		}
	}

	w.line(left, plotTop, left, baseY, axisColour)
	w.line(left, baseY, right, baseY, axisColour)
	for i, l := range labels {
		if i%every != 0 || l == "" {
			continue
		}
		cx := left + (float64(i)+0.5)*slot
		w.line(cx, baseY, cx, baseY+4, axisColour)
		if rotate {
			x, y := cx+tickSize*0.35, baseY+10
			w.textRotated(x, y, "end", textColour, tickSize, l, -45)
		} else {
			w.text(cx, baseY+tickSize+8, "middle", textColour, tickSize, l)
		}
	}

	if top <= 0 {
		w.text(left+plotW/2, baseline(plotTop+colPlotHeight/2, labelSize), "middle", mutedColour, labelSize, orEmpty(c.Empty))
	}
	w.close()
	return template.HTML(w.b.String()) // every text above went through esc
}

// ticks picks a round step (1, 2 or 5 times a power of ten) and how many
// steps above zero the axis shows: two to four, so three to five ticks
// with zero. count is zero when there is nothing above zero, and one for a
// top so near math.MaxInt that no round axis fits.
func ticks(top int) (step, count int) {
	if top <= 0 {
		return 1, 0
	}
	for mag := 1; ; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			s := m * mag
			n := top / s
			if top%s != 0 {
				n++
			}
			if n <= 4 && s <= math.MaxInt/max(n, 2) {
				return s, max(n, 2)
			}
		}
		if mag > math.MaxInt/10 {
			return top, 1
		}
	}
}

// columnTip is the tooltip of one column: "2026-01-05, replies: 3 posts".
func columnTip(c Columns, i int, series string, v int) string {
	x := ""
	if i < len(c.XLabels) {
		x = clean(c.XLabels[i])
	}
	if s := clean(series); s != "" {
		if x != "" {
			x += ", "
		}
		x += s
	}
	if x == "" {
		return quantity(v, c.Unit)
	}
	return x + ": " + quantity(v, c.Unit)
}

// colDesc is the caller's description or, failing that, the data in words.
func colDesc(c Columns, n int) string {
	if clean(c.Description) != "" {
		return c.Description
	}
	if n == 0 || len(c.Series) == 0 {
		return orEmpty(c.Empty)
	}
	rows := c.Rows()
	parts := make([]string, len(rows))
	for i, r := range rows {
		var vals []string
		for j, s := range c.Series {
			if len(c.Series) == 1 {
				vals = append(vals, r[j+1]+unitSuffix(c.Unit))
				continue
			}
			vals = append(vals, strings.TrimSpace(clean(s.Label)+" "+r[j+1]))
		}
		label := clean(r[0])
		if label == "" {
			parts[i] = strings.Join(vals, ", ")
		} else {
			parts[i] = label + ": " + strings.Join(vals, ", ")
		}
	}
	return strings.Join(parts, "; ") + "."
}

func unitSuffix(unit string) string {
	if u := clean(unit); u != "" {
		return " " + u
	}
	return ""
}

// Rows is c's data for DataTable: each x label, then one formatted value
// per series.
func (c Columns) Rows() [][]string {
	n := len(c.XLabels)
	for _, s := range c.Series {
		n = max(n, len(s.Values))
	}
	out := make([][]string, n)
	for i := range out {
		row := make([]string, 1, 1+len(c.Series))
		if i < len(c.XLabels) {
			row[0] = c.XLabels[i]
		}
		for _, s := range c.Series {
			v := 0
			if i < len(s.Values) {
				v = s.Values[i]
			}
			row = append(row, FormatInt(v))
		}
		out[i] = row
	}
	return out
}
