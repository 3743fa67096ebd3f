package demo

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/protectors-portal/portal/internal/model"
)

// PrintSummary tells where each node is, what the hub holds and how to
// sign in.
func (a *Alliance) PrintSummary(w io.Writer) {
	h := a.Hub()
	fmt.Fprintln(w, "\nThe Portal demo alliance is running.")
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
	for _, n := range a.Nodes {
		role := "member"
		if n.Hub {
			role = "alliance hub"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s, %s\t%s\n", n.URL, role, n.Profile.Sector, n.Profile.Country, n.Profile.Name)
	}
	tw.Flush()
	alliance := 0
	for _, t := range threads {
		for _, sp := range a.node(t.org).org.spaces {
			if sp.name == t.space && sp.visibility == model.VisibilityAlliance {
				alliance++
			}
		}
	}
	fmt.Fprintf(w, "\nThe hub lists %d member organisations with %d threads (%d alliance-only, shown to signed-in members), "+
		"%d replies and %d endorsements:\n", len(a.Members()), a.Threads, alliance, a.Replies, a.Endorsements)
	tw = tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
	fmt.Fprintf(tw, "  %s/hub\tthe alliance's pages (also /hub/threads, /hub/challenges, /hub/members)\n", h.URL)
	fmt.Fprintf(tw, "  %s/api/v1/hub/members\tthe JSON API (also /api/v1/hub/threads, /challenges, /stats)\n", h.URL)
	tw.Flush()
	fmt.Fprintf(w, "\nSign in at /signin on the person's own node. Every account's password is: %s\n\n", Password)
	tw = tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
	fmt.Fprintln(tw, "  node\tusername\tname\trole\tjob")
	for _, n := range a.Nodes {
		for _, p := range n.org.people {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", n.URL, p.username, p.name, p.role, p.title)
		}
	}
	tw.Flush()
	agency := a.node(demoReport.org)
	for _, p := range agency.org.people {
		if p.role == model.RoleModerator {
			fmt.Fprintf(w, "\n%s (%s, a moderator) has a report waiting at %s/moderation.\n", p.name, p.username, agency.URL)
			break
		}
	}
	fmt.Fprintf(w, "\nData: %s (wiped at every start).\n", a.dataDir)
	fmt.Fprintln(w, "Press Ctrl-C to stop.")
}
