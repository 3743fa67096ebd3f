package ui

import "net/http"

// articleDelete removes a news article: admins only.
func (u *UI) articleDelete(w http.ResponseWriter, r *http.Request) error {
	user, err := admin(r)
	if err != nil {
		return err
	}
	if err := u.disc.DeleteArticle(r.Context(), user, r.PathValue("slug")); err != nil {
		return err
	}
	redirect(w, r, "/articles?flash=flash.article_deleted")
	return nil
}
