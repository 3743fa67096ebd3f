package api

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/hub"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/moderation"
)

// Follows is what the API needs from federation for follows and
// resolution; nil until federation is wired in.
type Follows interface {
	Follow(r *http.Request, by *model.User, target string) (any, error)
	ListFollows(r *http.Request, by *model.User) (any, error)
	Unfollow(r *http.Request, by *model.User, followID string) error
	Resolve(r *http.Request, by *model.User, q string) (any, error)
}

// API holds the JSON handlers' dependencies.
type API struct {
	accounts   *accounts.Service
	disc       *discussion.Service
	follows    Follows
	hub        *hub.Service
	moderation *moderation.Service
	urls       model.URLs
}

// New builds the API.
func New(acc *accounts.Service, disc *discussion.Service, follows Follows, urls model.URLs) *API {
	return &API{accounts: acc, disc: disc, follows: follows, urls: urls}
}

// SetFollows installs federation's follow and resolve handling.
func (a *API) SetFollows(f Follows) { a.follows = f }

// Routes registers every /api/v1 call.
func (a *API) Routes(mux *http.ServeMux) {
	h := func(pattern string, fn httpx.JSONHandler) { mux.Handle(pattern, noStore(fn)) }
	h("GET /api/v1/me", a.me)
	h("GET /api/v1/spaces", a.listSpaces)
	h("PATCH /api/v1/spaces/{name}", a.editSpace)
	h("GET /api/v1/spaces/{name}/threads", a.listSpaceThreads)
	h("POST /api/v1/spaces/{name}/threads", a.createThread)
	h("GET /api/v1/threads/{id}", a.showThread)
	h("PATCH /api/v1/threads/{id}", a.editThread)
	h("DELETE /api/v1/threads/{id}", a.deleteThread)
	h("POST /api/v1/threads/{id}/posts", a.reply)
	h("POST /api/v1/threads/{id}/endorse", a.endorse)
	h("DELETE /api/v1/threads/{id}/endorse", a.unendorse)
	h("GET /api/v1/posts/{id}", a.showPost)
	h("PATCH /api/v1/posts/{id}", a.editPost)
	h("DELETE /api/v1/posts/{id}", a.deletePost)
	h("GET /api/v1/challenges", a.challenges)
	h("GET /api/v1/search", a.search)
	h("GET /api/v1/timeline", a.timeline)
	h("GET /api/v1/notifications", a.notifications)
	h("POST /api/v1/notifications/read", a.markRead)
	h("POST /api/v1/follows", a.follow)
	h("GET /api/v1/follows", a.listFollows)
	h("DELETE /api/v1/follows/{id}", a.unfollow)
	h("GET /api/v1/resolve", a.resolve)
	a.reportRoutes(h)
	a.hubRoutes(mux)
	h("/api/", func(w http.ResponseWriter, r *http.Request) error { return model.ErrNotFound })
}

func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "private, no-store")
		next.ServeHTTP(w, r)
	})
}

// caller returns the signed-in user, or ErrUnauthorized.
func caller(r *http.Request) (*model.User, error) {
	if u := httpx.User(r.Context()); u != nil {
		return u, nil
	}
	return nil, model.ErrUnauthorized
}

func (a *API) me(w http.ResponseWriter, r *http.Request) error {
	u, err := caller(r)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"id": u.ID, "username": u.Username, "role": u.Role,
		"actor": actorView(u.Actor)})
	return nil
}

func (a *API) notifications(w http.ResponseWriter, r *http.Request) error {
	u, err := caller(r)
	if err != nil {
		return err
	}
	list, err := a.disc.Notifications(r.Context(), u)
	if err != nil {
		return err
	}
	type item struct {
		ID        string     `json:"id"`
		Kind      string     `json:"kind"`
		Actor     *actorJSON `json:"actor"`
		ThreadID  string     `json:"thread_id"`
		Title     string     `json:"thread_title"`
		PostID    *string    `json:"post_id"`
		Read      bool       `json:"read"`
		CreatedAt any        `json:"created_at"`
	}
	out := make([]item, 0, len(list))
	unread := 0
	for _, n := range list {
		it := item{ID: n.ID, Kind: string(n.Kind), Actor: actorView(n.Actor), ThreadID: n.ThreadID, PostID: n.PostID,
			Read: n.ReadAt != nil, CreatedAt: n.CreatedAt}
		if n.Thread != nil && !n.Thread.Deleted() {
			it.Title = n.Thread.Title
		}
		if n.ReadAt == nil {
			unread++
		}
		out = append(out, it)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": out, "unread": unread})
	return nil
}

func (a *API) markRead(w http.ResponseWriter, r *http.Request) error {
	u, err := caller(r)
	if err != nil {
		return err
	}
	if err := a.disc.MarkNotificationsRead(r.Context(), u); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) follow(w http.ResponseWriter, r *http.Request) error {
	u, err := caller(r)
	if err != nil {
		return err
	}
	var in struct {
		Target string `json:"target"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Target == "" {
		return model.Invalid("target", "is required: a handle (name@host) or a URL")
	}
	if a.follows == nil {
		return notYet()
	}
	out, err := a.follows.Follow(r, u, in.Target)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusAccepted, out)
	return nil
}

func (a *API) listFollows(w http.ResponseWriter, r *http.Request) error {
	u, err := caller(r)
	if err != nil {
		return err
	}
	if a.follows == nil {
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": []any{}})
		return nil
	}
	out, err := a.follows.ListFollows(r, u)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) unfollow(w http.ResponseWriter, r *http.Request) error {
	u, err := caller(r)
	if err != nil {
		return err
	}
	if a.follows == nil {
		return notYet()
	}
	if err := a.follows.Unfollow(r, u, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) resolve(w http.ResponseWriter, r *http.Request) error {
	u, err := caller(r)
	if err != nil {
		return err
	}
	q := r.URL.Query().Get("q")
	if q == "" {
		return model.Invalid("q", "is required: a handle (name@host) or a URL")
	}
	if a.follows == nil {
		return notYet()
	}
	out, err := a.follows.Resolve(r, u, q)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func notYet() error {
	return &model.SafeError{Public: "Federation is not available on this node.", Status: http.StatusNotImplemented}
}
