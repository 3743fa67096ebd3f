package ui

import "net/http"

// postDelete leaves a tombstone in place of a reply (its author or a
// moderator), so that the replies to it keep their place.
func (u *UI) postDelete(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	user, err := signedIn(ctx)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	pv, err := u.disc.Post(ctx, user, id)
	if err != nil {
		return err
	}
	if err := u.disc.DeletePost(ctx, user, id); err != nil {
		return err
	}
	redirect(w, r, "/threads/"+pv.Thread.ID+"?flash=flash.reply_deleted#post-"+id)
	return nil
}
