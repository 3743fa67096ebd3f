package charts

import (
	"html/template"
	"strings"
)

// Bar is a horizontal bar chart: one bar per point, in the given order.
type Bar struct {
	ID          string // unique on the page; kept to [a-z0-9-]
	Title       string // the accessible name
	Description string // the accessible description; a summary of the data when blank
	Points      []Point
	Unit        string // what is counted, e.g. "challenges"
	Empty       string // shown when there is nothing to draw; "No data" when blank
}

// Bar chart geometry, in viewBox units.
const (
	barLabelWidth = 200.0 // labels sit right-aligned left of this x
	barRow        = 28.0
	barThickness  = 18.0
	barPad        = 8.0
	barEmptyRows  = 3
)

// HorizontalBars draws c with the labels at the left and each value at the
// end of its bar. A chart with no points, or only zeros, keeps its axis and
// says c.Empty instead of drawing bars.
func HorizontalBars(c Bar) template.HTML {
	id := sanitizeID(c.ID)
	top := 0
	for _, p := range c.Points {
		top = max(top, p.Value)
	}
	valueRoom := 0.0
	for _, p := range c.Points {
		valueRoom = max(valueRoom, textWidth(FormatInt(p.Value), labelSize))
	}
	valueRoom += 14
	rows := len(c.Points)
	if rows == 0 {
		rows = barEmptyRows
	}
	plotH := float64(rows) * barRow
	height := barPad + plotH + barPad
	axisX := barLabelWidth
	room := viewWidth - axisX - valueRoom - barPad

	var w svg
	w.open(id, "bars", c.Title, barDesc(c), height)
	for i, p := range c.Points {
		mid := barPad + (float64(i)+0.5)*barRow
		w.text(axisX-8, baseline(mid, labelSize), "end", textColour, labelSize, truncate(clean(p.Label), axisX-16, labelSize))
		if top <= 0 {
			continue
		}
		length := 0.0
		if p.Value > 0 {
			length = max(1, room*float64(p.Value)/float64(top))
			w.rect(axisX, mid-barThickness/2, length, barThickness, seriesColour(0), clean(p.Label)+": "+quantity(p.Value, c.Unit))
		}
		w.text(axisX+length+6, baseline(mid, labelSize), "start", textColour, labelSize, FormatInt(p.Value))
	}
	w.line(axisX, barPad-4, axisX, barPad+plotH+4, axisColour)
	if top <= 0 {
		w.text(axisX+room/2, baseline(barPad+plotH/2, labelSize), "middle", mutedColour, labelSize, orEmpty(c.Empty))
	}
	w.close()
	return template.HTML(w.b.String()) // every text above went through esc
}

// barDesc is the caller's description or, failing that, the data in words.
func barDesc(c Bar) string {
	if clean(c.Description) != "" {
		return c.Description
	}
	if len(c.Points) == 0 {
		return orEmpty(c.Empty)
	}
	parts := make([]string, len(c.Points))
	for i, p := range c.Points {
		parts[i] = clean(p.Label) + ": " + quantity(p.Value, c.Unit)
	}
	return strings.Join(parts, "; ") + "."
}

// Rows is c's data for DataTable: each label beside its formatted value.
func (c Bar) Rows() [][]string {
	out := make([][]string, len(c.Points))
	for i, p := range c.Points {
		out[i] = []string{p.Label, FormatInt(p.Value)}
	}
	return out
}
