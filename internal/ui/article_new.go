package ui

import "net/http"

// articleForm writes or edits a news article.
type articleForm struct {
	Slug   string // empty for a new article
	Action string
	Title  string
	Body   string
	Tags   string
	Errors fieldErrs
}

func (u *UI) renderArticleForm(w http.ResponseWriter, r *http.Request, status int, f *articleForm) error {
	title := u.tr("article_form.new_title")
	if f.Slug != "" {
		title = u.tr("article_form.edit_title")
	}
	return u.formPage(w, r, status, "article_form", title, f)
}

// articleNew shows the form that publishes a news article: admins only.
func (u *UI) articleNew(w http.ResponseWriter, r *http.Request) error {
	if _, err := admin(r); err != nil {
		return err
	}
	return u.renderArticleForm(w, r, http.StatusOK, &articleForm{Action: "/articles"})
}
