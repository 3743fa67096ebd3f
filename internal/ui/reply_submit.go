package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/discussion"
)

// replySubmit adds a reply to a thread, in answer to the thread or to
// one of its replies (in_reply_to), and shows it in place.
func (u *UI) replySubmit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	user, err := signedIn(ctx)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	body, parent := r.PostFormValue("body"), r.PostFormValue("in_reply_to")
	p, err := u.disc.Reply(ctx, user, id, discussion.NewPost{Body: body, InReplyTo: parent})
	if err != nil {
		fields, status, err := formProblem(err)
		if err != nil {
			return err
		}
		return u.renderThread(w, r, status, func(d *threadPage) {
			d.Errors, d.ReplyBody = fields, body
			d.ReplyTo = d.findReply(parent)
		})
	}
	redirect(w, r, "/threads/"+p.ThreadID+"#post-"+p.ID)
	return nil
}
