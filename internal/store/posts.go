package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/protectors-portal/portal/internal/model"
)

// CreatePost inserts a reply and touches its thread.
func (s *Store) CreatePost(ctx context.Context, p *model.Post) error {
	if _, err := s.idb.NewInsert().Model(p).Exec(ctx); err != nil {
		return wrap("create post", err)
	}
	return s.TouchThread(ctx, p.ThreadID, p.CreatedAt, 1)
}

// UpdatePost writes every column of p, and marks its thread changed.
func (s *Store) UpdatePost(ctx context.Context, p *model.Post) error {
	if _, err := s.idb.NewUpdate().Model(p).WherePK().Exec(ctx); err != nil {
		return wrap("update post", err)
	}
	return s.BumpThread(ctx, p.ThreadID)
}

// GetPost loads a post with its author.
func (s *Store) GetPost(ctx context.Context, id string) (*model.Post, error) {
	return s.getPost(ctx, "id = ?", id)
}

// GetPostByURI loads a post by its ActivityPub id.
func (s *Store) GetPostByURI(ctx context.Context, uri string) (*model.Post, error) {
	return s.getPost(ctx, "uri = ?", uri)
}

func (s *Store) getPost(ctx context.Context, where string, arg any) (*model.Post, error) {
	p := new(model.Post)
	if err := s.idb.NewSelect().Model(p).Where(where, arg).Scan(ctx); err != nil {
		return nil, wrap("get post", err)
	}
	a, err := s.GetActor(ctx, p.AuthorID)
	if err != nil {
		return nil, err
	}
	p.Author = a
	return p, nil
}

// ListPostsByThread returns every reply of a thread, oldest first, with
// their authors: two queries whatever the thread's size.
func (s *Store) ListPostsByThread(ctx context.Context, threadID string) ([]*model.Post, error) {
	var list []*model.Post
	if err := s.idb.NewSelect().Model(&list).Where("thread_id = ?", threadID).
		Order("created_at", "id").Scan(ctx); err != nil {
		return nil, wrap("list posts", err)
	}
	return list, s.attachPosts(ctx, list)
}

// PostFilter selects posts for profiles.
type PostFilter struct {
	AuthorID        string
	IncludeAlliance bool
	Limit           int
}

// ListPosts lists the latest live posts matching f.
func (s *Store) ListPosts(ctx context.Context, f PostFilter) ([]*model.Post, error) {
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	var list []*model.Post
	q := s.idb.NewSelect().Model(&list).Where("deleted_at IS NULL")
	if f.AuthorID != "" {
		q = q.Where("author_id = ?", f.AuthorID)
	}
	if !f.IncludeAlliance {
		q = q.Where("visibility = ?", model.VisibilityPublic)
	}
	if err := q.Order("created_at DESC", "id DESC").Limit(int64(f.Limit)).Scan(ctx); err != nil {
		return nil, wrap("list posts", err)
	}
	if err := s.attachPosts(ctx, list); err != nil {
		return nil, err
	}
	ids := make([]string, len(list))
	for i, p := range list {
		ids[i] = p.ThreadID
	}
	var threads []*model.Thread
	if len(ids) > 0 {
		if err := s.idb.NewSelect().Model(&threads).Where("id IN (?)", bun.In(uniq(ids))).Scan(ctx); err != nil {
			return nil, wrap("list posts: threads", err)
		}
	}
	byID := make(map[string]*model.Thread, len(threads))
	for _, t := range threads {
		byID[t.ID] = t
	}
	for _, p := range list {
		p.Thread = byID[p.ThreadID]
	}
	return list, nil
}

func (s *Store) attachPosts(ctx context.Context, list []*model.Post) error {
	ids := make([]string, len(list))
	for i, p := range list {
		ids[i] = p.AuthorID
	}
	actors, err := s.ActorsByID(ctx, ids)
	if err != nil {
		return err
	}
	for _, p := range list {
		p.Author = actors[p.AuthorID]
	}
	return nil
}

// CountPosts counts live posts and threads (for figures).
func (s *Store) CountPosts(ctx context.Context, since time.Time) (int, error) {
	n, err := s.idb.NewSelect().TableExpr("posts").Where("deleted_at IS NULL AND created_at >= ?", since).Count(ctx)
	return int(n), wrap("count posts", err)
}
