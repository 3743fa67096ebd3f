package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/discussion"
)

// spaceUpdate saves a space's new title and description, and goes back to
// its page; problems show on the form again with what was typed.
func (u *UI) spaceUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	user, err := signedIn(ctx)
	if err != nil {
		return err
	}
	title, description := r.PostFormValue("title"), r.PostFormValue("description")
	sp, err := u.disc.EditSpace(ctx, user, r.PathValue("name"), discussion.SpaceEdit{Title: &title, Description: &description})
	if err != nil {
		fields, status, err := formProblem(err)
		if err != nil {
			return err
		}
		sp, err := u.editableSpace(r, user)
		if err != nil {
			return err
		}
		f := &spaceEditForm{Space: sp, Path: spacePath(sp), Title: title, Description: description, Errors: fields}
		return u.formPage(w, r, status, "space_edit", u.tr("space_edit.title"), f)
	}
	redirect(w, r, spacePath(sp)+"?flash=flash.space_saved")
	return nil
}
