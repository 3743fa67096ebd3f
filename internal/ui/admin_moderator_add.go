package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/model"
)

// adminModeratorAdd makes a member a moderator of one of our spaces:
// admins only.
func (u *UI) adminModeratorAdd(w http.ResponseWriter, r *http.Request) error {
	user, err := admin(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	sp, err := u.disc.Space(ctx, user, r.PathValue("name"))
	if err != nil {
		return err
	}
	if !sp.Local {
		return model.ErrNotFound
	}
	username := r.PostFormValue("username")
	if err := u.disc.AddModerator(ctx, user, sp, username); err != nil {
		fields, status, err := formProblem(err)
		if err != nil {
			return err
		}
		return u.renderAdmin(w, r, status, &adminData{ModSpace: sp.ID, ModErrors: fields, ModUsername: username})
	}
	redirect(w, r, "/admin?flash=flash.moderator_added#space-"+sp.Name)
	return nil
}
