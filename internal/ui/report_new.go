package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/moderation"
)

// reportForm is the form that reports a thread or a reply to the
// moderators.
type reportForm struct {
	Action     string // where the form is sent
	Back       string // the reported thread or reply in its thread
	IsReply    bool
	Title      string // of the thread reported, or of the reply's thread
	Excerpt    string // of the reply reported
	Author     authorView
	RemoteHost string // the author's server, when it is not this one
	Reasons    []reasonOption
	Comment    string
	Forward    bool
	MaxComment int
	Errors     fieldErrs

	threadID, postID string // what the report names: one of the two
	threadOf         string // the thread to go back to
}

// reasonOption is one choice of the reason radio group.
type reasonOption struct {
	Value, ID, Label, Hint string
	Checked                bool
}

// reasonOptions lists the reasons in the order the form shows them; the
// first one's id is the field's, so that the error summary links to it.
func (u *UI) reasonOptions(chosen string) []reasonOption {
	list := make([]reasonOption, len(model.ReportReasons))
	for i, r := range model.ReportReasons {
		id := "reason-" + string(r)
		if i == 0 {
			id = "reason"
		}
		list[i] = reasonOption{Value: string(r), ID: id, Label: u.reasonLabel(r),
			Hint: u.tr("report.reason_" + string(r) + "_hint"), Checked: string(r) == chosen}
	}
	return list
}

// reasonLabel is how pages name a reason.
func (u *UI) reasonLabel(r model.ReportReason) string {
	if !r.Valid() {
		r = model.ReasonOther
	}
	return u.tr("report.reason_" + string(r))
}

// reportTarget loads what the form in r's path reports, as its viewer may
// see it, and refuses what cannot be reported: what is deleted already,
// and one's own writing.
func (u *UI) reportTarget(r *http.Request, user *model.User, reply bool) (*reportForm, error) {
	ctx := r.Context()
	if u.moderation == nil {
		return nil, model.ErrNotFound
	}
	id := r.PathValue("id")
	f := &reportForm{IsReply: reply, MaxComment: moderation.MaxComment}
	var author *model.Actor
	if reply {
		pv, err := u.disc.Post(ctx, user, id)
		if err != nil {
			return nil, err
		}
		p := pv.Post
		if p.Deleted() || pv.Thread.Deleted() {
			return nil, u.reportGone()
		}
		author, f.postID, f.threadOf = p.Author, p.ID, p.ThreadID
		f.Action = "/posts/" + p.ID + "/report"
		f.Back = "/threads/" + p.ThreadID + "#post-" + p.ID
		f.Title, f.Excerpt = pv.Thread.Title, shorten(p.BodyText, 300)
	} else {
		v, err := u.disc.Thread(ctx, user, id)
		if err != nil {
			return nil, err
		}
		t := v.Thread
		if t.Deleted() {
			return nil, u.reportGone()
		}
		author, f.threadID, f.threadOf = t.Author, t.ID, t.ID
		f.Action = "/threads/" + t.ID + "/report"
		f.Back = "/threads/" + t.ID
		f.Title = t.Title
	}
	if author == nil {
		return nil, model.ErrNotFound
	}
	if author.ID == user.ActorID {
		return nil, &model.SafeError{Err: model.ErrForbidden, Public: u.tr("report.own"), Status: http.StatusForbidden}
	}
	f.Author = authorOf(author)
	if !author.Local {
		f.RemoteHost = author.Host
	}
	return f, nil
}

func (u *UI) reportGone() error {
	return &model.SafeError{Err: model.ErrNotFound, Public: u.tr("report.gone"), Status: http.StatusGone}
}

// reportNew shows the form that reports a thread (reply false) or a reply.
func (u *UI) reportNew(reply bool) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		user, err := signedIn(r.Context())
		if err != nil {
			return err
		}
		f, err := u.reportTarget(r, user, reply)
		if err != nil {
			return err
		}
		f.Reasons = u.reasonOptions("")
		return u.formPage(w, r, http.StatusOK, "report", u.reportTitle(f), f)
	}
}

func (u *UI) reportTitle(f *reportForm) string {
	if f.IsReply {
		return u.tr("report.title_reply")
	}
	return u.tr("report.title_thread")
}
