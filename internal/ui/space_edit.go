package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/model"
)

// spaceEditForm changes a space's title and description; its name and
// visibility are shown, fixed.
type spaceEditForm struct {
	Space       *model.Space
	Path        string // the space's page
	Title       string
	Description string
	Errors      fieldErrs
}

// spaceEdit shows the form that changes a local space's title and
// description, to its moderators and the node's admins and moderators.
func (u *UI) spaceEdit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	user, err := signedIn(ctx)
	if err != nil {
		return err
	}
	sp, err := u.editableSpace(r, user)
	if err != nil {
		return err
	}
	f := &spaceEditForm{Space: sp, Path: spacePath(sp), Title: sp.Title, Description: sp.Description}
	return u.formPage(w, r, http.StatusOK, "space_edit", u.tr("space_edit.title"), f)
}

// editableSpace is the local space the request names, if user may change
// it: a space elsewhere is not found here, and anyone who does not
// moderate it is refused.
func (u *UI) editableSpace(r *http.Request, user *model.User) (*model.Space, error) {
	ctx := r.Context()
	sp, err := u.disc.Space(ctx, user, r.PathValue("name"))
	if err != nil {
		return nil, err
	}
	if !sp.Local {
		return nil, model.ErrNotFound
	}
	mod, err := u.disc.CanModerateSpace(ctx, user, sp.ID)
	if err != nil {
		return nil, err
	}
	if !mod {
		return nil, &model.SafeError{Err: model.ErrForbidden, Public: u.tr("space_edit.not_allowed"), Status: http.StatusForbidden}
	}
	return sp, nil
}
