package ui

import (
	"net/http"
	"net/url"
)

// articleEdit shows the form that edits a news article: admins only.
func (u *UI) articleEdit(w http.ResponseWriter, r *http.Request) error {
	if _, err := admin(r); err != nil {
		return err
	}
	a, _, err := u.disc.Article(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	f := &articleForm{Slug: a.Slug, Action: "/articles/" + url.PathEscape(a.Slug) + "/edit",
		Title: a.Title, Body: a.BodySource, Tags: a.Tags}
	return u.renderArticleForm(w, r, http.StatusOK, f)
}
