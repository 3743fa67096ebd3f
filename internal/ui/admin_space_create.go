package ui

import (
	"net/http"
	"net/url"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
)

// adminSpaceCreate opens a new space: admins only. The admin becomes its
// first moderator.
func (u *UI) adminSpaceCreate(w http.ResponseWriter, r *http.Request) error {
	user, err := admin(r)
	if err != nil {
		return err
	}
	f := spaceForm{Name: r.PostFormValue("name"), Title: r.PostFormValue("title"),
		Description: r.PostFormValue("description"), Visibility: r.PostFormValue("visibility")}
	sp, err := u.disc.CreateSpace(r.Context(), user, discussion.NewSpace{Name: f.Name, Title: f.Title,
		Description: f.Description, Visibility: model.Visibility(f.Visibility)})
	if err != nil {
		fields, status, err := formProblem(err)
		if err != nil {
			return err
		}
		return u.renderAdmin(w, r, status, &adminData{SpaceForm: f, SpaceErrors: fields})
	}
	redirect(w, r, "/spaces/"+url.PathEscape(sp.Name))
	return nil
}
