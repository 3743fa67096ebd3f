package ui

import "net/http"

// postUpdate saves an edited reply and shows it in its thread.
func (u *UI) postUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	user, err := signedIn(ctx)
	if err != nil {
		return err
	}
	id, body := r.PathValue("id"), r.PostFormValue("body")
	p, err := u.disc.EditPost(ctx, user, id, body)
	if err != nil {
		fields, status, err := formProblem(err)
		if err != nil {
			return err
		}
		pv, err := u.disc.Post(ctx, user, id)
		if err != nil {
			return err
		}
		f := &postEditForm{Post: pv.Post, Thread: pv.Thread, Body: body, Errors: fields}
		return u.formPage(w, r, status, "post_edit", u.tr("post_edit.title"), f)
	}
	redirect(w, r, "/threads/"+p.ThreadID+"#post-"+p.ID)
	return nil
}
