// Package hub is the alliance-wide view a hub node offers: every thread
// and challenge its followed member spaces carry, the directory of member
// organisations, and figures about all of it. What it shows comes from
// the same tables as everything else; federation fills them.
package hub

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// Service is the hub's use cases.
type Service struct {
	db      *store.DB
	enabled bool
	self    string
}

// New builds the service; enabled is PORTAL_HUB_ENABLED, self the hub's
// own domain.
func New(db *store.DB, enabled bool, self string) *Service {
	return &Service{db: db, enabled: enabled, self: strings.ToLower(self)}
}

// Enabled reports whether this node is a hub.
func (s *Service) Enabled() bool { return s.enabled }

func (s *Service) check() error {
	if !s.enabled {
		return &model.SafeError{Err: model.ErrNotFound, Public: "This node is not an alliance hub.", Status: 404}
	}
	return nil
}

func seesAlliance(viewer *model.User) bool { return viewer != nil && viewer.SuspendedAt == nil }

// ThreadQuery filters the alliance-wide thread list.
type ThreadQuery struct {
	Member string // a member's domain
	Space  string // a space id
	Kind   model.ThreadKind
	Q      string // search words
	Cursor string
}

// Threads lists every thread across the alliance, newest activity first.
func (s *Service) Threads(ctx context.Context, viewer *model.User, q ThreadQuery) ([]*model.Thread, string, error) {
	if err := s.check(); err != nil {
		return nil, "", err
	}
	if q.Kind != "" && !q.Kind.Valid() {
		return nil, "", model.Invalid("kind", "must be discussion or challenge")
	}
	if strings.TrimSpace(q.Q) != "" {
		hits, err := s.db.Search(ctx, q.Q, seesAlliance(viewer), 50)
		if err != nil {
			return nil, "", err
		}
		var out []*model.Thread
		seen := map[string]bool{}
		for _, h := range hits {
			t := h.Thread
			if seen[t.ID] || (q.Kind != "" && t.Kind != q.Kind) || (q.Member != "" && t.Space.Host != q.Member) || (q.Space != "" && t.SpaceID != q.Space) {
				continue
			}
			seen[t.ID] = true
			out = append(out, t)
		}
		return out, "", nil
	}
	f := store.ThreadFilter{Kind: q.Kind, IncludeAlliance: seesAlliance(viewer), Cursor: q.Cursor, Limit: 30}
	if q.Member != "" {
		f.Hosts = []string{strings.ToLower(q.Member)}
	}
	if q.Space != "" {
		f.SpaceIDs = []string{q.Space}
	}
	return s.db.ListThreads(ctx, f)
}

// ChallengeQuery filters the alliance's challenge board.
type ChallengeQuery struct {
	Category string
	Status   model.ChallengeStatus
	Sector   string
	Country  string
	Sort     string // endorsements (default) or recent
	Cursor   string
}

// Challenges is the board across the alliance. Endorsements are the Likes
// the hub has seen, from every node, one per actor.
func (s *Service) Challenges(ctx context.Context, viewer *model.User, q ChallengeQuery) ([]*model.Thread, string, error) {
	if err := s.check(); err != nil {
		return nil, "", err
	}
	v := &model.ValidationError{}
	if q.Category != "" && !model.ValidCategory(q.Category) {
		v.Add("category", "must be one of "+strings.Join(model.Categories, ", "))
	}
	if q.Status != "" && !q.Status.Valid() {
		v.Add("status", "must be open, in-discussion, solution-proposed or addressed")
	}
	sortBy := store.SortEndorsements
	switch q.Sort {
	case "", "endorsements":
	case "recent":
		sortBy = store.SortRecent
	default:
		v.Add("sort", "must be endorsements or recent")
	}
	if err := v.OrNil(); err != nil {
		return nil, "", err
	}
	f := store.ThreadFilter{Kind: model.KindChallenge, Category: q.Category, Status: q.Status, Sort: sortBy,
		IncludeAlliance: seesAlliance(viewer), Cursor: q.Cursor, Limit: 30}
	if q.Sector != "" || q.Country != "" {
		members, err := s.db.ListHubMembers(ctx)
		if err != nil {
			return nil, "", err
		}
		f.Hosts = []string{}
		for _, m := range members {
			if (q.Sector == "" || m.Sector == q.Sector) && (q.Country == "" || strings.EqualFold(m.Country, q.Country)) {
				f.Hosts = append(f.Hosts, m.Domain)
			}
		}
	}
	return s.db.ListThreads(ctx, f)
}

// Member is one organisation in the directory with its activity.
type Member struct {
	*model.HubMember
	Spaces     []*model.Space
	Threads    int
	Challenges int
	Replies    int
}

// Members is the directory of member organisations.
func (s *Service) Members(ctx context.Context, viewer *model.User) ([]*Member, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	all := seesAlliance(viewer)
	members, err := s.db.ListHubMembers(ctx)
	if err != nil {
		return nil, err
	}
	spaces, err := s.db.ListSpaces(ctx, store.SpaceFilter{IncludeAlliance: all})
	if err != nil {
		return nil, err
	}
	counts, err := s.db.CountThreadsByHost(ctx, all)
	if err != nil {
		return nil, err
	}
	out := make([]*Member, 0, len(members))
	for _, m := range members {
		mv := &Member{HubMember: m}
		for _, sp := range spaces {
			if sp.Host == m.Domain {
				mv.Spaces = append(mv.Spaces, sp)
			}
		}
		c := counts[m.Domain]
		mv.Threads, mv.Challenges, mv.Replies = c[0], c[1], c[2]
		out = append(out, mv)
	}
	return out, nil
}

