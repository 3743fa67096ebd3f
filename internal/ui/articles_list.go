package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
)

// articlesPage is a page of news articles.
type articlesPage struct {
	Articles []*model.Article
	Pager    pageLinks
	CanWrite bool
}

// articlesList lists the node's news articles, newest first.
func (u *UI) articlesList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	list, next, err := u.disc.Articles(ctx, q.Get("cursor"))
	if err != nil {
		return err
	}
	d := &articlesPage{Articles: list, Pager: pagerFor("/articles", q, next), CanWrite: isAdmin(r)}
	p := u.page(r, u.tr("articles.title"), d)
	u.render(w, r, http.StatusOK, "articles", p)
	return nil
}

// isAdmin reports whether the request is an admin's.
func isAdmin(r *http.Request) bool {
	user := httpx.User(r.Context())
	return user != nil && user.Role == model.RoleAdmin
}
