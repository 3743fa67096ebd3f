package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/httpx"
)

// home shows the organisation, the alliance's question, top challenges,
// latest discussions and news.
func (u *UI) home(w http.ResponseWriter, r *http.Request) error {
	data, err := u.disc.HomePage(r.Context(), httpx.User(r.Context()))
	if err != nil {
		return err
	}
	p := u.page(r, u.cat.T("en", "home.title"), data)
	p.ActivityURL = u.urls.Instance()
	u.render(w, r, http.StatusOK, "home", p)
	return nil
}
