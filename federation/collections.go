package federation

import (
	"net/http"
	"strings"

	"github.com/protectors-portal/portal/federation/apjson"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

func intp(n int) *int { return &n }

// threadContext serves a local thread's context collection (FEP-7888,
// FEP-f228): the first post and every reply, in order, embedded so that a
// backfilling server needs one request.
func (s *Service) threadContext(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	t, err := s.db.GetThread(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.authorizeFetch(r, t.Visibility); err != nil {
		return err
	}
	if !t.Local {
		return model.ErrNotFound
	}
	posts, err := s.db.ListPostsByThread(ctx, t.ID)
	if err != nil {
		return err
	}
	items := make([]any, 0, len(posts)+1)
	items = append(items, s.pageDoc(t, t.Space.Actor, t.Author))
	byID := make(map[string]*model.Post, len(posts))
	for _, p := range posts {
		byID[p.ID] = p
	}
	for _, p := range posts {
		parentURI, parentAuthor := t.URI, t.Author.URI
		if p.InReplyToID != nil {
			if parent := byID[*p.InReplyToID]; parent != nil {
				parentURI, parentAuthor = parent.URI, parent.Author.URI
			}
		}
		items = append(items, s.noteDoc(p, t, t.Space.Actor, p.Author, parentURI, parentAuthor))
	}
	c := &apjson.Collection{ID: t.URI + "/context", Type: "OrderedCollection", TotalItems: intp(len(items)),
		Items: items, AttributedTo: t.Author.URI, Audience: t.Space.Actor.URI}
	return writeDoc(w, c, t.Visibility == model.VisibilityPublic)
}

// replies serves the ids of the direct replies to a thread's first post or
// to a post.
func (s *Service) replies(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var t *model.Thread
	var parentID *string
	var id string
	if strings.HasPrefix(r.URL.Path, "/threads/") {
		th, err := s.db.GetThread(ctx, r.PathValue("id"))
		if err != nil {
			return err
		}
		t, id = th, th.URI+"/replies"
	} else {
		p, err := s.db.GetPost(ctx, r.PathValue("id"))
		if err != nil {
			return err
		}
		th, err := s.db.GetThread(ctx, p.ThreadID)
		if err != nil {
			return err
		}
		t, parentID, id = th, &p.ID, p.URI+"/replies"
	}
	if err := s.authorizeFetch(r, t.Visibility); err != nil {
		return err
	}
	posts, err := s.db.ListPostsByThread(ctx, t.ID)
	if err != nil {
		return err
	}
	var items []any
	for _, p := range posts {
		if (parentID == nil && p.InReplyToID == nil) || (parentID != nil && p.InReplyToID != nil && *p.InReplyToID == *parentID) {
			items = append(items, p.URI)
		}
	}
	page := &apjson.Collection{ID: id + "?page=1", Type: "OrderedCollectionPage", PartOf: id, Items: items}
	if r.URL.Query().Get("page") != "" {
		return writeDoc(w, page, t.Visibility == model.VisibilityPublic)
	}
	c := &apjson.Collection{ID: id, Type: "OrderedCollection", TotalItems: intp(len(items)), First: id + "?page=1"}
	return writeDoc(w, c, t.Visibility == model.VisibilityPublic)
}

// spaceOutbox lists a local space's latest threads as the Announces of
// their Creates, the shape Lemmy's communities use and our backfill reads.
func (s *Service) spaceOutbox(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sp, err := s.localSpace(r)
	if err != nil {
		return err
	}
	includeAlliance := sp.Visibility == model.VisibilityAlliance || s.allianceRequest(r)
	threads, _, err := s.db.ListThreads(ctx, store.ThreadFilter{SpaceIDs: []string{sp.ID}, IncludeAlliance: includeAlliance,
		Sort: store.SortRecent, Limit: 50})
	if err != nil {
		return err
	}
	items := make([]any, 0, len(threads))
	for _, t := range threads {
		page := s.pageDoc(t, sp.Actor, t.Author)
		create := &apjson.Activity{ID: t.URI + "#create", Type: "Create", Actor: t.Author.URI, Object: page,
			To: page.To, Cc: page.Cc, Audience: sp.Actor.URI, Published: t.CreatedAt}
		items = append(items, &apjson.Activity{ID: t.URI + "#announce", Type: "Announce", Actor: sp.Actor.URI,
			Object: create, To: page.To, Cc: []string{sp.Actor.Followers}, Audience: sp.Actor.URI, Published: t.CreatedAt})
	}
	c := &apjson.Collection{ID: sp.Actor.Outbox, Type: "OrderedCollection", TotalItems: intp(sp.ThreadCount), Items: items}
	return writeDoc(w, c, sp.Visibility == model.VisibilityPublic && !includeAlliance)
}

// memberOutbox lists a member's latest public activities.
func (s *Service) memberOutbox(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := s.authorizeFetch(r, model.VisibilityPublic); err != nil {
		return err
	}
	u, err := s.db.GetUserByUsername(ctx, strings.ToLower(r.PathValue("username")))
	if err != nil || u.SuspendedAt != nil {
		return model.ErrNotFound
	}
	types := []string{"Create"}
	n, err := s.db.CountActivities(ctx, u.ActorID, types, true)
	if err != nil {
		return err
	}
	list, err := s.db.ListActivities(ctx, u.ActorID, types, true, 20)
	if err != nil {
		return err
	}
	items := make([]any, len(list))
	for i, a := range list {
		items[i] = a.URI
	}
	return writeDoc(w, &apjson.Collection{ID: u.Actor.Outbox, Type: "OrderedCollection", TotalItems: intp(n), Items: items}, true)
}

// followers and following show counts only: who follows whom is not
// published.
func (s *Service) followersOf(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, vis, err := s.localActorFromPath(r)
	if err != nil {
		return err
	}
	if err := s.authorizeFetch(r, vis); err != nil {
		return err
	}
	n, err := s.db.CountFollowers(ctx, a.ID)
	if err != nil {
		return err
	}
	return writeDoc(w, &apjson.Collection{ID: a.Followers, Type: "OrderedCollection", TotalItems: intp(n)}, vis == model.VisibilityPublic)
}

func (s *Service) followingOf(w http.ResponseWriter, r *http.Request) error {
	a, vis, err := s.localActorFromPath(r)
	if err != nil {
		return err
	}
	if err := s.authorizeFetch(r, vis); err != nil {
		return err
	}
	return writeDoc(w, &apjson.Collection{ID: a.Following, Type: "OrderedCollection", TotalItems: intp(0)}, vis == model.VisibilityPublic)
}

func (s *Service) localActorFromPath(r *http.Request) (*model.Actor, model.Visibility, error) {
	ctx := r.Context()
	switch {
	case r.PathValue("username") != "":
		u, err := s.db.GetUserByUsername(ctx, strings.ToLower(r.PathValue("username")))
		if err != nil {
			return nil, "", err
		}
		return u.Actor, model.VisibilityPublic, nil
	case r.PathValue("name") != "":
		sp, err := s.db.GetSpaceByName(ctx, strings.ToLower(r.PathValue("name")), s.urls.Domain())
		if err != nil {
			return nil, "", err
		}
		return sp.Actor, sp.Visibility, nil
	}
	a, err := s.InstanceActor(ctx)
	return a, model.VisibilityPublic, err
}

// moderators lists a local space's moderators (FEP-1b12's attributedTo).
func (s *Service) moderators(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.localSpace(r)
	if err != nil {
		return err
	}
	mods, err := s.db.SpaceModerators(r.Context(), sp.ID)
	if err != nil {
		return err
	}
	items := make([]any, len(mods))
	for i, m := range mods {
		items[i] = m.URI
	}
	return writeDoc(w, &apjson.Collection{ID: sp.Actor.URI + "/moderators", Type: "OrderedCollection",
		TotalItems: intp(len(items)), Items: items}, sp.Visibility == model.VisibilityPublic)
}

// instanceSpaces lists the node's spaces, linked from the instance actor
// as portal:spaces: how a hub discovers what to follow. Alliance-only
// spaces are listed only to alliance nodes.
func (s *Service) instanceSpaces(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorizeFetch(r, model.VisibilityPublic); err != nil {
		return err
	}
	all := s.allianceRequest(r)
	spaces, err := s.db.ListSpaces(r.Context(), store.SpaceFilter{LocalOnly: true, IncludeAlliance: all})
	if err != nil {
		return err
	}
	items := make([]any, len(spaces))
	for i, sp := range spaces {
		items[i] = sp.Actor.URI
	}
	return writeDoc(w, &apjson.Collection{ID: s.urls.Instance() + "/spaces", Type: "OrderedCollection",
		TotalItems: intp(len(items)), Items: items}, !all)
}

// activityDoc serves an activity this node sent, by its id.
func (s *Service) activityDoc(w http.ResponseWriter, r *http.Request) error {
	a, err := s.db.GetActivity(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if a.Type == "Flag" {
		// A report is for the server it was sent to, not for anyone who
		// guesses its id.
		return model.ErrNotFound
	}
	if err := s.authorizeFetch(r, a.Visibility); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", ContentType)
	h.Set("Vary", "Accept, Signature")
	_, err = w.Write([]byte(a.Payload))
	return err
}
