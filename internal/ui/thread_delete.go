package ui

import "net/http"

// threadDelete leaves a tombstone in place of a thread (its author or a
// moderator); its replies stay.
func (u *UI) threadDelete(w http.ResponseWriter, r *http.Request) error {
	user, err := signedIn(r.Context())
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := u.disc.DeleteThread(r.Context(), user, id); err != nil {
		return err
	}
	redirect(w, r, "/threads/"+id+"?flash=flash.thread_deleted")
	return nil
}
