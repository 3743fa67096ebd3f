package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/discussion"
)

// threadUpdate saves an edited thread.
func (u *UI) threadUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	user, err := signedIn(ctx)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	title, body := r.PostFormValue("title"), r.PostFormValue("body")
	t, err := u.disc.EditThread(ctx, user, id, discussion.ThreadEdit{Title: &title, Body: &body})
	if err != nil {
		fields, status, err := formProblem(err)
		if err != nil {
			return err
		}
		v, err := u.disc.Thread(ctx, user, id)
		if err != nil {
			return err
		}
		f := &threadEditForm{Thread: v.Thread, Title: title, Body: body, Errors: fields}
		return u.formPage(w, r, status, "thread_edit", u.tr("thread_edit.title"), f)
	}
	redirect(w, r, "/threads/"+t.ID+"?flash=flash.saved")
	return nil
}