// Series is a named list of values, in order.
type Series struct {
	Label  string
	Points []Point
}

// Point is one value of a figure.
type Point struct {
	Label string `json:"label"`
	Value int    `json:"value"`
}

// Health is how federation with one member goes.
type Health struct {
	Domain        string     `json:"domain"`
	Name          string     `json:"name"`
	Current       bool       `json:"current"`
	LastContactAt *time.Time `json:"last_contact_at"`
	LastSuccessAt *time.Time `json:"last_delivery_at"`
	Failures      int        `json:"failures"`
	LastError     string     `json:"last_error,omitempty"`
}

// Stats are the hub's figures.
type Stats struct {
	Members              int      `json:"members"`
	Threads              int      `json:"threads"`
	Challenges           int      `json:"challenges"`
	Replies              int      `json:"replies"`
	ChallengesByCategory []Point  `json:"challenges_by_category"`
	ChallengesByStatus   []Point  `json:"challenges_by_status"`
	ThreadsPerWeek       []Point  `json:"threads_per_week"`
	RepliesPerWeek       []Point  `json:"replies_per_week"`
	BySector             []Point  `json:"participation_by_sector"`
	ByCountry            []Point  `json:"participation_by_country"`
	Health               []Health `json:"federation_health"`
}

// Weeks is how many weeks the weekly figures cover.
const Weeks = 12

// Stats computes the figures, over what the viewer may see.
func (s *Service) Stats(ctx context.Context, viewer *model.User, now time.Time) (*Stats, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	all := seesAlliance(viewer)
	st := &Stats{}
	byCat, err := s.db.CountChallengesBy(ctx, "category", all)
	if err != nil {
		return nil, err
	}
	st.ChallengesByCategory = fill(model.Categories, byCat)
	byStatus, err := s.db.CountChallengesBy(ctx, "status", all)
	if err != nil {
		return nil, err
	}
	statuses := make([]string, len(model.Statuses))
	for i, x := range model.Statuses {
		statuses[i] = string(x)
	}
	st.ChallengesByStatus = fill(statuses, byStatus)
	for _, p := range st.ChallengesByCategory {
		st.Challenges += p.Value
	}
	start := weekStart(now).AddDate(0, 0, -7*(Weeks-1))
	threads, posts, err := s.db.CreatedSince(ctx, start, all, 100000)
	if err != nil {
		return nil, err
	}
	st.ThreadsPerWeek, st.RepliesPerWeek = weekly(threads, start), weekly(posts, start)
	members, err := s.db.ListHubMembers(ctx)
	if err != nil {
		return nil, err
	}
	byHost, err := s.db.CountByAuthorHost(ctx, all)
	if err != nil {
		return nil, err
	}
	counts, err := s.db.CountThreadsByHost(ctx, all)
	if err != nil {
		return nil, err
	}
	for _, c := range counts {
		st.Threads += c[0]
		st.Replies += c[2]
	}
	sector, country := map[string]int{}, map[string]int{}
	memberOf := map[string]*model.HubMember{}
	for _, m := range members {
		memberOf[m.Domain] = m
		if m.Current {
			st.Members++
		}
	}
	for _, c := range byHost {
		if m := memberOf[c.Key]; m != nil {
			sector[orUnknown(m.Sector)] += c.N
			country[orUnknown(m.Country)] += c.N
		}
	}
	st.BySector, st.ByCountry = sorted(sector), sorted(country)
	for _, m := range members {
		h := Health{Domain: m.Domain, Name: m.Name, Current: m.Current, LastContactAt: m.LastContactAt, LastError: m.LastError}
		if p, err := s.db.GetPeer(ctx, m.Domain); err == nil {
			h.LastSuccessAt, h.Failures = p.LastSuccessAt, p.Failures
		}
		st.Health = append(st.Health, h)
	}
	return st, nil
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// fill lists every key in order, with zero for those without a count.
func fill(keys []string, counts []store.Count) []Point {
	out := make([]Point, len(keys))
	for i, k := range keys {
		out[i] = Point{Label: k}
		for _, c := range counts {
			if c.Key == k {
				out[i].Value = c.N
			}
		}
	}
	return out
}

func sorted(m map[string]int) []Point {
	out := make([]Point, 0, len(m))
	for k, v := range m {
		out = append(out, Point{Label: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Value != out[j].Value {
			return out[i].Value > out[j].Value
		}
		return out[i].Label < out[j].Label
	})
	return out
}

// weekStart is the Monday 00:00 UTC of t's week.
func weekStart(t time.Time) time.Time {
	t = t.UTC()
	d := (int(t.Weekday()) + 6) % 7
	return time.Date(t.Year(), t.Month(), t.Day()-d, 0, 0, 0, 0, time.UTC)
}

// weekly counts times per week from start, labelled by the week's Monday.
func weekly(times []time.Time, start time.Time) []Point {
	out := make([]Point, Weeks)
	for i := range out {
		out[i].Label = start.AddDate(0, 0, 7*i).Format("2006-01-02")
	}
	for _, t := range times {
		i := int(t.Sub(start) / (7 * 24 * time.Hour))
		if i >= 0 && i < Weeks {
			out[i].Value++
		}
	}
	return out
}
