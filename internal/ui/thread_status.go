package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
)

// threadStatus moves a challenge to another status: its author or a
// moderator. The change is kept in the challenge's history.
func (u *UI) threadStatus(w http.ResponseWriter, r *http.Request) error {
	user, err := signedIn(r.Context())
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	st := model.ChallengeStatus(r.PostFormValue("status"))
	if _, err := u.disc.EditThread(r.Context(), user, id, discussion.ThreadEdit{Status: &st}); err != nil {
		fields, status, err := formProblem(err)
		if err != nil {
			return err
		}
		return u.renderThread(w, r, status, func(d *threadPage) { d.StatusErrs = fields })
	}
	redirect(w, r, "/threads/"+id+"?flash=flash.status_changed#challenge-status")
	return nil
}
