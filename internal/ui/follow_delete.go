package ui

import "net/http"

// followDelete stops a follow (or withdraws a request); a server
// elsewhere is told with an Undo.
func (u *UI) followDelete(w http.ResponseWriter, r *http.Request) error {
	fed, err := u.federationOn()
	if err != nil {
		return err
	}
	user, err := signedIn(r.Context())
	if err != nil {
		return err
	}
	if err := fed.svc.Unfollow(r, user, r.PathValue("id")); err != nil {
		return err
	}
	redirect(w, r, withFlash(safeNext(nextOr(r.PostFormValue("next"), "/follows")), "flash.unfollowed"))
	return nil
}
