package ui

import (
	"html/template"
	"net/http"
	"net/url"
	"time"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
)

// threadPage is the view of a thread: built in linear passes over its posts
// with a map, so that a thread of hundreds of replies costs no more
// queries than one of three.
type threadPage struct {
	Thread          *model.Thread
	Author          authorView
	SpacePath       string
	Replies         []*replyView
	RepliesHTML     template.HTML // the items of the list of Replies; see reply_html.go
	History         []statusView
	Endorsed        bool
	CanEdit         bool // the title and body, by their author, here
	IsAuthor        bool
	CanModerate     bool
	CanChangeStatus bool
	SignedIn        bool
	CanReply        bool
	CanReport       bool // someone else's thread, to the moderators
	IsChallenge     bool
	ReplyTo         *replyView // the reply being answered, from ?reply_to=
	ReplyBody       string
	Errors          fieldErrs // of the reply form
	StatusErrs      fieldErrs // of the status form
}

// replyView is one reply as the thread page shows it.
type replyView struct {
	ID            string
	Author        authorView
	BodyHTML      string // sanitised when stored
	CreatedAt     time.Time
	EditedAt      *time.Time
	Deleted       bool
	Hidden        bool // alliance-only, and the viewer may not see it
	ParentID      string
	ParentName    string
	ParentGone    bool // the reply answered was deleted or is hidden
	ParentMissing bool // the reply answered is not in this thread
	CanEdit       bool
	CanDelete     bool
	CanReport     bool // someone else's reply, to the moderators

	// Set by dress, so that writing a long thread's replies (see
	// reply_html.go) does little more than copy strings.
	Class      string // extra CSS class
	Notice     string // shown instead of a deleted or hidden reply
	When, ISO  string // when it was written, for people and machines
	ParentHref string
	ParentText string
	ToAuthor   string // "to NAME", for the Reply link's accessible name
	ReportOf   string // "the reply by NAME", for the Report link's
}

// statusView is one step of a challenge's history.
type statusView struct {
	Who      string
	From, To string
	At       time.Time
}

// buildThreadPage turns the service's view into the page's, for viewer.
func buildThreadPage(v *discussion.ThreadView, viewer *model.User) *threadPage {
	t := v.Thread
	d := &threadPage{Thread: t, Author: authorOf(t.Author), SpacePath: spacePath(t.Space),
		Endorsed: v.Endorsed, CanEdit: v.CanEdit && t.Local && !t.Deleted(), CanModerate: v.CanModerate,
		IsAuthor: v.CanEdit, SignedIn: viewer != nil, IsChallenge: t.Kind == model.KindChallenge}
	d.CanChangeStatus = d.IsChallenge && (v.CanEdit || v.CanModerate) && !t.Deleted()
	d.CanReply = viewer != nil && !t.Locked && !t.Deleted()
	d.CanReport = viewer != nil && !v.CanEdit && !t.Deleted()
	d.Replies = make([]*replyView, len(v.Posts))
	byID := make(map[string]*replyView, len(v.Posts))
	for i, p := range v.Posts {
		rv := newReplyView(p, viewer, v.CanModerate)
		d.Replies[i] = rv
		byID[p.ID] = rv
	}
	for _, rv := range d.Replies {
		if rv.ParentID == "" {
			continue
		}
		parent, ok := byID[rv.ParentID]
		switch {
		case !ok:
			rv.ParentMissing = true
		case parent.Deleted || parent.Hidden:
			rv.ParentGone = true
		default:
			rv.ParentName = parent.Author.Name
		}
	}
	for _, c := range v.History {
		sv := statusView{From: string(c.From), To: string(c.To), At: c.CreatedAt}
		if c.Actor != nil {
			sv.Who = c.Actor.Name()
		}
		d.History = append(d.History, sv)
	}
	return d
}

// newReplyView describes one post for viewer. Deleted replies keep only
// their place; alliance-only ones are hidden from visitors.
func newReplyView(p *model.Post, viewer *model.User, canModerate bool) *replyView {
	rv := &replyView{ID: p.ID, CreatedAt: p.CreatedAt, EditedAt: p.EditedAt, Deleted: p.Deleted(),
		Hidden: p.Visibility != model.VisibilityPublic && viewer == nil}
	if p.InReplyToID != nil {
		rv.ParentID = *p.InReplyToID
	}
	if !rv.Deleted && !rv.Hidden {
		rv.Author = authorOf(p.Author)
		rv.BodyHTML = p.BodyHTML
		own := viewer != nil && p.AuthorID == viewer.ActorID
		rv.CanEdit = own && p.Local
		rv.CanDelete = own || canModerate
		rv.CanReport = viewer != nil && !own
	}
	return rv
}

