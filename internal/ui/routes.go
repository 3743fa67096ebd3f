package ui

import (
	"io/fs"
	"net/http"

	"github.com/protectors-portal/portal/web"
)

// Routes registers the pages on mux. Pages that are also ActivityPub ids
// (spaces, threads, posts, members, the instance actor) are registered by
// the node, which negotiates between these handlers and federation's.
func (u *UI) Routes(mux *http.ServeMux) {
	static, _ := fs.Sub(web.Static, "static")
	files := http.FileServerFS(static)
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})))
	mux.Handle("GET /{$}", u.h(u.home))
	mux.Handle("GET /signin", u.h(u.signinForm))
	mux.Handle("POST /signin", u.h(u.signinSubmit))
	mux.Handle("POST /signout", u.h(u.signout))
	mux.Handle("GET /setup", u.h(u.setupForm))
	mux.Handle("POST /setup", u.h(u.setupSubmit))
	mux.Handle("GET /settings", u.h(u.settings))
	mux.Handle("POST /settings/password", u.h(u.passwordSubmit))
	mux.Handle("POST /settings/profile", u.h(u.profileSubmit))
	mux.Handle("POST /admin/members/{username}/role", u.h(u.adminMemberRole))
	mux.Handle("POST /admin/members/{username}/suspend", u.h(u.adminMemberSuspend(true)))
	mux.Handle("POST /admin/members/{username}/unsuspend", u.h(u.adminMemberSuspend(false)))
	mux.Handle("POST /settings/tokens", u.h(u.tokenCreate))
	mux.Handle("POST /settings/tokens/{id}/revoke", u.h(u.tokenRevoke))
	mux.Handle("GET /admin", u.h(u.adminHome))
	mux.Handle("POST /admin/profile", u.h(u.adminProfile))
	mux.Handle("GET /admin/invites", u.h(u.adminInvites))
	mux.Handle("POST /admin/invites", u.h(u.adminInviteCreate))
	mux.Handle("POST /admin/invites/{id}/revoke", u.h(u.adminInviteRevoke))
	mux.Handle("GET /invite", u.h(u.inviteShow))
	mux.Handle("POST /invite", u.h(u.inviteAccept))
	u.discussionRoutes(mux)
}
