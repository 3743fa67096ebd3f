package store

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/protectors-portal/portal/internal/model"
)

// CreateThread inserts a thread and counts it in its space.
func (s *Store) CreateThread(ctx context.Context, t *model.Thread) error {
	if _, err := s.idb.NewInsert().Model(t).Exec(ctx); err != nil {
		return wrap("create thread", err)
	}
	_, err := s.idb.NewRaw("UPDATE spaces SET thread_count = thread_count + 1, last_activity_at = ? WHERE id = ?",
		t.LastActivityAt, t.SpaceID).Exec(ctx)
	return wrap("count thread", err)
}

// UpdateThreadColumns writes only the named columns of t, for a change
// made from a copy read outside the transaction: the other columns may
// have moved since (a moderator's lock, an author's edit).
func (s *Store) UpdateThreadColumns(ctx context.Context, t *model.Thread, columns ...string) error {
	_, err := s.idb.NewUpdate().Model(t).Column(columns...).Set("revision = revision + 1").WherePK().Exec(ctx)
	return wrap("update thread", err)
}

// UpdateThread writes the columns of t but the ones that replies and
// endorsements move (counts and last activity), which t may hold stale.
func (s *Store) UpdateThread(ctx context.Context, t *model.Thread) error {
	_, err := s.idb.NewUpdate().Model(t).ExcludeColumn("reply_count", "endorsement_count", "last_activity_at").
		Value("revision", "revision + 1").WherePK().Exec(ctx)
	return wrap("update thread", err)
}

// GetThread loads a thread (tombstones too) with its author and space.
func (s *Store) GetThread(ctx context.Context, id string) (*model.Thread, error) {
	return s.getThread(ctx, "id = ?", id)
}

// GetThreadByURI loads a thread by the ActivityPub id of its first post.
func (s *Store) GetThreadByURI(ctx context.Context, uri string) (*model.Thread, error) {
	return s.getThread(ctx, "uri = ?", uri)
}

func (s *Store) getThread(ctx context.Context, where string, arg any) (*model.Thread, error) {
	t := new(model.Thread)
	if err := s.idb.NewSelect().Model(t).Where(where, arg).Scan(ctx); err != nil {
		return nil, wrap("get thread", err)
	}
	if err := s.attachThreads(ctx, []*model.Thread{t}); err != nil {
		return nil, err
	}
	return t, nil
}

// Sort orders of thread lists.
const (
	SortActivity     = "activity"
	SortRecent       = "recent"
	SortEndorsements = "endorsements"
)

// ThreadFilter selects threads. Deleted threads are never listed.
type ThreadFilter struct {
	SpaceIDs        []string // nil: any space
	Hosts           []string // nil: any host; spaces of these hosts only
	Kind            model.ThreadKind
	Category        string
	Status          model.ChallengeStatus
	AuthorID        string
	Pinned          *bool
	IncludeAlliance bool
	LocalOnly       bool
	Sort            string
	Cursor          string
	Limit           int
}

// Cursor is an opaque position in a sorted list.
type cursor struct {
	T  time.Time
	N  int
	ID string
}

func (c cursor) encode() string {
	raw := strconv.FormatInt(c.T.UnixMicro(), 10) + "|" + strconv.Itoa(c.N) + "|" + c.ID
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func decodeCursor(s string) (cursor, error) {
	bad := model.Invalid("cursor", "is not a cursor this server gave out")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, bad
	}
	parts := strings.SplitN(string(b), "|", 3)
	if len(parts) != 3 {
		return cursor{}, bad
	}
	us, err1 := strconv.ParseInt(parts[0], 10, 64)
	n, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || !model.ValidID(parts[2]) {
		return cursor{}, bad
	}
	return cursor{T: time.UnixMicro(us).UTC(), N: n, ID: parts[2]}, nil
}

