package ui

import (
	"errors"
	"net/http"

	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/model"
)

// inviteData is the invitee's page: the form that creates their account,
// or why the link no longer works.
type inviteData struct {
	Token       string
	Role        model.Role
	Username    string
	DisplayName string
	Errors      fieldErrs
	Problem     string // set when the link cannot be used
}

// inviteProblems names the message for each way an invite link is dead.
var inviteProblems = []struct {
	err error
	key string
}{
	{accounts.ErrInviteUnknown, "invite.unknown"},
	{accounts.ErrInviteUsed, "invite.used"},
	{accounts.ErrInviteRevoked, "invite.revoked"},
	{accounts.ErrInviteExpired, "invite.expired"},
}

// inviteProblem says whether err means the invite cannot be used, and
// the message that tells the invitee why.
func inviteProblem(err error) (string, bool) {
	for _, p := range inviteProblems {
		if errors.Is(err, p.err) {
			return p.key, true
		}
	}
	return "", false
}

// renderInvite shows the invitee's page. The URL holds the secret, so the
// page is neither cached nor sent on as a referrer.
func (u *UI) renderInvite(w http.ResponseWriter, r *http.Request, status int, d *inviteData) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	p := u.page(r, u.tr("invite.title"), d)
	p.NoIndex = true
	u.render(w, r, status, "invite", p)
}

// inviteShow is where an invite link leads: the form, if the link can
// still be used, else a page that says why not. It changes nothing.
func (u *UI) inviteShow(w http.ResponseWriter, r *http.Request) error {
	tok := r.URL.Query().Get("token")
	inv, err := u.accounts.Invite(r.Context(), tok)
	if err != nil {
		key, dead := inviteProblem(err)
		if !dead {
			return err
		}
		u.renderInvite(w, r, http.StatusForbidden, &inviteData{Problem: u.tr(key)})
		return nil
	}
	u.renderInvite(w, r, http.StatusOK, &inviteData{Token: tok, Role: inv.Role})
	return nil
}
