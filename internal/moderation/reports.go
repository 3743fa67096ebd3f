package moderation

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// MaxComment bounds a report's comment, in characters.
const MaxComment = 1000

// Forwarder sends a report to the server the reported content came from
// (federation implements it with an ActivityPub Flag). It runs inside the
// transaction that files the report and sets r.URI to the Flag's id.
type Forwarder interface {
	ForwardReport(ctx context.Context, tx *store.Store, r *model.Report) error
}

// Remover takes reported content down, as a moderator would from its page
// (the discussion service).
type Remover interface {
	DeleteThread(ctx context.Context, by *model.User, id string) error
	DeletePost(ctx context.Context, by *model.User, id string) error
}

// SetForwarder installs federation's report forwarding.
func (s *Service) SetForwarder(f Forwarder) { s.forwarder = f }

// SetRemover installs the discussion service's deletion.
func (s *Service) SetRemover(r Remover) { s.remover = r }

// NewReport is a member's report of a thread or of a reply (exactly one).
type NewReport struct {
	ThreadID string
	PostID   string
	Reason   model.ReportReason
	Comment  string
	// Forward asks for the report to go, without the reporter's name, to
	// the server the content came from as well.
	Forward bool
}

// Report files a member's report. Reporting the same thing again while the
// first report is open changes nothing and returns the first report, with
// created false.
func (s *Service) Report(ctx context.Context, by *model.User, in NewReport) (r *model.Report, created bool, err error) {
	if by == nil {
		return nil, false, model.ErrUnauthorized
	}
	if by.SuspendedAt != nil {
		return nil, false, model.ErrForbidden
	}
	var v model.ValidationError
	if !in.Reason.Valid() {
		v.Add("reason", "must be one of illegal, victim, personal, harassment, spam, other")
	}
	comment := strings.TrimSpace(in.Comment)
	switch {
	case !utf8.ValidString(comment):
		v.Add("comment", "must be UTF-8 text")
	case utf8.RuneCountInString(comment) > MaxComment:
		v.Add("comment", "must be at most 1000 characters")
	case comment == "" && in.Reason == model.ReasonOther:
		v.Add("comment", "is required when the reason is other")
	}
	if (in.ThreadID == "") == (in.PostID == "") {
		v.Add("target", "name a thread or a reply")
	}
	if err := v.OrNil(); err != nil {
		return nil, false, err
	}
	r = &model.Report{ID: model.NewID(), ReporterID: by.ActorID, Reason: in.Reason, Comment: comment,
		Status: model.ReportOpen, CreatedAt: model.Now()}
	var subject *model.Actor
	if in.PostID != "" {
		p, err := s.db.GetPost(ctx, in.PostID)
		if err != nil {
			return nil, false, err
		}
		if p.Deleted() {
			return nil, false, errGone
		}
		t, err := s.db.GetThread(ctx, p.ThreadID)
		if err != nil {
			return nil, false, err
		}
		r.PostID, r.ThreadID, r.SpaceID, subject = &p.ID, &t.ID, &t.SpaceID, p.Author
	} else {
		t, err := s.db.GetThread(ctx, in.ThreadID)
		if err != nil {
			return nil, false, err
		}
		if t.Deleted() {
			return nil, false, errGone
		}
		r.ThreadID, r.SpaceID, subject = &t.ID, &t.SpaceID, t.Author
	}
	if subject == nil {
		return nil, false, model.ErrNotFound
	}
	if subject.ID == by.ActorID {
		return nil, false, model.Invalid("target", "is your own; edit or delete it instead")
	}
	r.SubjectID = subject.ID
	if old, err := s.db.OpenReportBy(ctx, r.ReporterID, r.SubjectID, r.ThreadID, r.PostID); err == nil {
		return old, false, nil
	} else if !errors.Is(err, model.ErrNotFound) {
		return nil, false, err
	}
	err = s.db.InTx(ctx, func(tx *store.Store) error {
		if in.Forward && !subject.Local && s.forwarder != nil {
			r.Forwarded = true
			if err := s.forwarder.ForwardReport(ctx, tx, r); err != nil {
				return err
			}
		}
		return tx.CreateReport(ctx, r)
	})
	if err != nil {
		return nil, false, err
	}
	return r, true, nil
}

