package api

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/httpx"
)

// editSpace changes a local space's title or description: its moderators
// and the node's admins and moderators. Its name and visibility stay.
func (a *API) editSpace(w http.ResponseWriter, r *http.Request) error {
	u, err := caller(r)
	if err != nil {
		return err
	}
	var in struct {
		Title       *string `json:"title"`
		Description *string `json:"description"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	sp, err := a.disc.EditSpace(r.Context(), u, r.PathValue("name"), discussion.SpaceEdit{Title: in.Title, Description: in.Description})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, spaceView(a.urls, sp))
	return nil
}
