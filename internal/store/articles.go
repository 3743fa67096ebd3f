package store

import (
	"context"
	"strings"

	"github.com/protectors-portal/portal/internal/model"
)

// CreateArticle inserts an article.
func (s *Store) CreateArticle(ctx context.Context, a *model.Article) error {
	_, err := s.idb.NewInsert().Model(a).Exec(ctx)
	return wrap("create article", err)
}

// UpdateArticle writes every column of a.
func (s *Store) UpdateArticle(ctx context.Context, a *model.Article) error {
	_, err := s.idb.NewUpdate().Model(a).WherePK().Exec(ctx)
	return wrap("update article", err)
}

// DeleteArticle removes an article.
func (s *Store) DeleteArticle(ctx context.Context, id string) error {
	_, err := s.idb.NewDelete().TableExpr("articles").Where("id = ?", id).Exec(ctx)
	return wrap("delete article", err)
}

// GetArticleBySlug loads an article with its author.
func (s *Store) GetArticleBySlug(ctx context.Context, slug string) (*model.Article, error) {
	a := new(model.Article)
	if err := s.idb.NewSelect().Model(a).Where("slug = ?", slug).Scan(ctx); err != nil {
		return nil, wrap("get article", err)
	}
	au, err := s.GetActor(ctx, a.AuthorID)
	if err != nil {
		return nil, err
	}
	a.Author = au
	return a, nil
}

// ListArticles returns a page of articles, newest first.
func (s *Store) ListArticles(ctx context.Context, cur string, limit int) ([]*model.Article, string, error) {
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	var list []*model.Article
	q := s.idb.NewSelect().Model(&list)
	if cur != "" {
		c, err := decodeCursor(cur)
		if err != nil {
			return nil, "", err
		}
		q = q.Where("(published_at < ? OR (published_at = ? AND id < ?))", c.T, c.T, c.ID)
	}
	if err := q.Order("published_at DESC", "id DESC").Limit(int64(limit + 1)).Scan(ctx); err != nil {
		return nil, "", wrap("list articles", err)
	}
	next := ""
	if len(list) > limit {
		list = list[:limit]
		last := list[len(list)-1]
		next = cursor{T: last.PublishedAt, ID: last.ID}.encode()
	}
	return list, next, nil
}

// RelatedArticles lists up to limit other articles sharing a tag with a,
// newest first, topped up with the latest others.
func (s *Store) RelatedArticles(ctx context.Context, a *model.Article, limit int) ([]*model.Article, error) {
	var out []*model.Article
	seen := map[string]bool{a.ID: true}
	for _, tag := range strings.Split(a.Tags, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "" || len(out) >= limit {
			continue
		}
		var list []*model.Article
		// Tags are stored as ",a,b," so one LIKE finds a whole tag.
		if err := s.idb.NewSelect().Model(&list).Where("id <> ? AND (',' || tags || ',') LIKE ? ESCAPE '\\'", a.ID, "%,"+like(tag)+",%").
			Order("published_at DESC").Limit(int64(limit)).Scan(ctx); err != nil {
			return nil, wrap("related articles", err)
		}
		for _, r := range list {
			if !seen[r.ID] && len(out) < limit {
				seen[r.ID] = true
				out = append(out, r)
			}
		}
	}
	if len(out) < limit {
		latest, _, err := s.ListArticles(ctx, "", limit+1)
		if err != nil {
			return nil, err
		}
		for _, r := range latest {
			if !seen[r.ID] && len(out) < limit {
				seen[r.ID] = true
				out = append(out, r)
			}
		}
	}
	return out, nil
}