var errGone = &model.SafeError{Err: model.ErrNotFound, Public: "This has been deleted already.", Status: 410}

// ReceivedFlag is a report from another server: its reporter (usually
// that server's instance actor), the Flag's id, what it names and its
// comment.
type ReceivedFlag struct {
	Reporter *model.Actor
	URI      string
	Objects  []string
	Comment  string
}

// ReceiveFlag files what another server reported: a report for each of
// this node's threads and replies it names, or one report of the account
// when it names only a member. It returns how many reports it filed; what
// is not this node's is left out.
func (s *Service) ReceiveFlag(ctx context.Context, tx *store.Store, f ReceivedFlag) (int, error) {
	comment := strings.TrimSpace(f.Comment)
	if !utf8.ValidString(comment) {
		comment = strings.ToValidUTF8(comment, "")
	}
	if utf8.RuneCountInString(comment) > MaxComment {
		comment = string([]rune(comment)[:MaxComment])
	}
	now := model.Now()
	var reports []*model.Report
	var account *model.Actor
	for _, uri := range f.Objects {
		if uri == "" {
			continue
		}
		r := &model.Report{ID: model.NewID(), ReporterID: f.Reporter.ID, Reason: model.ReasonOther, Comment: comment,
			Status: model.ReportOpen, CreatedAt: now}
		if t, err := tx.GetThreadByURI(ctx, uri); err == nil {
			if !t.Local {
				continue
			}
			r.ThreadID, r.SpaceID, r.SubjectID = &t.ID, &t.SpaceID, t.AuthorID
		} else if p, err := tx.GetPostByURI(ctx, uri); err == nil {
			if !p.Local {
				continue
			}
			t, err := tx.GetThread(ctx, p.ThreadID)
			if err != nil {
				return 0, err
			}
			r.PostID, r.ThreadID, r.SpaceID, r.SubjectID = &p.ID, &t.ID, &t.SpaceID, p.AuthorID
		} else if a, err := tx.GetActorByURI(ctx, uri); err == nil {
			if a.Local && a.Kind == model.ActorPerson && account == nil {
				account = a
			}
			continue
		} else {
			continue
		}
		reports = append(reports, r)
	}
	if len(reports) == 0 && account != nil {
		reports = append(reports, &model.Report{ID: model.NewID(), ReporterID: f.Reporter.ID, SubjectID: account.ID,
			Reason: model.ReasonOther, Comment: comment, Status: model.ReportOpen, CreatedAt: now})
	}
	for i, r := range reports {
		uri := f.URI
		if i > 0 {
			uri = f.URI + "#" + r.ID
		}
		r.URI = &uri
		if err := tx.CreateReport(ctx, r); err != nil {
			return 0, err
		}
	}
	return len(reports), nil
}

// Decisions on a report.
const (
	ActionDismiss = "dismiss" // nothing to do
	ActionResolve = "resolve" // dealt with some other way (say, a word with the author)
	ActionRemove  = "remove"  // take the reported thread or reply down, then resolve
)

