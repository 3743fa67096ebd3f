package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/protectors-portal/portal/internal/model"
)

// CreateReport files a report. A report whose Flag id was seen before is
// ErrConflict.
func (s *Store) CreateReport(ctx context.Context, r *model.Report) error {
	_, err := s.idb.NewInsert().Model(r).Exec(ctx)
	return wrap("create report", err)
}

// OpenReportBy finds the open report a reporter already filed about the
// same thread, reply or account (ErrNotFound if none).
func (s *Store) OpenReportBy(ctx context.Context, reporterID, subjectID string, threadID, postID *string) (*model.Report, error) {
	r := new(model.Report)
	q := s.idb.NewSelect().Model(r).Where("reporter_id = ? AND subject_id = ? AND status = ?", reporterID, subjectID, model.ReportOpen)
	q = whereNullable(q, "thread_id", threadID)
	q = whereNullable(q, "post_id", postID)
	err := q.Limit(1).Scan(ctx)
	return r, wrap("open report", err)
}

func whereNullable(q *bun.SelectQuery, column string, v *string) *bun.SelectQuery {
	if v == nil {
		return q.Where("? IS NULL", bun.Ident(column))
	}
	return q.Where("? = ?", bun.Ident(column), *v)
}

// GetReport loads a report with who filed it, whom it concerns and what.
func (s *Store) GetReport(ctx context.Context, id string) (*model.Report, error) {
	r := new(model.Report)
	if err := s.idb.NewSelect().Model(r).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, wrap("get report", err)
	}
	if err := s.attachReports(ctx, []*model.Report{r}); err != nil {
		return nil, err
	}
	return r, nil
}

// ReportFilter selects reports for a moderator.
type ReportFilter struct {
	Status model.ReportStatus // "" for every status
	// SpaceIDs limits the list to reports about content in these spaces
	// (a space moderator's view); nil means every report.
	SpaceIDs []string
	Cursor   string
	Limit    int
}

func (f ReportFilter) apply(q *bun.SelectQuery) *bun.SelectQuery {
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.SpaceIDs != nil {
		if len(f.SpaceIDs) == 0 {
			return q.Where("1 = 0")
		}
		q = q.Where("space_id IN (?)", bun.In(f.SpaceIDs))
	}
	return q
}

// ListReports returns one page of reports, newest first, and the cursor of
// the next page ("" at the end).
func (s *Store) ListReports(ctx context.Context, f ReportFilter) ([]*model.Report, string, error) {
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 50
	}
	var list []*model.Report
	q := f.apply(s.idb.NewSelect().Model(&list))
	if f.Cursor != "" {
		c, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		q = q.Where("(created_at < ? OR (created_at = ? AND id < ?))", c.T, c.T, c.ID)
	}
	if err := q.Order("created_at DESC", "id DESC").Limit(int64(f.Limit + 1)).Scan(ctx); err != nil {
		return nil, "", wrap("list reports", err)
	}
	next := ""
	if len(list) > f.Limit {
		list = list[:f.Limit]
		last := list[len(list)-1]
		next = cursor{T: last.CreatedAt, ID: last.ID}.encode()
	}
	if err := s.attachReports(ctx, list); err != nil {
		return nil, "", err
	}
	return list, next, nil
}

// CountReports counts the reports a filter selects (the cursor and limit
// are ignored).
func (s *Store) CountReports(ctx context.Context, f ReportFilter) (int, error) {
	n, err := f.apply(s.idb.NewSelect().TableExpr("reports")).Count(ctx)
	return int(n), wrap("count reports", err)
}

// HandleReport records a moderator's decision on a report.
func (s *Store) HandleReport(ctx context.Context, r *model.Report) error {
	_, err := s.idb.NewUpdate().Model(r).Column("status", "handled_by", "handled_at", "resolution").WherePK().Exec(ctx)
	return wrap("handle report", err)
}

// HandleOpenReportsAbout gives every open report about the same thread
// or reply as r the decision recorded in r.
func (s *Store) HandleOpenReportsAbout(ctx context.Context, r *model.Report) error {
	q := s.idb.NewUpdate().TableExpr("reports").
		Set("status = ?, handled_by = ?, handled_at = ?, resolution = ?", r.Status, r.HandledBy, r.HandledAt, r.Resolution).
		Where("status = ?", model.ReportOpen)
	for column, v := range map[string]*string{"thread_id": r.ThreadID, "post_id": r.PostID} {
		if v == nil {
			q = q.Where("? IS NULL", bun.Ident(column))
		} else {
			q = q.Where("? = ?", bun.Ident(column), *v)
		}
	}
	_, err := q.Exec(ctx)
	return wrap("handle reports about", err)
}

// ModeratedSpaceIDs lists the spaces an actor moderates.
func (s *Store) ModeratedSpaceIDs(ctx context.Context, actorID string) ([]string, error) {
	ids := []string{}
	err := s.idb.NewSelect().TableExpr("space_moderators").Column("space_id").Where("actor_id = ?", actorID).Scan(ctx, &ids)
	return ids, wrap("moderated spaces", err)
}

// attachReports loads the actors, threads and replies of reports in a
// fixed number of queries.
func (s *Store) attachReports(ctx context.Context, list []*model.Report) error {
	if len(list) == 0 {
		return nil
	}
	var actorIDs, threadIDs, postIDs []string
	for _, r := range list {
		actorIDs = append(actorIDs, r.ReporterID, r.SubjectID)
		if r.ThreadID != nil {
			threadIDs = append(threadIDs, *r.ThreadID)
		}
		if r.PostID != nil {
			postIDs = append(postIDs, *r.PostID)
		}
	}
	threads := map[string]*model.Thread{}
	if len(threadIDs) > 0 {
		var ts []*model.Thread
		if err := s.idb.NewSelect().Model(&ts).Where("id IN (?)", bun.In(uniq(threadIDs))).Scan(ctx); err != nil {
			return wrap("report threads", err)
		}
		for _, t := range ts {
			threads[t.ID] = t
		}
	}
	posts := map[string]*model.Post{}
	if len(postIDs) > 0 {
		var ps []*model.Post
		if err := s.idb.NewSelect().Model(&ps).Where("id IN (?)", bun.In(uniq(postIDs))).Scan(ctx); err != nil {
			return wrap("report posts", err)
		}
		for _, p := range ps {
			posts[p.ID] = p
		}
	}
	for _, t := range threads {
		actorIDs = append(actorIDs, t.AuthorID)
	}
	for _, p := range posts {
		actorIDs = append(actorIDs, p.AuthorID)
	}
	actors, err := s.ActorsByID(ctx, actorIDs)
	if err != nil {
		return err
	}
	for _, r := range list {
		r.Reporter, r.Subject = actors[r.ReporterID], actors[r.SubjectID]
		if r.ThreadID != nil {
			r.Thread = threads[*r.ThreadID]
		}
		if r.PostID != nil {
			r.Post = posts[*r.PostID]
			if r.Post != nil {
				r.Post.Author = actors[r.Post.AuthorID]
			}
		}
		if r.Thread != nil {
			r.Thread.Author = actors[r.Thread.AuthorID]
		}
	}
	return nil
}
