package ui

import "net/http"

// threadUnendorse takes the member's endorsement of a thread back.
func (u *UI) threadUnendorse(w http.ResponseWriter, r *http.Request) error {
	user, err := signedIn(r.Context())
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if _, err := u.disc.Unendorse(r.Context(), user, id); err != nil {
		return err
	}
	redirect(w, r, "/threads/"+id+"#endorsements")
	return nil
}
