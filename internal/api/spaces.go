package api

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
)

func (a *API) listSpaces(w http.ResponseWriter, r *http.Request) error {
	list, err := a.disc.Spaces(r.Context(), httpx.User(r.Context()))
	if err != nil {
		return err
	}
	items := make([]*spaceJSON, len(list))
	for i, sp := range list {
		items[i] = spaceView(a.urls, sp)
	}
	httpx.WriteJSON(w, http.StatusOK, page[*spaceJSON]{Items: items})
	return nil
}

func (a *API) listSpaceThreads(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	viewer := httpx.User(ctx)
	sp, err := a.disc.Space(ctx, viewer, r.PathValue("name"))
	if err != nil {
		return err
	}
	q := r.URL.Query()
	list, next, err := a.disc.SpaceThreads(ctx, viewer, sp, discussion.ThreadQuery{Kind: model.ThreadKind(q.Get("kind")), Cursor: q.Get("cursor")})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, threadPage(a.urls, list, next))
	return nil
}

func (a *API) createThread(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, err := caller(r)
	if err != nil {
		return err
	}
	var in struct {
		Title      string `json:"title"`
		Body       string `json:"body"`
		Kind       string `json:"kind"`
		Category   string `json:"category"`
		Visibility string `json:"visibility"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	sp, err := a.disc.Space(ctx, u, r.PathValue("name"))
	if err != nil {
		return err
	}
	t, err := a.disc.CreateThread(ctx, u, sp, discussion.NewThread{Title: in.Title, Body: in.Body,
		Kind: model.ThreadKind(in.Kind), Category: in.Category, Visibility: model.Visibility(in.Visibility)})
	if err != nil {
		return err
	}
	w.Header().Set("Location", a.urls.Thread(t.ID))
	httpx.WriteJSON(w, http.StatusCreated, threadView(a.urls, t))
	return nil
}
