package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/model"
)

// adminInviteCreate makes an invite link; admins only. The link is shown
// in this response and nowhere else: not in a redirect, not in a log.
func (u *UI) adminInviteCreate(w http.ResponseWriter, r *http.Request) error {
	user, err := admin(r)
	if err != nil {
		return err
	}
	f := inviteForm{Role: r.PostFormValue("role"), Note: r.PostFormValue("note")}
	plain, inv, err := u.accounts.CreateInvite(r.Context(), user, accounts.NewInvite{Role: model.Role(f.Role), Note: f.Note})
	if err != nil {
		fields, status, err := formProblem(err)
		if err != nil {
			return err
		}
		return u.renderAdminInvites(w, r, status, user, &adminInvitesData{Form: f, Errors: fields})
	}
	return u.renderAdminInvites(w, r, http.StatusCreated, user, &adminInvitesData{
		NewLink: u.urls.Base + "/invite?token=" + plain, Created: inv})
}
