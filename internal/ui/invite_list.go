package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/model"
)

// adminInvitesData is the admins' invites page: the form that makes an
// invite, the link just made (shown once) and the invites still pending.
type adminInvitesData struct {
	Form    inviteForm
	Errors  fieldErrs
	NewLink string        // the link just made; never stored, never shown again
	Created *model.Invite // the invite behind NewLink
	Pending []*model.Invite
}

// inviteForm is what an admin fills in to invite someone.
type inviteForm struct {
	Role, Note string
}

func (u *UI) renderAdminInvites(w http.ResponseWriter, r *http.Request, status int, by *model.User, d *adminInvitesData) error {
	var err error
	if d.Pending, err = u.accounts.PendingInvites(r.Context(), by); err != nil {
		return err
	}
	if d.Form.Role == "" {
		d.Form.Role = string(model.RoleMember)
	}
	p := u.page(r, u.tr("invites.title"), d)
	p.NoIndex = true
	u.render(w, r, status, "admin_invites", p)
	return nil
}

// adminInvites lists the pending invites; admins only.
func (u *UI) adminInvites(w http.ResponseWriter, r *http.Request) error {
	user, err := admin(r)
	if err != nil {
		return err
	}
	return u.renderAdminInvites(w, r, http.StatusOK, user, &adminInvitesData{})
}
