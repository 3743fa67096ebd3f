package ui

import (
	"html/template"
	"net/http"
	"time"

	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
)

// memberPage is a member's profile.
type memberPage struct {
	Name     string
	Username string
	Handle   string
	Role     string
	Bio      template.HTML
	Since    time.Time
	Threads  []*model.Thread
	Replies  []memberReply
}

// memberReply is one of a member's latest replies.
type memberReply struct {
	ID       string
	ThreadID string
	Excerpt  string
	At       time.Time
	Alliance bool
}

// memberShow shows a member: their name, bio, role, and their latest
// threads and replies that the viewer may see.
func (u *UI) memberShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	prof, err := u.disc.Member(ctx, httpx.User(ctx), r.PathValue("username"))
	if err != nil {
		return err
	}
	a, user := prof.Actor, prof.User
	if a == nil || user.SuspendedAt != nil {
		return model.ErrNotFound
	}
	d := &memberPage{Name: a.Name(), Username: user.Username, Handle: "@" + a.Handle(), Role: string(user.Role),
		Since: user.CreatedAt, Threads: prof.Threads}
	// The bio is sanitised here, whatever wrote it.
	switch {
	case user.BioSource != "":
		d.Bio = template.HTML(u.disc.Markdown(user.BioSource))
	case a.Summary != "":
		d.Bio = template.HTML(u.disc.Sanitize(a.Summary))
	}
	for _, p := range prof.Posts {
		d.Replies = append(d.Replies, memberReply{ID: p.ID, ThreadID: p.ThreadID, Excerpt: shorten(p.BodyText, 200),
			At: p.CreatedAt, Alliance: p.Visibility != model.VisibilityPublic})
	}
	p := u.page(r, d.Name, d)
	p.ActivityURL = a.URI
	u.render(w, r, http.StatusOK, "member", p)
	return nil
}