// Handle records a moderator's decision on a report, audited. Removing
// content resolves every open report about the same content.
func (s *Service) Handle(ctx context.Context, by *model.User, id, action, note string) (*model.Report, error) {
	r, err := s.GetReport(ctx, by, id)
	if err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxComment || !utf8.ValidString(note) {
		return nil, model.Invalid("note", "must be UTF-8 text of at most 1000 characters")
	}
	if r.Status != model.ReportOpen {
		return nil, &model.SafeError{Err: model.ErrConflict, Public: "This report has been handled already.", Status: 409}
	}
	status := model.ReportResolved
	switch action {
	case ActionDismiss:
		status = model.ReportDismissed
	case ActionResolve:
	case ActionRemove:
		if r.ThreadID == nil {
			return nil, model.Invalid("action", "remove needs a reported thread or reply; this report names an account")
		}
		if s.remover == nil {
			return nil, errors.New("moderation: no remover installed")
		}
		if r.PostID != nil {
			err = s.remover.DeletePost(ctx, by, *r.PostID)
		} else {
			err = s.remover.DeleteThread(ctx, by, *r.ThreadID)
		}
		if err != nil {
			return nil, err
		}
		if note == "" {
			note = "removed"
		}
	default:
		return nil, model.Invalid("action", "must be dismiss, resolve or remove")
	}
	now := model.Now()
	err = s.db.InTx(ctx, func(tx *store.Store) error {
		r.Status, r.HandledBy, r.HandledAt, r.Resolution = status, by.ID, &now, note
		if err := tx.HandleReport(ctx, r); err != nil {
			return err
		}
		if action == ActionRemove {
			if err := tx.HandleOpenReportsAbout(ctx, r); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, &model.AuditEntry{UserID: by.ID, Action: action + "_report", Target: r.ID, Detail: note})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// GetReport loads a report for a moderator who may handle it: the node's
// admins and moderators, and the moderators of the space it concerns.
func (s *Service) GetReport(ctx context.Context, by *model.User, id string) (*model.Report, error) {
	if by == nil {
		return nil, model.ErrUnauthorized
	}
	if !model.ValidID(id) {
		return nil, model.ErrNotFound
	}
	r, err := s.db.GetReport(ctx, id)
	if err != nil {
		return nil, err
	}
	if by.SuspendedAt != nil {
		return nil, model.ErrForbidden
	}
	if by.Role.CanModerate() {
		return r, nil
	}
	if r.SpaceID != nil {
		ok, err := s.db.IsSpaceModerator(ctx, *r.SpaceID, by.ActorID)
		if err != nil {
			return nil, err
		}
		if ok {
			return r, nil
		}
	}
	// Someone who may not see the report learns nothing of it.
	return nil, model.ErrNotFound
}

// scope returns the filter of the reports a user may see; ok is false for
// someone who moderates nothing.
func (s *Service) scope(ctx context.Context, by *model.User) (f store.ReportFilter, ok bool, err error) {
	if by == nil || by.SuspendedAt != nil {
		return f, false, nil
	}
	if by.Role.CanModerate() {
		return f, true, nil
	}
	ids, err := s.db.ModeratedSpaceIDs(ctx, by.ActorID)
	if err != nil || len(ids) == 0 {
		return f, false, err
	}
	f.SpaceIDs = ids
	return f, true, nil
}

// Reports lists one page of the queue a moderator may see, newest first;
// status "" lists every status.
func (s *Service) Reports(ctx context.Context, by *model.User, status model.ReportStatus, cursor string) ([]*model.Report, string, error) {
	if by == nil {
		return nil, "", model.ErrUnauthorized
	}
	switch status {
	case "", model.ReportOpen, model.ReportResolved, model.ReportDismissed:
	default:
		return nil, "", model.Invalid("status", "must be open, resolved or dismissed")
	}
	f, ok, err := s.scope(ctx, by)
	if err != nil {
		return nil, "", err
	}
	if !ok {
		return nil, "", &model.SafeError{Err: model.ErrForbidden, Public: "Only moderators see reports.", Status: 403}
	}
	f.Status, f.Cursor = status, cursor
	return s.db.ListReports(ctx, f)
}

// OpenReports counts the open reports a user may handle: 0 for someone
// who moderates nothing.
func (s *Service) OpenReports(ctx context.Context, by *model.User) (int, error) {
	f, ok, err := s.scope(ctx, by)
	if err != nil || !ok {
		return 0, err
	}
	f.Status = model.ReportOpen
	return s.db.CountReports(ctx, f)
}
