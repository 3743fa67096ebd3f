package ui

import "net/http"

// adminInviteRevoke withdraws a pending invite; admins only.
func (u *UI) adminInviteRevoke(w http.ResponseWriter, r *http.Request) error {
	user, err := admin(r)
	if err != nil {
		return err
	}
	if err := u.accounts.RevokeInvite(r.Context(), user, r.PathValue("id")); err != nil {
		return err
	}
	redirect(w, r, "/admin/invites?flash=invites.revoked")
	return nil
}
