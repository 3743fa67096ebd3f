package ui

import (
	"html/template"
	"net/http"
	"time"

	"github.com/protectors-portal/portal/internal/charts"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/hub"
	"github.com/protectors-portal/portal/internal/model"
)

// SetHub installs the hub's views; the hub pages answer only on a hub.
func (u *UI) SetHub(h *hub.Service) { u.hub = h }

func (u *UI) hubRoutes(mux *http.ServeMux) {
	mux.Handle("GET /hub", u.h(u.hubOverview))
	mux.Handle("GET /hub/threads", u.h(u.hubThreads))
	mux.Handle("GET /hub/challenges", u.h(u.hubChallenges))
	mux.Handle("GET /hub/members", u.h(u.hubMembers))
}

func (u *UI) hubOn() error {
	if u.hub == nil || !u.hub.Enabled() {
		return model.ErrNotFound
	}
	return nil
}

// figure is one chart with its data table.
type figure struct {
	Title string
	Chart template.HTML
	Table template.HTML
}

type hubOverviewPage struct {
	Stats   *hub.Stats
	Figures []figure
}

func points(ps []hub.Point, label func(string) string) []charts.Point {
	out := make([]charts.Point, len(ps))
	for i, p := range ps {
		out[i] = charts.Point{Label: label(p.Label), Value: p.Value}
	}
	return out
}

func (u *UI) barFigure(id, title, unit, labelHeader string, ps []charts.Point) figure {
	b := charts.Bar{ID: id, Title: title, Points: ps, Unit: unit, Empty: u.tr("hub.no_data")}
	return figure{Title: title, Chart: charts.HorizontalBars(b),
		Table: charts.DataTable(title, []string{labelHeader, unit}, b.Rows())}
}

// hubOverview shows the alliance's figures as charts, each with its data
// table, and the health of federation with each member.
func (u *UI) hubOverview(w http.ResponseWriter, r *http.Request) error {
	if err := u.hubOn(); err != nil {
		return err
	}
	ctx := r.Context()
	st, err := u.hub.Stats(ctx, httpx.User(ctx), time.Now())
	if err != nil {
		return err
	}
	same := func(s string) string { return s }
	d := &hubOverviewPage{Stats: st}
	d.Figures = append(d.Figures,
		u.barFigure("by-category", u.tr("hub.fig_category"), u.tr("hub.unit_challenges"), u.tr("field.category"),
			points(st.ChallengesByCategory, func(s string) string { return u.tr("category." + s) })),
		u.barFigure("by-status", u.tr("hub.fig_status"), u.tr("hub.unit_challenges"), u.tr("field.status"),
			points(st.ChallengesByStatus, func(s string) string { return u.tr("status." + s) })))
	weeks := charts.Columns{ID: "per-week", Title: u.tr("hub.fig_weekly"), XLabels: charts.Labels(chartPoints(st.ThreadsPerWeek)),
		Series: []charts.Series{{Label: u.tr("hub.threads"), Values: charts.Values(chartPoints(st.ThreadsPerWeek))},
			{Label: u.tr("hub.replies"), Values: charts.Values(chartPoints(st.RepliesPerWeek))}},
		Unit: u.tr("hub.unit_posts"), Empty: u.tr("hub.no_data")}
	d.Figures = append(d.Figures, figure{Title: weeks.Title, Chart: charts.ColumnChart(weeks),
		Table: charts.DataTable(weeks.Title, []string{u.tr("hub.week"), u.tr("hub.threads"), u.tr("hub.replies")}, weeks.Rows())})
	d.Figures = append(d.Figures,
		u.barFigure("by-sector", u.tr("hub.fig_sector"), u.tr("hub.unit_posts"), u.tr("org.sector"),
			points(st.BySector, func(s string) string {
				if s == "unknown" {
					return u.tr("hub.unknown")
				}
				return u.tr("sector." + s)
			})),
		u.barFigure("by-country", u.tr("hub.fig_country"), u.tr("hub.unit_posts"), u.tr("hub.country"), points(st.ByCountry, same)))
	p := u.page(r, u.tr("hub.title"), d)
	u.render(w, r, http.StatusOK, "hub", p)
	return nil
}

func chartPoints(ps []hub.Point) []charts.Point {
	out := make([]charts.Point, len(ps))
	for i, p := range ps {
		out[i] = charts.Point(p)
	}
	return out
}

type hubThreadsPage struct {
	Threads []*model.Thread
	Members []*hub.Member
	Member  string
	Kind    string
	Q       string
	Pager   pageLinks
	Errors  fieldErrs
}

// hubThreads lists every thread across the alliance, filterable by member,
// kind and words.
func (u *UI) hubThreads(w http.ResponseWriter, r *http.Request) error {
	if err := u.hubOn(); err != nil {
		return err
	}
	ctx := r.Context()
	q := r.URL.Query()
	d := &hubThreadsPage{Member: q.Get("member"), Kind: q.Get("kind"), Q: q.Get("q")}
	var err error
	if d.Members, err = u.hub.Members(ctx, httpx.User(ctx)); err != nil {
		return err
	}
	status := http.StatusOK
	threads, next, err := u.hub.Threads(ctx, httpx.User(ctx), hub.ThreadQuery{Member: d.Member, Space: q.Get("space"),
		Kind: model.ThreadKind(d.Kind), Q: d.Q, Cursor: q.Get("cursor")})
	if err != nil {
		fields, st, err := formProblem(err)
		if err != nil {
			return err
		}
		d.Errors, status = fields, st
	}
	d.Threads, d.Pager = threads, pagerFor("/hub/threads", q, next)
	u.render(w, r, status, "hub_threads", u.page(r, u.tr("hub.threads_title"), d))
	return nil
}

type hubBoardPage struct {
	Threads                           []*model.Thread
	Category, Status, Sector, Country string
	Sort                              string
	Pager                             pageLinks
	Errors                            fieldErrs
}

// hubChallenges is the alliance's challenge board, filterable by category,
// status, sector and country.
func (u *UI) hubChallenges(w http.ResponseWriter, r *http.Request) error {
	if err := u.hubOn(); err != nil {
		return err
	}
	ctx := r.Context()
	q := r.URL.Query()
	d := &hubBoardPage{Category: q.Get("category"), Status: q.Get("status"), Sector: q.Get("sector"),
		Country: q.Get("country"), Sort: q.Get("sort")}
	if d.Sort == "" {
		d.Sort = "endorsements"
	}
	status := http.StatusOK
	threads, next, err := u.hub.Challenges(ctx, httpx.User(ctx), hub.ChallengeQuery{Category: d.Category,
		Status: model.ChallengeStatus(d.Status), Sector: d.Sector, Country: d.Country, Sort: d.Sort, Cursor: q.Get("cursor")})
	if err != nil {
		fields, st, err := formProblem(err)
		if err != nil {
			return err
		}
		d.Errors, status = fields, st
	}
	d.Threads, d.Pager = threads, pagerFor("/hub/challenges", q, next)
	u.render(w, r, status, "hub_challenges", u.page(r, u.tr("hub.board_title"), d))
	return nil
}

// hubMembers is the directory of member organisations.
func (u *UI) hubMembers(w http.ResponseWriter, r *http.Request) error {
	if err := u.hubOn(); err != nil {
		return err
	}
	ctx := r.Context()
	members, err := u.hub.Members(ctx, httpx.User(ctx))
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "hub_members", u.page(r, u.tr("hub.members_title"), members))
	return nil
}
