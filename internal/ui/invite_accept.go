package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/httpx"
)

// inviteAccept creates the invitee's account from the invite form and
// signs them in; the invite then stops working.
func (u *UI) inviteAccept(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d := &inviteData{Token: r.PostFormValue("token"), Username: r.PostFormValue("username"),
		DisplayName: r.PostFormValue("display_name")}
	user, err := u.accounts.AcceptInvite(ctx, accounts.Acceptance{Token: d.Token, Username: d.Username,
		DisplayName: d.DisplayName, Password: r.PostFormValue("password")})
	if err != nil {
		if key, dead := inviteProblem(err); dead {
			u.renderInvite(w, r, http.StatusForbidden, &inviteData{Problem: u.tr(key)})
			return nil
		}
		fields, status, err := formProblem(err)
		if err != nil {
			return err
		}
		// Nothing changed: the invite still stands, with its role.
		inv, err := u.accounts.Invite(ctx, d.Token)
		if err != nil {
			if key, dead := inviteProblem(err); dead {
				u.renderInvite(w, r, http.StatusForbidden, &inviteData{Problem: u.tr(key)})
				return nil
			}
			return err
		}
		d.Role, d.Errors = inv.Role, fields
		u.renderInvite(w, r, status, d)
		return nil
	}
	// A browser signed in as someone else changes over to the new member.
	if c, err := r.Cookie(httpx.SessionCookie); err == nil && c.Value != "" {
		if err := u.accounts.EndSession(ctx, c.Value); err != nil {
			httpx.Logger(ctx).WarnContext(ctx, "end the previous session", "error", err)
		}
	}
	cookie, _, err := u.accounts.StartSession(ctx, user, r.UserAgent())
	if err != nil {
		return err
	}
	httpx.SetSessionCookie(w, cookie, int(u.accounts.SessionLifetime.Seconds()), u.secure)
	redirect(w, r, "/settings?flash=invite.welcome")
	return nil
}