// Known says whether the reply's author is shown.
func (rv *replyView) Known() bool { return rv.Author.Known }

// dress fills in the texts the template shows for each reply: dates,
// notices and the "in reply to" links.
func (u *UI) dress(list []*replyView) {
	deleted, hidden := u.tr("thread.reply_deleted"), u.tr("thread.reply_hidden")
	gone, earlier := u.tr("thread.in_reply_to_gone"), u.tr("thread.in_reply_to_earlier")
	for _, rv := range list {
		rv.When, rv.ISO = rv.CreatedAt.Format(dateLayout), rv.CreatedAt.UTC().Format(time.RFC3339)
		switch {
		case rv.Deleted:
			rv.Class, rv.Notice = " tombstone", deleted
		case rv.Hidden:
			rv.Class, rv.Notice = " tombstone", hidden
		}
		if rv.Author.Known {
			rv.ToAuthor = u.tr("thread.to_author", rv.Author.Name)
			if rv.CanReport {
				rv.ReportOf = u.tr("thread.report_reply_by", rv.Author.Name)
			}
		}
		if rv.ParentID == "" {
			continue
		}
		rv.ParentHref = "#post-" + rv.ParentID
		switch {
		case rv.ParentMissing:
			rv.ParentHref, rv.ParentText = "/posts/"+rv.ParentID, earlier
		case rv.ParentGone:
			rv.ParentText = gone
		default:
			rv.ParentText = u.tr("thread.in_reply_to", rv.ParentName)
		}
	}
}

// dateLayout is how pages show a time; the same as the date template
// function.
const dateLayout = "2 Jan 2006 15:04"

// findReply returns the reply with id, if the viewer can answer it.
func (d *threadPage) findReply(id string) *replyView {
	if id == "" {
		return nil
	}
	for _, rv := range d.Replies {
		if rv.ID == id && !rv.Deleted && !rv.Hidden {
			return rv
		}
	}
	return nil
}

// threadShow shows a thread with its replies and the forms that act on it.
// A signed-out visitor's view of a public thread, without query, is the
// same for everyone: it is served from the page cache while the thread's
// revision is unchanged.
func (u *UI) threadShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if httpx.User(ctx) != nil || r.URL.RawQuery != "" {
		return u.renderThread(w, r, http.StatusOK, nil)
	}
	id := r.PathValue("id")
	rev, cacheable, err := u.disc.PublicRevision(ctx, id)
	if err != nil || !cacheable {
		return u.renderThread(w, r, http.StatusOK, nil)
	}
	now := time.Now()
	if e, ok := u.cache.get(id, rev, now); ok {
		u.writePage(w, http.StatusOK, e.page, e.body)
		return nil
	}
	p, err := u.threadPageFor(r, nil)
	if err != nil {
		return err
	}
	body, err := u.renderBytes("thread", p)
	if err != nil {
		return err
	}
	if p.Data.(*threadPage).Thread.Revision == rev {
		u.cache.put(id, cachedPage{rev: rev, at: now, page: &Page{NoIndex: p.NoIndex}, body: body})
	}
	u.writePage(w, http.StatusOK, p, body)
	return nil
}

// renderThread renders the thread page; edit, when not nil, sets the
// reply or status form's values and problems before it is shown again.
func (u *UI) renderThread(w http.ResponseWriter, r *http.Request, status int, edit func(*threadPage)) error {
	p, err := u.threadPageFor(r, edit)
	if err != nil {
		return err
	}
	u.render(w, r, status, "thread", p)
	return nil
}

// threadPageFor builds the page of the thread in r's path for its viewer.
func (u *UI) threadPageFor(r *http.Request, edit func(*threadPage)) (*Page, error) {
	ctx := r.Context()
	viewer := httpx.User(ctx)
	v, err := u.disc.Thread(ctx, viewer, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	d := buildThreadPage(v, viewer)
	u.dress(d.Replies)
	if d.CanReply {
		d.ReplyTo = d.findReply(r.URL.Query().Get("reply_to"))
	}
	if edit != nil {
		edit(d)
	}
	t := v.Thread
	title := t.Title
	if t.Deleted() {
		title = u.tr("thread.deleted_title")
	}
	p := u.page(r, title, d)
	d.RepliesHTML = u.repliesHTML(d.Replies, d.CanReply, p.CSRF)
	if t.Visibility == model.VisibilityPublic && !t.Deleted() {
		p.Feeds = []Feed{{Title: u.tr("feed.thread", t.Title), URL: u.urls.Base + "/threads/" + url.PathEscape(t.ID) + "/feed.atom"}}
	}
	if t.Local {
		p.ActivityURL = t.URI
	}
	return p, nil
}
