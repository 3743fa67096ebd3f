package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
)

// postPage shows one reply in its context.
type postPage struct {
	Post       *replyView
	Thread     *model.Thread
	SpacePath  string
	ThreadLink string // the reply's place in the thread
	Parent     *replyView
}

// postShow is a reply's own page: the reply, what it answers and a link
// to its place in the thread.
func (u *UI) postShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	viewer := httpx.User(ctx)
	pv, err := u.disc.Post(ctx, viewer, r.PathValue("id"))
	if err != nil {
		return err
	}
	if pv.Post.Visibility != model.VisibilityPublic && viewer == nil {
		return model.ErrNotFound
	}
	d := &postPage{Post: newReplyView(pv.Post, viewer, false), Thread: pv.Thread, SpacePath: spacePath(pv.Thread.Space),
		ThreadLink: "/threads/" + pv.Thread.ID + "#post-" + pv.Post.ID}
	if id := pv.Post.InReplyToID; id != nil {
		if parent, err := u.disc.Post(ctx, viewer, *id); err == nil && parent.Post.ThreadID == pv.Thread.ID {
			d.Parent = newReplyView(parent.Post, viewer, false)
			d.Post.ParentName = d.Parent.Author.Name
			d.Post.ParentGone = d.Parent.Deleted || d.Parent.Hidden
		} else {
			d.Post.ParentMissing = true
		}
	}
	u.dress([]*replyView{d.Post})
	if d.Parent != nil {
		u.dress([]*replyView{d.Parent})
	}
	title := u.tr("post.title", pv.Thread.Title)
	if d.Post.Known() {
		title = u.tr("post.title_by", d.Post.Author.Name, pv.Thread.Title)
	}
	p := u.page(r, title, d)
	if pv.Post.Local {
		p.ActivityURL = pv.Post.URI
	}
	u.render(w, r, http.StatusOK, "post", p)
	return nil
}
