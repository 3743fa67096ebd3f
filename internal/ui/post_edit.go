package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/model"
)

// postEditForm edits the body of one's own reply.
type postEditForm struct {
	Post   *model.Post
	Thread *model.Thread
	Body   string
	Errors fieldErrs
}

// postEdit shows the form that edits one's own reply.
func (u *UI) postEdit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	user, err := signedIn(ctx)
	if err != nil {
		return err
	}
	pv, err := u.disc.Post(ctx, user, r.PathValue("id"))
	if err != nil {
		return err
	}
	if pv.Post.AuthorID != user.ActorID || !pv.Post.Local || pv.Post.Deleted() {
		return &model.SafeError{Err: model.ErrForbidden, Public: u.tr("post_edit.not_yours"), Status: http.StatusForbidden}
	}
	f := &postEditForm{Post: pv.Post, Thread: pv.Thread, Body: pv.Post.BodySource}
	return u.formPage(w, r, http.StatusOK, "post_edit", u.tr("post_edit.title"), f)
}
