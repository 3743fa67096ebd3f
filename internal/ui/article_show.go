package ui

import (
	"net/http"
	"strings"

	"github.com/protectors-portal/portal/internal/model"
)

// articlePage is one article with related ones.
type articlePage struct {
	Article  *model.Article
	Author   authorView
	Tags     []string
	Related  []*model.Article
	CanWrite bool
}

// articleShow shows a news article and up to three related ones.
func (u *UI) articleShow(w http.ResponseWriter, r *http.Request) error {
	a, related, err := u.disc.Article(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	d := &articlePage{Article: a, Author: authorOf(a.Author), Related: related, CanWrite: isAdmin(r)}
	for _, t := range strings.Split(a.Tags, ",") {
		if t = strings.TrimSpace(t); t != "" {
			d.Tags = append(d.Tags, t)
		}
	}
	p := u.page(r, a.Title, d)
	u.render(w, r, http.StatusOK, "article", p)
	return nil
}
