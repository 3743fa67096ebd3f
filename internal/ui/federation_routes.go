package ui

import "net/http"

// federationRoutes registers a member's follows and the admin's
// federation page.
func (u *UI) federationRoutes(mux *http.ServeMux) {
	mux.Handle("GET /follows", u.h(u.followsList))
	mux.Handle("POST /follows", u.h(u.followSubmit))
	mux.Handle("POST /follows/{id}/delete", u.h(u.followDelete))

	mux.Handle("GET /admin/federation", u.h(u.adminFederation))
	mux.Handle("POST /admin/federation/policies", u.h(u.adminPolicySet))
	mux.Handle("POST /admin/federation/policies/{domain}/delete", u.h(u.adminPolicyRemove))
}
