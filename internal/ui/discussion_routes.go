package ui

import "net/http"

// discussionRoutes registers the discussion pages.
func (u *UI) discussionRoutes(mux *http.ServeMux) {}
