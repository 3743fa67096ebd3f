package ui

import (
	"net/http"
	"net/url"

	"github.com/protectors-portal/portal/internal/discussion"
)

// articleUpdate saves an edited news article.
func (u *UI) articleUpdate(w http.ResponseWriter, r *http.Request) error {
	user, err := admin(r)
	if err != nil {
		return err
	}
	slug := r.PathValue("slug")
	f := &articleForm{Slug: slug, Action: "/articles/" + url.PathEscape(slug) + "/edit",
		Title: r.PostFormValue("title"), Body: r.PostFormValue("body"), Tags: r.PostFormValue("tags")}
	a, err := u.disc.EditArticle(r.Context(), user, slug, discussion.NewArticle{Title: f.Title, Body: f.Body, Tags: f.Tags})
	if err != nil {
		fields, status, err := formProblem(err)
		if err != nil {
			return err
		}
		f.Errors = fields
		return u.renderArticleForm(w, r, status, f)
	}
	redirect(w, r, "/articles/"+url.PathEscape(a.Slug)+"?flash=flash.saved")
	return nil
}
