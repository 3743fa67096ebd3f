package discussion

import (
	"context"
	"strings"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// ChallengeQuery filters and sorts the challenge board.
type ChallengeQuery struct {
	Category string
	Status   model.ChallengeStatus
	Sort     string // "endorsements" (default) or "recent"
	Cursor   string
	Limit    int
}

// Challenges is the challenge board: local and remote challenges the
// viewer may see.
func (s *Service) Challenges(ctx context.Context, viewer *model.User, q ChallengeQuery) ([]*model.Thread, string, error) {
	v := &model.ValidationError{}
	if q.Category != "" && !model.ValidCategory(q.Category) {
		v.Add("category", "must be one of "+strings.Join(model.Categories, ", "))
	}
	if q.Status != "" && !q.Status.Valid() {
		v.Add("status", "must be open, in-discussion, solution-proposed or addressed")
	}
	switch q.Sort {
	case "", "endorsements":
		q.Sort = store.SortEndorsements
	case "recent":
		q.Sort = store.SortRecent
	default:
		v.Add("sort", "must be endorsements or recent")
	}
	if err := v.OrNil(); err != nil {
		return nil, "", err
	}
	return s.db.ListThreads(ctx, store.ThreadFilter{Kind: model.KindChallenge, Category: q.Category, Status: q.Status,
		Sort: q.Sort, IncludeAlliance: canSeeAlliance(viewer), Cursor: q.Cursor, Limit: q.Limit})
}

// Search finds threads and posts the viewer may see.
func (s *Service) Search(ctx context.Context, viewer *model.User, q string) ([]store.SearchHit, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, nil
	}
	if len(q) > 500 {
		return nil, model.Invalid("q", "must be at most 500 characters")
	}
	return s.db.Search(ctx, q, canSeeAlliance(viewer), 50)
}

// Timeline is the member's home feed: threads in local spaces and in
// whatever the member follows, newest activity first.
func (s *Service) Timeline(ctx context.Context, viewer *model.User, cursor string) ([]*model.Thread, string, error) {
	if viewer == nil {
		return nil, "", model.ErrUnauthorized
	}
	spaces, err := s.db.TimelineSpaceIDs(ctx, viewer.ActorID)
	if err != nil {
		return nil, "", err
	}
	return s.db.ListThreads(ctx, store.ThreadFilter{SpaceIDs: spaces, IncludeAlliance: true, Cursor: cursor, Limit: 20})
}

// Home is what the home page shows.
type Home struct {
	TopChallenges []*model.Thread
	Latest        []*model.Thread
	Articles      []*model.Article
}

// HomePage gathers the home page's lists for the viewer.
func (s *Service) HomePage(ctx context.Context, viewer *model.User) (*Home, error) {
	h := &Home{}
	var err error
	all := canSeeAlliance(viewer)
	if h.TopChallenges, _, err = s.db.ListThreads(ctx, store.ThreadFilter{Kind: model.KindChallenge, Sort: store.SortEndorsements,
		IncludeAlliance: all, Limit: 5}); err != nil {
		return nil, err
	}
	if h.Latest, _, err = s.db.ListThreads(ctx, store.ThreadFilter{Kind: model.KindDiscussion, IncludeAlliance: all, Limit: 10}); err != nil {
		return nil, err
	}
	if h.Articles, _, err = s.db.ListArticles(ctx, "", 5); err != nil {
		return nil, err
	}
	return h, nil
}

// Profile is a member's page.
type Profile struct {
	Actor   *model.Actor
	User    *model.User
	Threads []*model.Thread
	Posts   []*model.Post
}

// Member loads a local member's profile with their latest threads and
// replies that the viewer may see.
func (s *Service) Member(ctx context.Context, viewer *model.User, username string) (*Profile, error) {
	u, err := s.db.GetUserByUsername(ctx, strings.ToLower(username))
	if err != nil {
		return nil, err
	}
	all := canSeeAlliance(viewer)
	p := &Profile{Actor: u.Actor, User: u}
	if p.Threads, _, err = s.db.ListThreads(ctx, store.ThreadFilter{AuthorID: u.ActorID, IncludeAlliance: all, Sort: store.SortRecent, Limit: 20}); err != nil {
		return nil, err
	}
	if p.Posts, err = s.db.ListPosts(ctx, store.PostFilter{AuthorID: u.ActorID, IncludeAlliance: all, Limit: 20}); err != nil {
		return nil, err
	}
	return p, nil
}
