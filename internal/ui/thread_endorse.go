package ui

import "net/http"

// threadEndorse records the member's endorsement of a thread.
func (u *UI) threadEndorse(w http.ResponseWriter, r *http.Request) error {
	user, err := signedIn(r.Context())
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if _, err := u.disc.Endorse(r.Context(), user, id); err != nil {
		return err
	}
	redirect(w, r, "/threads/"+id+"#endorsements")
	return nil
}
