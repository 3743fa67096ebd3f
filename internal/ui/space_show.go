package ui

import (
	"net/http"
	"sort"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
)

// spacePage is what a space's page shows.
type spacePage struct {
	Space      *model.Space
	Path       string // /spaces/name or /spaces/name@host
	Moderators []authorView
	Threads    []*model.Thread
	Kind       string
	Pager      pageLinks
	CanPost    bool // the space takes new threads here (it is ours)
	CanEdit    bool // the viewer may change its title and description

	Follow *followButton // the Follow / Following control, for signed-in members
}

// spaceShow shows a space: its description and moderators, then its
// threads (pinned first, then newest activity first), a page at a time.
func (u *UI) spaceShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	viewer := httpx.User(ctx)
	sp, err := u.disc.Space(ctx, viewer, r.PathValue("name"))
	if err != nil {
		return err
	}
	q := r.URL.Query()
	kind := model.ThreadKind(q.Get("kind"))
	if kind != "" && !kind.Valid() {
		kind = ""
		q.Del("kind")
	}
	threads, next, err := u.disc.SpaceThreads(ctx, viewer, sp, discussion.ThreadQuery{Kind: kind, Cursor: q.Get("cursor"), Limit: 20})
	if err != nil {
		return err
	}
	// Pinned threads lead the page they are on.
	sort.SliceStable(threads, func(i, j int) bool { return threads[i].Pinned && !threads[j].Pinned })
	mods, err := u.disc.SpaceModerators(ctx, sp)
	if err != nil {
		return err
	}
	d := &spacePage{Space: sp, Path: spacePath(sp), Threads: threads, Kind: string(kind), CanPost: sp.Local,
		Pager: pagerFor(spacePath(sp), q, next)}
	for _, m := range mods {
		d.Moderators = append(d.Moderators, authorOf(m))
	}
	if sp.Local && viewer != nil {
		if d.CanEdit, err = u.disc.CanModerateSpace(ctx, viewer, sp.ID); err != nil {
			return err
		}
	}
	if d.Follow, err = u.followButtonFor(r, sp.Actor, d.Path); err != nil {
		return err
	}
	p := u.page(r, sp.Title, d)
	if sp.Visibility == model.VisibilityPublic {
		p.Feeds = []Feed{{Title: u.tr("feed.space", sp.Title), URL: u.urls.Base + d.Path + "/feed.atom"}}
	}
	if sp.Local {
		p.ActivityURL = u.urls.Space(sp.Name)
	}
	u.render(w, r, http.StatusOK, "space", p)
	return nil
}