// ListThreads returns one page of threads and the cursor of the next page
// ("" at the end). Pages are keyset-paginated: no OFFSET.
func (s *Store) ListThreads(ctx context.Context, f ThreadFilter) ([]*model.Thread, string, error) {
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	var list []*model.Thread
	q := s.idb.NewSelect().Model(&list).Where("deleted_at IS NULL")
	if f.SpaceIDs != nil {
		if len(f.SpaceIDs) == 0 {
			return nil, "", nil
		}
		q = q.Where("space_id IN (?)", bun.In(f.SpaceIDs))
	}
	if f.Hosts != nil {
		if len(f.Hosts) == 0 {
			return nil, "", nil
		}
		q = q.Where("space_id IN (SELECT id FROM spaces WHERE host IN (?))", bun.In(f.Hosts))
	}
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if f.Category != "" {
		q = q.Where("category = ?", f.Category)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.AuthorID != "" {
		q = q.Where("author_id = ?", f.AuthorID)
	}
	if f.Pinned != nil {
		q = q.Where("pinned = ?", *f.Pinned)
	}
	if !f.IncludeAlliance {
		q = q.Where("visibility = ?", model.VisibilityPublic)
	}
	if f.LocalOnly {
		q = q.Where("local = ?", true)
	}
	var c cursor
	if f.Cursor != "" {
		var err error
		if c, err = decodeCursor(f.Cursor); err != nil {
			return nil, "", err
		}
	}
	switch f.Sort {
	case SortEndorsements:
		if f.Cursor != "" {
			q = q.Where("(endorsement_count < ? OR (endorsement_count = ? AND id < ?))", c.N, c.N, c.ID)
		}
		q = q.Order("endorsement_count DESC", "id DESC")
	case SortRecent:
		if f.Cursor != "" {
			q = q.Where("(created_at < ? OR (created_at = ? AND id < ?))", c.T, c.T, c.ID)
		}
		q = q.Order("created_at DESC", "id DESC")
	case SortActivity, "":
		if f.Cursor != "" {
			q = q.Where("(last_activity_at < ? OR (last_activity_at = ? AND id < ?))", c.T, c.T, c.ID)
		}
		q = q.Order("last_activity_at DESC", "id DESC")
	default:
		return nil, "", fmt.Errorf("store: list threads: unknown sort %q", f.Sort)
	}
	if err := q.Limit(int64(f.Limit + 1)).Scan(ctx); err != nil {
		return nil, "", wrap("list threads", err)
	}
	next := ""
	if len(list) > f.Limit {
		list = list[:f.Limit]
		last := list[len(list)-1]
		switch f.Sort {
		case SortEndorsements:
			next = cursor{N: last.EndorsementCount, ID: last.ID}.encode()
		case SortRecent:
			next = cursor{T: last.CreatedAt, ID: last.ID}.encode()
		default:
			next = cursor{T: last.LastActivityAt, ID: last.ID}.encode()
		}
	}
	if err := s.attachThreads(ctx, list); err != nil {
		return nil, "", err
	}
	return list, next, nil
}

// attachThreads loads the authors and spaces (with their actors) of
// threads in three queries.
func (s *Store) attachThreads(ctx context.Context, list []*model.Thread) error {
	if len(list) == 0 {
		return nil
	}
	spaceIDs := make([]string, 0, len(list))
	for _, t := range list {
		spaceIDs = append(spaceIDs, t.SpaceID)
	}
	var spaces []*model.Space
	if err := s.idb.NewSelect().Model(&spaces).Where("id IN (?)", bun.In(uniq(spaceIDs))).Scan(ctx); err != nil {
		return wrap("thread spaces", err)
	}
	actorIDs := make([]string, 0, len(list)+len(spaces))
	for _, t := range list {
		actorIDs = append(actorIDs, t.AuthorID)
	}
	for _, sp := range spaces {
		actorIDs = append(actorIDs, sp.ActorID)
	}
	actors, err := s.ActorsByID(ctx, actorIDs)
	if err != nil {
		return err
	}
	byID := make(map[string]*model.Space, len(spaces))
	for _, sp := range spaces {
		sp.Actor = actors[sp.ActorID]
		byID[sp.ID] = sp
	}
	for _, t := range list {
		t.Author = actors[t.AuthorID]
		t.Space = byID[t.SpaceID]
	}
	return nil
}

// TouchThread records a reply: one more reply and newer activity.
func (s *Store) TouchThread(ctx context.Context, threadID string, at time.Time, replies int) error {
	_, err := s.idb.NewRaw("UPDATE threads SET reply_count = reply_count + ?, revision = revision + 1, last_activity_at = CASE WHEN last_activity_at < ? THEN ? ELSE last_activity_at END WHERE id = ?",
		replies, at, at, threadID).Exec(ctx)
	if err != nil {
		return wrap("touch thread", err)
	}
	_, err = s.idb.NewRaw("UPDATE spaces SET last_activity_at = ? WHERE id = (SELECT space_id FROM threads WHERE id = ?) AND (last_activity_at IS NULL OR last_activity_at < ?)",
		at, threadID, at).Exec(ctx)
	return wrap("touch space", err)
}

// CreateStatusChange records a step in a challenge's history.
func (s *Store) CreateStatusChange(ctx context.Context, c *model.StatusChange) error {
	_, err := s.idb.NewInsert().Model(c).Exec(ctx)
	return wrap("create status change", err)
}

// ListStatusChanges lists a challenge's history, oldest first.
func (s *Store) ListStatusChanges(ctx context.Context, threadID string) ([]*model.StatusChange, error) {
	var list []*model.StatusChange
	if err := s.idb.NewSelect().Model(&list).Where("thread_id = ?", threadID).
		Order("created_at", "id").Scan(ctx); err != nil {
		return nil, wrap("list status changes", err)
	}
	ids := make([]string, len(list))
	for i, c := range list {
		ids[i] = c.ActorID
	}
	actors, err := s.ActorsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		c.Actor = actors[c.ActorID]
	}
	return list, nil
}

