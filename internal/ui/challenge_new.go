package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/model"
)

// challengePick lists the spaces a challenge may be posted in.
type challengePick struct {
	Spaces []*model.Space
	Error  string
}

// challengeNew is where "Post a challenge" leads: with ?space=NAME (or
// when this node has one space) the challenge form of that space, else a
// choice of space first.
func (u *UI) challengeNew(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	user, err := signedIn(ctx)
	if err != nil {
		return err
	}
	spaces, err := u.disc.Spaces(ctx, user)
	if err != nil {
		return err
	}
	name := r.URL.Query().Get("space")
	if name == "" && len(spaces) == 1 {
		name = spaces[0].Name
	}
	d := &challengePick{Spaces: spaces}
	status := http.StatusOK
	if name != "" {
		for _, sp := range spaces {
			if sp.Name == name {
				return u.renderThreadForm(w, r, http.StatusOK, newThreadForm(sp, string(model.KindChallenge)))
			}
		}
		d.Error, status = u.tr("challenge_new.unknown_space"), http.StatusUnprocessableEntity
	}
	return u.formPage(w, r, status, "challenge_pick", u.tr("challenge_new.title"), d)
}
