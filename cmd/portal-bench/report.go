package main

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
)

// target is a performance target of DESIGN.md §9.
type target struct {
	text  string
	met   func(float64) bool
	scope string // when the target applies only to some runs
}

func atMost(limit float64) func(float64) bool  { return func(v float64) bool { return v < limit } }
func atLeast(limit float64) func(float64) bool { return func(v float64) bool { return v >= limit } }

// printTable writes the results with the targets they are held to.
func printTable(w io.Writer, r *report) {
	fmt.Fprintf(w, "Portal benchmark (%s): %s, %d CPUs, %s, %s\n", r.Mode, r.Database, r.CPUs, r.GoVersion, r.Date)
	switch r.InboxSpace {
	case "followed":
		fmt.Fprintln(w, "inbox: replies to threads in a space this node follows on another server")
	case "local":
		fmt.Fprintln(w, "inbox: replies to threads in a space of this node's own that nobody follows")
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "metric\tvalue\ttarget (DESIGN.md §9)\tverdict")
	row := func(name string, v *float64, t *target) {
		val, verdict, text := "-", "", ""
		if v != nil {
			val = strconv.FormatFloat(*v, 'f', -1, 64)
		}
		if t != nil {
			text = t.text
			if v != nil {
				verdict = "missed"
				if t.met(*v) {
					verdict = "met"
				}
				if t.scope != "" {
					verdict += " " + t.scope
				}
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, val, text, verdict)
	}
	intRow := func(name string, v *int) {
		var f *float64
		if v != nil {
			f = ptr(float64(*v))
		}
		row(name, f, nil)
	}
	inboxScope := ""
	if r.Database != "postgres" {
		inboxScope = "(the target is for PostgreSQL)"
	}
	pacedScope := "(at the paced rate)"
	if r.Database != "postgres" {
		pacedScope = "(at the paced rate; the target is for PostgreSQL)"
	}
	fanoutScope := ""
	if r.FanoutHosts != nil && *r.FanoutHosts != 1000 {
		fanoutScope = "(the target is for 1,000 hosts)"
	}
	row("inbox_activities_per_s", r.InboxActivitiesPerS, &target{"≥ 2,000 /s on PostgreSQL", atLeast(2000), inboxScope})
	row("inbox_p50_ms", r.InboxP50Ms, nil)
	row("inbox_p99_ms", r.InboxP99Ms, &target{"< 50 ms", atMost(50), inboxScope})
	intRow("inbox_accepted", r.InboxAccepted)
	intRow("inbox_refused", r.InboxRefused)
	intRow("inbox_signed_inline", r.InboxSignedInline)
	row("inbox_paced_rate", r.InboxPacedRate, nil)
	row("inbox_paced_per_s", r.InboxPacedPerS, nil)
	row("inbox_paced_p50_ms", r.InboxPacedP50Ms, nil)
	row("inbox_paced_p99_ms", r.InboxPacedP99Ms, &target{"< 50 ms", atMost(50), pacedScope})
	intRow("fanout_hosts", r.FanoutHosts)
	row("fanout_seconds", r.FanoutSeconds, &target{"< 10 s to 1,000 hosts", atMost(10), fanoutScope})
	row("fanout_both_seconds", r.FanoutBothSeconds, nil)
	row("thread_render_p50_ms", r.ThreadRenderP50Ms, &target{"< 10 ms (500 replies)", atMost(10), ""})
	row("thread_rps", r.ThreadRPS, &target{"≥ 1,000 /s", atLeast(1000), ""})
	row("idle_rss_mb", r.IdleRSSMB, &target{"< 50 MB", atMost(50), ""})
	row("load_rss_mb", r.LoadRSSMB, &target{"< 250 MB under inbox load", atMost(250), ""})
	row("start_ms", r.StartMs, &target{"< 1,000 ms on SQLite", atMost(1000), "(fresh data directory, migrations included)"})
	row("start_existing_ms", r.StartExistingMs, &target{"< 1,000 ms on SQLite", atMost(1000), "(existing database)"})
	tw.Flush()
	if r.OK {
		fmt.Fprintln(w, "\nresult: ok (every correctness check passed; timings never fail the run)")
	} else {
		fmt.Fprintln(w, "\nresult: FAIL")
		for _, f := range r.Failures {
			fmt.Fprintln(w, "  -", f)
		}
	}
}
