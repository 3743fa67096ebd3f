package federation

import (
	"net/http"

	"github.com/riverqueue/river"

	"github.com/protectors-portal/portal/federation/apjson"

	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
)

// AddWorkers registers federation's jobs.
func (s *Service) AddWorkers(w *river.Workers) error {
	if err := river.AddWorkerSafely(w, &deliverWorker{s: s}); err != nil {
		return err
	}
	if err := river.AddWorkerSafely(w, &backfillSpaceWorker{s: s}); err != nil {
		return err
	}
	if err := river.AddWorkerSafely(w, &hubDiscoverWorker{s: s}); err != nil {
		return err
	}
	return river.AddWorkerSafely(w, &backfillThreadWorker{s: s})
}

// Routes registers the endpoints that only speak ActivityPub or discovery:
// WebFinger, NodeInfo, host-meta, inboxes, outboxes and collections.
func (s *Service) Routes(mux *http.ServeMux) {
	h := func(pattern string, fn httpx.JSONHandler) { mux.Handle(pattern, fn) }
	h("GET /.well-known/webfinger", s.webfingerHandler)
	h("GET /.well-known/nodeinfo", s.nodeinfoLinks)
	h("GET /nodeinfo/2.1", s.nodeinfo)
	h("GET /.well-known/host-meta", s.hostMeta)

	for _, p := range []string{"/inbox", "/actor/inbox", "/members/{username}/inbox", "/spaces/{name}/inbox"} {
		h("POST "+p, s.inbox)
	}
	h("GET /actor/outbox", s.emptyOutbox)
	h("GET /actor/followers", s.followersOf)
	h("GET /actor/following", s.followingOf)
	h("GET /actor/spaces", s.instanceSpaces)
	h("GET /members/{username}/outbox", s.memberOutbox)
	h("GET /members/{username}/followers", s.followersOf)
	h("GET /members/{username}/following", s.followingOf)
	h("GET /spaces/{name}/outbox", s.spaceOutbox)
	h("GET /spaces/{name}/followers", s.followersOf)
	h("GET /spaces/{name}/following", s.followingOf)
	h("GET /spaces/{name}/moderators", s.moderators)
	h("GET /threads/{id}/context", s.threadContext)
	h("GET /threads/{id}/replies", s.replies)
	h("GET /posts/{id}/replies", s.replies)
	h("GET /activities/{id}", s.activityDoc)
}

// Negotiate sends GETs that ask for ActivityPub JSON on the pages that are
// also ActivityPub ids (the instance actor, members, spaces, threads,
// posts) to federation, and everything else to next (the HTML pages).
func (s *Service) Negotiate(next http.Handler) http.Handler {
	ap := http.NewServeMux()
	ap.Handle("GET /actor", httpx.JSONHandler(s.instanceDoc))
	ap.Handle("GET /members/{username}", httpx.JSONHandler(s.memberDoc))
	ap.Handle("GET /spaces/{name}", httpx.JSONHandler(s.spaceDoc))
	ap.Handle("GET /threads/{id}", httpx.JSONHandler(s.threadDoc))
	ap.Handle("GET /posts/{id}", httpx.JSONHandler(s.postDoc))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method == http.MethodGet || r.Method == http.MethodHead) && httpx.WantsActivityJSON(r) {
			if _, pattern := ap.Handler(r); pattern != "" {
				ap.ServeHTTP(w, r)
				return
			}
		}
		if r.Method == http.MethodGet && r.URL.Path == "/actor" {
			http.Redirect(w, r, "/organisation", http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Service) emptyOutbox(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorizeFetch(r, model.VisibilityPublic); err != nil {
		return err
	}
	return writeDoc(w, &apjson.Collection{ID: s.urls.Instance() + "/outbox", Type: "OrderedCollection", TotalItems: intp(0)}, true)
}
