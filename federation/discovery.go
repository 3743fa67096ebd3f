package federation

import (
	"errors"
	"net/http"
	"strings"

	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
)

// webfingerHandler answers acct:name@domain for spaces, members and the
// instance actor (acct:domain@domain), and the actor URLs themselves.
func (s *Service) webfingerHandler(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	res := r.URL.Query().Get("resource")
	if res == "" {
		return httpx.BadRequest("Give a resource, e.g. acct:name@" + s.urls.Domain() + ".")
	}
	var a *model.Actor
	var err error
	domain := strings.ToLower(s.urls.Domain())
	switch {
	case strings.HasPrefix(res, "acct:"):
		name, host, ok := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(res, "acct:"), "@"), "@")
		if !ok || strings.ToLower(host) != domain {
			return model.ErrNotFound
		}
		a, err = s.localActorByName(r, strings.ToLower(name))
	case strings.HasPrefix(res, s.urls.Base+"/"):
		a, err = s.db.GetActorByURI(ctx, res)
		if err == nil && !a.Local {
			err = model.ErrNotFound
		}
	default:
		return model.ErrNotFound
	}
	if err != nil {
		return err
	}
	if a.Kind == model.ActorGroup {
		sp, err := s.db.GetSpaceByActorID(ctx, a.ID)
		if err != nil {
			return err
		}
		if sp.Visibility == model.VisibilityAlliance && !s.allianceRequest(r) {
			return model.ErrNotFound
		}
	}
	doc := map[string]any{
		"subject": "acct:" + a.Username + "@" + domain,
		"aliases": []string{a.URI},
		"links": []map[string]string{
			{"rel": "self", "type": "application/activity+json", "href": a.URI},
			{"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": a.URL},
		},
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cache-Control", "public, max-age=600")
	w.Header().Set("Content-Type", "application/jrd+json; charset=utf-8")
	httpx.WriteJSONBody(w, http.StatusOK, doc)
	return nil
}

// localActorByName finds a local space, member or the instance actor by
// the name in its handle. A space wins over a member of the same name.
func (s *Service) localActorByName(r *http.Request, name string) (*model.Actor, error) {
	ctx := r.Context()
	if name == strings.ToLower(s.urls.Domain()) || name == "actor" {
		return s.InstanceActor(ctx)
	}
	if sp, err := s.db.GetSpaceByName(ctx, name, s.urls.Domain()); err == nil {
		return sp.Actor, nil
	} else if !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	u, err := s.db.GetUserByUsername(ctx, name)
	if err != nil {
		return nil, err
	}
	if u.SuspendedAt != nil {
		return nil, model.ErrNotFound
	}
	return u.Actor, nil
}

func (s *Service) nodeinfoLinks(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	httpx.WriteJSONBody(w, http.StatusOK, map[string]any{"links": []map[string]string{
		{"rel": "http://nodeinfo.diaspora.software/ns/schema/2.1", "href": s.urls.Base + "/nodeinfo/2.1"},
	}})
	return nil
}

// nodeinfo is NodeInfo 2.1 with the organisation in its metadata. Counts
// are of public content only.
func (s *Service) nodeinfo(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	in, err := s.db.GetInstance(ctx)
	if err != nil {
		return err
	}
	users, err := s.db.CountUsers(ctx)
	if err != nil {
		return err
	}
	posts, err := s.db.CountPublicLocalPosts(ctx)
	if err != nil {
		return err
	}
	doc := map[string]any{
		"version":           "2.1",
		"software":          map[string]string{"name": "portal", "version": Version, "homepage": "https://protectorsportal.org/"},
		"protocols":         []string{"activitypub"},
		"services":          map[string][]string{"inbound": {}, "outbound": {"atom1.0"}},
		"openRegistrations": false,
		"usage":             map[string]any{"users": map[string]int{"total": users}, "localPosts": posts},
		"metadata": map[string]any{
			"nodeName":        in.Name,
			"nodeDescription": in.Description,
			"organisation": map[string]string{"name": in.Name, "sector": in.Sector, "country": in.Country,
				"website": in.Website},
			"federationMode": s.cfg.FederationMode,
			"hub":            s.cfg.HubEnabled,
		},
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Content-Type", `application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.1#"`)
	httpx.WriteJSONBody(w, http.StatusOK, doc)
	return nil
}

func (s *Service) hostMeta(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/xrd+xml; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	tmpl := s.urls.Base + "/.well-known/webfinger?resource={uri}"
	_, err := w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0"><Link rel="lrdd" template="` + xmlEscape(tmpl) + `"/></XRD>` + "\n"))
	return err
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
