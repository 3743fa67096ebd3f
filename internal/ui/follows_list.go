package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/model"
)

// followsPage is the member's follows: a form to follow something by
// handle or address, and what they follow.
type followsPage struct {
	Target  string    // what was typed in the form
	Errors  fieldErrs // of the form
	Follows []followView
}

// followsList shows what the member follows and the form to follow more.
func (u *UI) followsList(w http.ResponseWriter, r *http.Request) error {
	fed, err := u.federationOn()
	if err != nil {
		return err
	}
	user, err := signedIn(r.Context())
	if err != nil {
		return err
	}
	return u.renderFollows(w, r, http.StatusOK, fed, user, &followsPage{})
}

// renderFollows renders the follows page with d's form values and problems.
func (u *UI) renderFollows(w http.ResponseWriter, r *http.Request, status int, fed *fedDeps, user *model.User, d *followsPage) error {
	var err error
	if d.Follows, err = u.listFollows(r, fed, user); err != nil {
		return err
	}
	return u.formPage(w, r, status, "follows", u.tr("follows.title"), d)
}
