package ui

import (
	"net/http"
	"net/url"
	"time"

	"github.com/protectors-portal/portal/internal/model"
)

// queuePage is the moderators' queue of reports, one status at a time.
type queuePage struct {
	Status  string // open, resolved or dismissed
	Reports []*reportView
	Pager   pageLinks
	Empty   string // what the tab says when it lists nothing
	// A decision that could not be recorded: the report, what the
	// moderator wrote, and why.
	ErrorFor string
	Note     string
	Errors   fieldErrs
}

// reportView is one report as the queue shows it.
type reportView struct {
	ID           string
	CreatedAt    time.Time
	Reporter     authorView // a member here
	ReporterHost string     // or another server
	Reason       string
	Comment      string
	Subject      authorView // the account reported, or the author of what was
	What         string     // thread, reply or account
	Text         string     // the thread's title or the reply's excerpt
	InThread     string     // the title of a reported reply's thread
	Href         string
	Deleted      bool
	Forwarded    bool
	Open         bool
	CanRemove    bool
	Status       string
	Decision     string // the status, in words, once handled
	HandledAt    *time.Time
	Resolution   string
	Note         string // the note field's value, after a refused decision
}

// reportViewOf describes a report for the queue.
func (u *UI) reportViewOf(r *model.Report) *reportView {
	v := &reportView{ID: r.ID, CreatedAt: r.CreatedAt, Reason: u.reasonLabel(r.Reason), Comment: r.Comment,
		Subject: authorOf(r.Subject), Forwarded: r.Forwarded, Open: r.Status == model.ReportOpen,
		Status: string(r.Status), HandledAt: r.HandledAt, Resolution: r.Resolution}
	if a := r.Reporter; a != nil {
		if a.Local {
			v.Reporter = authorOf(a)
		} else {
			v.ReporterHost = a.Host
		}
	}
	switch {
	case r.PostID != nil:
		v.What, v.Href = "reply", "/posts/"+url.PathEscape(*r.PostID)
		if r.Post == nil || r.Post.Deleted() {
			v.Deleted = true
		} else {
			v.Text = shorten(r.Post.BodyText, 200)
		}
		if r.Thread != nil && !r.Thread.Deleted() {
			v.InThread = r.Thread.Title
		}
	case r.ThreadID != nil:
		v.What, v.Href = "thread", "/threads/"+url.PathEscape(*r.ThreadID)
		if r.Thread == nil || r.Thread.Deleted() {
			v.Deleted = true
		} else {
			v.Text = r.Thread.Title
		}
	default:
		v.What = "account"
	}
	if !v.Open {
		v.Decision = u.tr("moderation.status_" + string(r.Status))
	}
	v.CanRemove = v.Open && v.What != "account" && !v.Deleted
	return v
}

// queueStatus reads the tab asked for; the open reports by default.
func queueStatus(r *http.Request) model.ReportStatus {
	if s := r.URL.Query().Get("status"); s != "" {
		return model.ReportStatus(s)
	}
	return model.ReportOpen
}

// moderationQueue lists the reports its viewer may handle, newest first.
// The service refuses those who moderate nothing.
func (u *UI) moderationQueue(w http.ResponseWriter, r *http.Request) error {
	return u.renderQueue(w, r, http.StatusOK, queueStatus(r), nil)
}

// renderQueue renders one page of the queue; failed, when not nil, is a
// decision that could not be recorded, shown again with its problems.
func (u *UI) renderQueue(w http.ResponseWriter, r *http.Request, status int, which model.ReportStatus, failed *queuePage) error {
	ctx := r.Context()
	user, err := signedIn(ctx)
	if err != nil {
		return err
	}
	if u.moderation == nil {
		return model.ErrNotFound
	}
	cursor := r.URL.Query().Get("cursor")
	list, next, err := u.moderation.Reports(ctx, user, which, cursor)
	if err != nil {
		return err
	}
	d := &queuePage{Status: string(which), Reports: make([]*reportView, len(list)),
		Empty: u.tr("moderation.none_" + string(which))}
	if failed != nil {
		d.ErrorFor, d.Note, d.Errors = failed.ErrorFor, failed.Note, failed.Errors
	}
	for i, rep := range list {
		d.Reports[i] = u.reportViewOf(rep)
		if rep.ID == d.ErrorFor {
			d.Reports[i].Note = d.Note
		}
	}
	q := url.Values{}
	if which != model.ReportOpen {
		q.Set("status", string(which))
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	d.Pager = pagerFor("/moderation", q, next)
	p := u.page(r, u.tr("moderation.title"), d)
	p.NoIndex = true
	u.render(w, r, status, "moderation", p)
	return nil
}
