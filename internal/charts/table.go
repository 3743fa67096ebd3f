package charts

import (
	"html/template"
	"strings"
)

// DataTable is the table that gives a chart's numbers to everyone who cannot
// or would rather not read the picture. headers name the columns; the first
// cell of each row heads its row. A row shorter than headers is padded with
// empty cells. Cells that hold a number carry class "num" so the page's
// stylesheet can align them.
func DataTable(caption string, headers []string, rows [][]string) template.HTML {
	var b strings.Builder
	b.WriteString("<table class=\"chart-data\">\n<caption>" + esc(caption) + "</caption>\n")
	if len(headers) > 0 {
		b.WriteString("<thead><tr>")
		for _, h := range headers {
			b.WriteString(`<th scope="col">` + esc(h) + "</th>")
		}
		b.WriteString("</tr></thead>\n")
	}
	b.WriteString("<tbody>\n")
	for _, r := range rows {
		b.WriteString("<tr>")
		for i := range max(len(r), len(headers)) {
			cell := ""
			if i < len(r) {
				cell = r[i]
			}
			switch {
			case i == 0:
				b.WriteString(`<th scope="row">` + esc(cell) + "</th>")
			case numeric(cell):
				b.WriteString(`<td class="num">` + esc(cell) + "</td>")
			default:
				b.WriteString("<td>" + esc(cell) + "</td>")
			}
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")
	return template.HTML(b.String()) // every cell went through esc
}

// numeric reports a cell like "1,234" or "-5".
func numeric(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != ',' {
			return false
		}
	}
	return true
}
