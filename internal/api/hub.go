package api

import (
	"net/http"
	"time"

	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/hub"
	"github.com/protectors-portal/portal/internal/model"
)

// SetHub installs the hub's views (hub nodes only answer them).
func (a *API) SetHub(h *hub.Service) { a.hub = h }

func (a *API) hubRoutes(mux *http.ServeMux) {
	h := func(pattern string, fn httpx.JSONHandler) { mux.Handle(pattern, noStore(fn)) }
	h("GET /api/v1/hub/threads", a.hubThreads)
	h("GET /api/v1/hub/challenges", a.hubChallenges)
	h("GET /api/v1/hub/members", a.hubMembers)
	h("GET /api/v1/hub/stats", a.hubStats)
}

func (a *API) hubService() (*hub.Service, error) {
	if a.hub == nil || !a.hub.Enabled() {
		return nil, &model.SafeError{Err: model.ErrNotFound, Public: "This node is not an alliance hub.", Status: 404}
	}
	return a.hub, nil
}

func (a *API) hubThreads(w http.ResponseWriter, r *http.Request) error {
	h, err := a.hubService()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	list, next, err := h.Threads(r.Context(), httpx.User(r.Context()), hub.ThreadQuery{Member: q.Get("member"),
		Space: q.Get("space"), Kind: model.ThreadKind(q.Get("kind")), Q: q.Get("q"), Cursor: q.Get("cursor")})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, threadPage(a.urls, list, next))
	return nil
}

func (a *API) hubChallenges(w http.ResponseWriter, r *http.Request) error {
	h, err := a.hubService()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	list, next, err := h.Challenges(r.Context(), httpx.User(r.Context()), hub.ChallengeQuery{Category: q.Get("category"),
		Status: model.ChallengeStatus(q.Get("status")), Sector: q.Get("sector"), Country: q.Get("country"),
		Sort: q.Get("sort"), Cursor: q.Get("cursor")})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, threadPage(a.urls, list, next))
	return nil
}

type hubMemberJSON struct {
	Domain        string       `json:"domain"`
	Name          string       `json:"name"`
	Sector        string       `json:"sector"`
	Country       string       `json:"country"`
	Website       string       `json:"website"`
	Description   string       `json:"description"`
	Current       bool         `json:"current"`
	Spaces        []*spaceJSON `json:"spaces"`
	Threads       int          `json:"threads"`
	Challenges    int          `json:"challenges"`
	Replies       int          `json:"replies"`
	LastContactAt *time.Time   `json:"last_contact_at"`
	LastError     string       `json:"last_error,omitempty"`
}

func (a *API) hubMembers(w http.ResponseWriter, r *http.Request) error {
	h, err := a.hubService()
	if err != nil {
		return err
	}
	list, err := h.Members(r.Context(), httpx.User(r.Context()))
	if err != nil {
		return err
	}
	items := make([]hubMemberJSON, 0, len(list))
	for _, m := range list {
		v := hubMemberJSON{Domain: m.Domain, Name: m.Name, Sector: m.Sector, Country: m.Country, Website: m.Website,
			Description: m.Description, Current: m.Current, Threads: m.Threads, Challenges: m.Challenges, Replies: m.Replies,
			LastContactAt: m.LastContactAt, LastError: m.LastError, Spaces: []*spaceJSON{}}
		for _, sp := range m.Spaces {
			v.Spaces = append(v.Spaces, spaceView(a.urls, sp))
		}
		items = append(items, v)
	}
	httpx.WriteJSON(w, http.StatusOK, page[hubMemberJSON]{Items: items})
	return nil
}

func (a *API) hubStats(w http.ResponseWriter, r *http.Request) error {
	h, err := a.hubService()
	if err != nil {
		return err
	}
	st, err := h.Stats(r.Context(), httpx.User(r.Context()), model.Now())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, st)
	return nil
}