// CountPublicLocalPosts counts live public local threads and replies (for
// NodeInfo).
func (s *Store) CountPublicLocalPosts(ctx context.Context) (int, error) {
	var n int
	err := s.idb.NewRaw(`SELECT (SELECT count(*) FROM threads WHERE local = ? AND visibility = ? AND deleted_at IS NULL)
		+ (SELECT count(*) FROM posts WHERE local = ? AND visibility = ? AND deleted_at IS NULL)`,
		true, model.VisibilityPublic, true, model.VisibilityPublic).Scan(ctx, &n)
	return n, wrap("count public local posts", err)
}

// CountThreadsBySpace counts the live threads of each space, alliance-only
// ones only when includeAlliance: what a viewer may see.
func (s *Store) CountThreadsBySpace(ctx context.Context, spaceIDs []string, includeAlliance bool) (map[string]int, error) {
	out := make(map[string]int, len(spaceIDs))
	if len(spaceIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		SpaceID string `bun:"space_id"`
		N       int    `bun:"n"`
	}
	q := s.idb.NewSelect().TableExpr("threads").ColumnExpr("space_id, count(*) AS n").
		Where("space_id IN (?) AND deleted_at IS NULL", bun.In(spaceIDs)).GroupExpr("space_id")
	if !includeAlliance {
		q = q.Where("visibility = ?", model.VisibilityPublic)
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, wrap("count threads by space", err)
	}
	for _, r := range rows {
		out[r.SpaceID] = r.N
	}
	return out, nil
}

// ThreadRevision returns a thread's revision and visibility, and whether it
// is deleted: enough to tell whether a rendered page is still current.
func (s *Store) ThreadRevision(ctx context.Context, id string) (int64, model.Visibility, bool, error) {
	var row struct {
		Revision   int64            `bun:"revision"`
		Visibility model.Visibility `bun:"visibility"`
		DeletedAt  *time.Time       `bun:"deleted_at"`
	}
	err := s.idb.NewSelect().TableExpr("threads").Column("revision", "visibility", "deleted_at").Where("id = ?", id).Scan(ctx, &row)
	return row.Revision, row.Visibility, row.DeletedAt != nil, wrap("thread revision", err)
}

// BumpThread marks a thread changed (a reply edited, say).
func (s *Store) BumpThread(ctx context.Context, id string) error {
	_, err := s.idb.NewRaw("UPDATE threads SET revision = revision + 1 WHERE id = ?", id).Exec(ctx)
	return wrap("bump thread", err)
}
