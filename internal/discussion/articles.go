package discussion

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// NewArticle is what publishing a news article needs.
type NewArticle struct {
	Title string
	Body  string
	Tags  string // comma-separated
}

var slugDrop = regexp.MustCompile(`[^a-z0-9]+`)

func slugify(title string) string {
	s := strings.Trim(slugDrop.ReplaceAllString(strings.ToLower(title), "-"), "-")
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	if s == "" || s == "new" {
		// "new" is the address of the form that writes articles.
		s = "article"
	}
	return s
}

func normaliseTags(tags string) string {
	var out []string
	seen := map[string]bool{}
	for _, t := range strings.Split(tags, ",") {
		t = strings.ToLower(strings.TrimSpace(t))
		if t != "" && len(t) <= 40 && !seen[t] && len(out) < 10 {
			seen[t] = true
			out = append(out, t)
		}
	}
	return strings.Join(out, ",")
}

// PublishArticle publishes a news article; admins only.
func (s *Service) PublishArticle(ctx context.Context, by *model.User, in NewArticle) (*model.Article, error) {
	if by == nil || by.Role != model.RoleAdmin {
		return nil, model.ErrForbidden
	}
	v := &model.ValidationError{}
	in.Title = checkTitle(v, in.Title)
	in.Body = checkBody(v, in.Body, true)
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	now := model.Now()
	a := &model.Article{ID: model.NewID(), Title: in.Title, BodySource: in.Body, BodyHTML: s.md.Markdown(in.Body),
		Tags: normaliseTags(in.Tags), AuthorID: by.ActorID, PublishedAt: now, UpdatedAt: now, Author: by.Actor}
	base := slugify(in.Title)
	err := s.db.InTx(ctx, func(tx *store.Store) error {
		a.Slug = base
		for i := 2; ; i++ {
			if _, err := tx.GetArticleBySlug(ctx, a.Slug); errors.Is(err, model.ErrNotFound) {
				break
			} else if err != nil {
				return err
			}
			a.Slug = base + "-" + strconv.Itoa(i)
		}
		if err := tx.CreateArticle(ctx, a); err != nil {
			return err
		}
		return tx.Audit(ctx, &model.AuditEntry{UserID: by.ID, Action: "publish_article", Target: a.Slug})
	})
	return a, err
}

// EditArticle changes an article; admins only.
func (s *Service) EditArticle(ctx context.Context, by *model.User, slug string, in NewArticle) (*model.Article, error) {
	if by == nil || by.Role != model.RoleAdmin {
		return nil, model.ErrForbidden
	}
	a, err := s.db.GetArticleBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	v := &model.ValidationError{}
	a.Title = checkTitle(v, in.Title)
	a.BodySource = checkBody(v, in.Body, true)
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	a.BodyHTML = s.md.Markdown(a.BodySource)
	a.Tags = normaliseTags(in.Tags)
	a.UpdatedAt = model.Now()
	err = s.db.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateArticle(ctx, a); err != nil {
			return err
		}
		return tx.Audit(ctx, &model.AuditEntry{UserID: by.ID, Action: "edit_article", Target: a.Slug})
	})
	return a, err
}

// DeleteArticle removes an article; admins only.
func (s *Service) DeleteArticle(ctx context.Context, by *model.User, slug string) error {
	if by == nil || by.Role != model.RoleAdmin {
		return model.ErrForbidden
	}
	a, err := s.db.GetArticleBySlug(ctx, slug)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Store) error {
		if err := tx.DeleteArticle(ctx, a.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, &model.AuditEntry{UserID: by.ID, Action: "delete_article", Target: a.Slug})
	})
}

// Article loads an article with up to three related ones.
func (s *Service) Article(ctx context.Context, slug string) (*model.Article, []*model.Article, error) {
	a, err := s.db.GetArticleBySlug(ctx, slug)
	if err != nil {
		return nil, nil, err
	}
	related, err := s.db.RelatedArticles(ctx, a, 3)
	return a, related, err
}

// Articles pages through articles, newest first.
func (s *Service) Articles(ctx context.Context, cursor string) ([]*model.Article, string, error) {
	return s.db.ListArticles(ctx, cursor, 20)
}
