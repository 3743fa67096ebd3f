package charts

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.* from the current output")

// weeks are twelve Monday labels as the hub makes them.
var weeks = []string{
	"2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02", "2026-02-09",
	"2026-02-16", "2026-02-23", "2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23",
}

// goldenCases are the charts kept as golden files, by file name.
var goldenCases = []struct {
	name string
	draw func() string
}{
	{"bars-categories", func() string {
		return string(HorizontalBars(Bar{
			ID: "by-category", Title: "Challenges by category", Unit: "challenges",
			Description: "Number of challenges in each category across the alliance.",
			Points: []Point{
				{"Climate adaptation and resilience of coastal communities", 42},
				{"Health", 17},
				{"Water", 1250},
				{"Energy", 0},
				{"Education", 8},
				{"Digital security", 311},
				{"Mobility", 3},
			},
		}))
	}},
	{"bars-one", func() string {
		return string(HorizontalBars(Bar{
			ID: "by-country", Title: "Participation by country", Unit: "posts",
			Points: []Point{{"Kenya", 7}},
		}))
	}},
	{"bars-zero", func() string {
		return string(HorizontalBars(Bar{
			ID: "by-status", Title: "Challenges by status", Unit: "challenges",
			Points: []Point{{"open", 0}, {"in-discussion", 0}, {"solution-proposed", 0}, {"addressed", 0}},
		}))
	}},
	{"bars-empty", func() string {
		return string(HorizontalBars(Bar{ID: "by-sector", Title: "Participation by sector", Unit: "posts"}))
	}},
	{"bars-escape", func() string {
		return string(HorizontalBars(Bar{
			ID: "Remote <Labels> & Co!", Title: `Sectors "R&D" <b>`, Unit: "posts & replies",
			Points: []Point{
				{"<script>alert(1)</script>", 5},
				{"Research & Development", 12},
				{"it's \"quoted\"\x00\x1b", 2},
			},
		}))
	}},
	{"columns-weeks", func() string {
		return string(ColumnChart(Columns{
			ID: "threads-per-week", Title: "New threads per week", Unit: "threads",
			Series:  []Series{{Label: "Threads", Values: []int{3, 5, 2, 0, 8, 13, 7, 4, 9, 11, 6, 10}}},
			XLabels: weeks,
		}))
	}},
	{"columns-two", func() string {
		return string(ColumnChart(Columns{
			ID: "activity-per-week", Title: "Threads and replies per week", Unit: "posts",
			Description: "New threads and replies for each of the last twelve weeks.",
			Series: []Series{
				{Label: "Threads", Values: []int{3, 5, 2, 0, 8, 13, 7, 4, 9, 11, 6, 10}},
				{Label: "Replies", Values: []int{12, 20, 9, 1, 31, 1204, 25, 14, 40, 38, 22, 35}},
			},
			XLabels: weeks,
		}))
	}},
	{"columns-zero", func() string {
		return string(ColumnChart(Columns{
			ID: "quiet", Title: "Threads and replies per week", Unit: "posts",
			Series:  []Series{{Label: "Threads", Values: make([]int, 12)}, {Label: "Replies", Values: make([]int, 12)}},
			XLabels: weeks,
		}))
	}},
	{"columns-escape", func() string {
		return string(ColumnChart(Columns{
			ID: "x", Title: "<script>alert(1)</script>", Unit: "a & b",
			Series: []Series{
				{Label: "<script>alert(1)</script>", Values: []int{1, 2, 3}},
				{Label: "R&D", Values: []int{3, 2}},
			},
			XLabels: []string{"<b>one</b>", "two & three", "<script>alert(1)</script>"},
		}))
	}},
}

func TestGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			golden(t, tc.name+".golden.svg", tc.draw())
		})
	}
	t.Run("table", func(t *testing.T) {
		t.Parallel()
		c := Columns{
			Series:  []Series{{Label: "Threads", Values: []int{3, 1500}}, {Label: "Replies", Values: []int{12}}},
			XLabels: []string{"2026-01-05", "<script>alert(1)</script> & more"},
		}
		golden(t, "table.golden.html", string(DataTable("Threads & replies per week", []string{"Week", "Threads", "Replies"}, c.Rows())))
	})
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(want, []byte(got)) {
		t.Errorf("%s differs from the output; run go test -update if the change is meant.\ngot:\n%s", path, got)
	}
}
