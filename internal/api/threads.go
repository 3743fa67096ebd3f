package api

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
)

func (a *API) showThread(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	viewer := httpx.User(ctx)
	view, err := a.disc.Thread(ctx, viewer, r.PathValue("id"))
	if err != nil {
		return err
	}
	v := threadView(a.urls, view.Thread)
	v.Posts = make([]*postJSON, len(view.Posts))
	for i, p := range view.Posts {
		v.Posts[i] = postView(a.urls, p)
	}
	for _, c := range view.History {
		v.History = append(v.History, statusJSON{From: string(c.From), To: string(c.To), By: actorView(c.Actor), CreatedAt: c.CreatedAt})
	}
	if viewer != nil {
		v.Endorsed = &view.Endorsed
	}
	httpx.WriteJSON(w, http.StatusOK, v)
	return nil
}

func (a *API) editThread(w http.ResponseWriter, r *http.Request) error {
	u, err := caller(r)
	if err != nil {
		return err
	}
	var in struct {
		Title  *string `json:"title"`
		Body   *string `json:"body"`
		Status *string `json:"status"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Title == nil && in.Body == nil && in.Status == nil {
		return httpx.BadRequest("Send at least one of title, body and status.")
	}
	edit := discussion.ThreadEdit{Title: in.Title, Body: in.Body}
	if in.Status != nil {
		st := model.ChallengeStatus(*in.Status)
		edit.Status = &st
	}
	t, err := a.disc.EditThread(r.Context(), u, r.PathValue("id"), edit)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, threadView(a.urls, t))
	return nil
}

func (a *API) deleteThread(w http.ResponseWriter, r *http.Request) error {
	u, err := caller(r)
	if err != nil {
		return err
	}
	if err := a.disc.DeleteThread(r.Context(), u, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) reply(w http.ResponseWriter, r *http.Request) error {
	u, err := caller(r)
	if err != nil {
		return err
	}
	var in struct {
		Body      string `json:"body"`
		InReplyTo string `json:"in_reply_to"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := a.disc.Reply(r.Context(), u, r.PathValue("id"), discussion.NewPost{Body: in.Body, InReplyTo: in.InReplyTo})
	if err != nil {
		return err
	}
	w.Header().Set("Location", a.urls.Post(p.ID))
	httpx.WriteJSON(w, http.StatusCreated, postView(a.urls, p))
	return nil
}

func (a *API) endorse(w http.ResponseWriter, r *http.Request) error {
	return a.setEndorsement(w, r, true)
}

func (a *API) unendorse(w http.ResponseWriter, r *http.Request) error {
	return a.setEndorsement(w, r, false)
}

func (a *API) setEndorsement(w http.ResponseWriter, r *http.Request, on bool) error {
	u, err := caller(r)
	if err != nil {
		return err
	}
	var n int
	if on {
		n, err = a.disc.Endorse(r.Context(), u, r.PathValue("id"))
	} else {
		n, err = a.disc.Unendorse(r.Context(), u, r.PathValue("id"))
	}
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"endorsements": n, "endorsed": on})
	return nil
}

func (a *API) showPost(w http.ResponseWriter, r *http.Request) error {
	pv, err := a.disc.Post(r.Context(), httpx.User(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, postView(a.urls, pv.Post))
	return nil
}

func (a *API) editPost(w http.ResponseWriter, r *http.Request) error {
	u, err := caller(r)
	if err != nil {
		return err
	}
	var in struct {
		Body string `json:"body"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := a.disc.EditPost(r.Context(), u, r.PathValue("id"), in.Body)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, postView(a.urls, p))
	return nil
}

func (a *API) deletePost(w http.ResponseWriter, r *http.Request) error {
	u, err := caller(r)
	if err != nil {
		return err
	}
	if err := a.disc.DeletePost(r.Context(), u, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) challenges(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	list, next, err := a.disc.Challenges(r.Context(), httpx.User(r.Context()), discussion.ChallengeQuery{
		Category: q.Get("category"), Status: model.ChallengeStatus(q.Get("status")), Sort: q.Get("sort"), Cursor: q.Get("cursor")})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, threadPage(a.urls, list, next))
	return nil
}

func (a *API) timeline(w http.ResponseWriter, r *http.Request) error {
	u, err := caller(r)
	if err != nil {
		return err
	}
	list, next, err := a.disc.Timeline(r.Context(), u, r.URL.Query().Get("cursor"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, threadPage(a.urls, list, next))
	return nil
}

func (a *API) search(w http.ResponseWriter, r *http.Request) error {
	hits, err := a.disc.Search(r.Context(), httpx.User(r.Context()), r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	type hit struct {
		Type   string      `json:"type"`
		Thread *threadJSON `json:"thread"`
		Post   *postJSON   `json:"post,omitempty"`
	}
	items := make([]hit, 0, len(hits))
	for _, h := range hits {
		it := hit{Type: "thread", Thread: threadView(a.urls, h.Thread)}
		if h.Post != nil {
			it.Type, it.Post = "post", postView(a.urls, h.Post)
		}
		items = append(items, it)
	}
	httpx.WriteJSON(w, http.StatusOK, page[hit]{Items: items})
	return nil
}
