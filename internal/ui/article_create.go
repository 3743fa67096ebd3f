package ui

import (
	"net/http"
	"net/url"

	"github.com/protectors-portal/portal/internal/discussion"
)

// articleCreate publishes a news article and shows it.
func (u *UI) articleCreate(w http.ResponseWriter, r *http.Request) error {
	user, err := admin(r)
	if err != nil {
		return err
	}
	f := &articleForm{Action: "/articles", Title: r.PostFormValue("title"), Body: r.PostFormValue("body"), Tags: r.PostFormValue("tags")}
	a, err := u.disc.PublishArticle(r.Context(), user, discussion.NewArticle{Title: f.Title, Body: f.Body, Tags: f.Tags})
	if err != nil {
		fields, status, err := formProblem(err)
		if err != nil {
			return err
		}
		f.Errors = fields
		return u.renderArticleForm(w, r, status, f)
	}
	redirect(w, r, "/articles/"+url.PathEscape(a.Slug))
	return nil
}
