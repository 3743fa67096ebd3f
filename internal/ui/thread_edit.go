package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/model"
)

// threadEditForm edits a thread's title and body.
type threadEditForm struct {
	Thread *model.Thread
	Title  string
	Body   string
	Errors fieldErrs
}

// threadEdit shows the form that edits one's own thread.
func (u *UI) threadEdit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	user, err := signedIn(ctx)
	if err != nil {
		return err
	}
	v, err := u.disc.Thread(ctx, user, r.PathValue("id"))
	if err != nil {
		return err
	}
	t := v.Thread
	if !v.CanEdit || !t.Local || t.Deleted() {
		return &model.SafeError{Err: model.ErrForbidden, Public: u.tr("thread_edit.not_yours"), Status: http.StatusForbidden}
	}
	f := &threadEditForm{Thread: t, Title: t.Title, Body: t.BodySource}
	return u.formPage(w, r, http.StatusOK, "thread_edit", u.tr("thread_edit.title"), f)
}
