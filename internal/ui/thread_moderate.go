package ui

import (
	"net/http"
	"strconv"

	"github.com/protectors-portal/portal/internal/httpx"
)

// threadModerate locks or unlocks, pins or unpins a thread: moderators
// only. The form sends lock=true|false or pin=true|false.
func (u *UI) threadModerate(w http.ResponseWriter, r *http.Request) error {
	user, err := signedIn(r.Context())
	if err != nil {
		return err
	}
	var lock, pin *bool
	for name, dst := range map[string]**bool{"lock": &lock, "pin": &pin} {
		v := r.PostFormValue(name)
		if v == "" {
			continue
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			return httpx.BadRequest(u.tr("moderate.bad"))
		}
		*dst = &b
	}
	if lock == nil && pin == nil {
		return httpx.BadRequest(u.tr("moderate.bad"))
	}
	id := r.PathValue("id")
	if err := u.disc.Moderate(r.Context(), user, id, lock, pin); err != nil {
		return err
	}
	redirect(w, r, "/threads/"+id+"?flash=flash.moderated")
	return nil
}
