package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
)

// threadCreate starts the thread the form describes and shows it; a form
// with problems comes back with them marked (422).
func (u *UI) threadCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	user, err := signedIn(ctx)
	if err != nil {
		return err
	}
	sp, err := u.disc.Space(ctx, user, r.PathValue("name"))
	if err != nil {
		return err
	}
	f := newThreadForm(sp, r.PostFormValue("kind"))
	f.Title, f.Body = r.PostFormValue("title"), r.PostFormValue("body")
	if k := r.PostFormValue("kind"); k != "" {
		f.Kind = k
	}
	in := discussion.NewThread{Title: f.Title, Body: f.Body, Kind: model.ThreadKind(f.Kind)}
	if f.IsChallenge() {
		f.Category = r.PostFormValue("category")
		in.Category = f.Category
	}
	if f.ChooseVisibility() {
		if v := r.PostFormValue("visibility"); v != "" {
			f.Visibility = v
		}
		in.Visibility = model.Visibility(f.Visibility)
	}
	t, err := u.disc.CreateThread(ctx, user, sp, in)
	if err != nil {
		fields, status, err := formProblem(err)
		if err != nil {
			return err
		}
		f.Errors = fields
		return u.renderThreadForm(w, r, status, f)
	}
	redirect(w, r, "/threads/"+t.ID)
	return nil
}
