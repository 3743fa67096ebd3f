package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/httpx"
)

// spacesList shows the spaces of this node the viewer may see.
func (u *UI) spacesList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	spaces, err := u.disc.Spaces(ctx, httpx.User(ctx))
	if err != nil {
		return err
	}
	p := u.page(r, u.tr("spaces.title"), spaces)
	u.render(w, r, http.StatusOK, "spaces", p)
	return nil
}
