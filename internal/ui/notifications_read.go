package ui

import "net/http"

// notificationsRead marks all the member's notifications read.
func (u *UI) notificationsRead(w http.ResponseWriter, r *http.Request) error {
	user, err := signedIn(r.Context())
	if err != nil {
		return err
	}
	if err := u.disc.MarkNotificationsRead(r.Context(), user); err != nil {
		return err
	}
	redirect(w, r, "/notifications?flash=flash.notifications_read")
	return nil
}
