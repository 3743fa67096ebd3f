package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/protectors-portal/portal/internal/model"
)

// What storing a remote reply needs, in as few statements as each
// database allows: the inbox takes thousands a second. On PostgreSQL every
// statement is a round trip, and one whose arguments bun wrote into its
// text is parsed and planned anew each time; the statements here go to
// PostgreSQL with parameters instead, so that pgx prepares each once per
// connection. On SQLite they go through bun like every other.

// sqlRunner is what runs a statement with parameters.
type sqlRunner interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// raw is the database/sql handle under s: its transaction, or the pool.
func (s *Store) raw() sqlRunner {
	if s.tx != nil {
		return s.tx
	}
	if db, ok := s.idb.(*bun.DB); ok {
		return db.DB
	}
	return nil
}

// numbered turns the ? placeholders of query into PostgreSQL's $1, $2….
// query must hold no other question mark.
func numbered(query string) string {
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// replyTargetColumns are the columns of a thread and its author and space
// that a reply needs; replyTarget scans them.
const replyTargetColumns = `t.id AS thread_id, t.uri AS thread_uri, t.space_id, t.author_id AS thread_author_id,
	t.kind, t.visibility, t.local AS thread_local, t.locked, t.created_at, t.deleted_at, t.last_activity_at,
	ta.uri AS thread_author_uri, ta.local AS thread_author_local,
	sp.actor_id AS space_actor_id, sp.name AS space_name, sp.host AS space_host, sp.visibility AS space_visibility,
	sp.local AS space_local`

var replyTargetQuery = `SELECT ` + replyTargetColumns + `,
		NULL AS post_id, NULL AS post_uri, NULL AS post_author_id, NULL AS post_author_uri, NULL AS post_author_local,
		NULL AS post_visibility, NULL AS post_created_at, NULL AS post_deleted_at
	FROM threads t JOIN actors ta ON ta.id = t.author_id JOIN spaces sp ON sp.id = t.space_id
	WHERE t.uri = ?
	UNION ALL
	SELECT ` + replyTargetColumns + `,
		p.id, p.uri, p.author_id, pa.uri, pa.local, p.visibility, p.created_at, p.deleted_at
	FROM posts p JOIN threads t ON t.id = p.thread_id JOIN actors ta ON ta.id = t.author_id
		JOIN spaces sp ON sp.id = t.space_id JOIN actors pa ON pa.id = p.author_id
	WHERE p.uri = ?`

var replyTargetQueryPG = numbered(replyTargetQuery)

// scanReplyTargets runs replyTargetQuery with parameters (PostgreSQL).
func (s *Store) scanReplyTargets(ctx context.Context, uri string) ([]replyTarget, error) {
	rows, err := s.raw().QueryContext(ctx, replyTargetQueryPG, uri, uri)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []replyTarget
	for rows.Next() {
		var r replyTarget
		if err := rows.Scan(&r.ThreadID, &r.ThreadURI, &r.SpaceID, &r.ThreadAuthorID, &r.Kind, &r.Visibility,
			&r.ThreadLocal, &r.Locked, &r.CreatedAt, &r.DeletedAt, &r.LastActivityAt, &r.ThreadAuthorURI,
			&r.ThreadAuthorLocal, &r.SpaceActorID, &r.SpaceName, &r.SpaceHost, &r.SpaceVisibility, &r.SpaceLocal,
			&r.PostID, &r.PostURI, &r.PostAuthorID, &r.PostAuthorURI, &r.PostAuthorLocal, &r.PostVisibility,
			&r.PostCreatedAt, &r.PostDeletedAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

type replyTarget struct {
	ThreadID          string            `bun:"thread_id"`
	ThreadURI         string            `bun:"thread_uri"`
	SpaceID           string            `bun:"space_id"`
	ThreadAuthorID    string            `bun:"thread_author_id"`
	Kind              model.ThreadKind  `bun:"kind"`
	Visibility        model.Visibility  `bun:"visibility"`
	ThreadLocal       bool              `bun:"thread_local"`
	Locked            bool              `bun:"locked"`
	CreatedAt         time.Time         `bun:"created_at"`
	DeletedAt         *time.Time        `bun:"deleted_at"`
	LastActivityAt    time.Time         `bun:"last_activity_at"`
	ThreadAuthorURI   string            `bun:"thread_author_uri"`
	ThreadAuthorLocal bool              `bun:"thread_author_local"`
	SpaceActorID      string            `bun:"space_actor_id"`
	SpaceName         string            `bun:"space_name"`
	SpaceHost         string            `bun:"space_host"`
	SpaceVisibility   model.Visibility  `bun:"space_visibility"`
	SpaceLocal        bool              `bun:"space_local"`
	PostID            *string           `bun:"post_id"`
	PostURI           *string           `bun:"post_uri"`
	PostAuthorID      *string           `bun:"post_author_id"`
	PostAuthorURI     *string           `bun:"post_author_uri"`
	PostAuthorLocal   *bool             `bun:"post_author_local"`
	PostVisibility    *model.Visibility `bun:"post_visibility"`
	PostCreatedAt     *time.Time        `bun:"post_created_at"`
	PostDeletedAt     *time.Time        `bun:"post_deleted_at"`
}

// GetReplyTarget finds what a reply's inReplyTo names — a thread, by the
// ActivityPub id of its first post, or a post — in one query, tombstones
// included. It loads less than GetThread and GetPost: the thread's own
// columns without its bodies, title and counters; its author and a post's
// author carry only their id, uri and whether they are local; its space
// only its id, actor id, name, host, visibility and whether it is local
// (no actor). The post is nil when uri names a thread.
func (s *Store) GetReplyTarget(ctx context.Context, uri string) (*model.Thread, *model.Post, error) {
	var rows []replyTarget
	var err error
	if s.dialect == Postgres {
		rows, err = s.scanReplyTargets(ctx, uri)
	} else {
		err = s.idb.NewRaw(replyTargetQuery, uri, uri).Scan(ctx, &rows)
	}
	if err != nil {
		return nil, nil, wrap("get reply target", err)
	}
	if len(rows) == 0 {
		return nil, nil, wrap("get reply target", model.ErrNotFound)
	}
	r := rows[0]
	for _, row := range rows { // a thread before a post, as GetThreadByURI before GetPostByURI
		if row.PostID == nil {
			r = row
			break
		}
	}
	t := &model.Thread{ID: r.ThreadID, URI: r.ThreadURI, SpaceID: r.SpaceID, AuthorID: r.ThreadAuthorID, Kind: r.Kind,
		Visibility: r.Visibility, Local: r.ThreadLocal, Locked: r.Locked, CreatedAt: r.CreatedAt, DeletedAt: r.DeletedAt,
		LastActivityAt: r.LastActivityAt,
		Author:         &model.Actor{ID: r.ThreadAuthorID, URI: r.ThreadAuthorURI, Local: r.ThreadAuthorLocal},
		Space: &model.Space{ID: r.SpaceID, ActorID: r.SpaceActorID, Name: r.SpaceName, Host: r.SpaceHost,
			Visibility: r.SpaceVisibility, Local: r.SpaceLocal}}
	if r.PostID == nil {
		return t, nil, nil
	}
	p := &model.Post{ID: *r.PostID, ThreadID: r.ThreadID, URI: deref(r.PostURI), AuthorID: deref(r.PostAuthorID),
		DeletedAt: r.PostDeletedAt,
		Author:    &model.Actor{ID: deref(r.PostAuthorID), URI: deref(r.PostAuthorURI), Local: r.PostAuthorLocal != nil && *r.PostAuthorLocal}}
	if r.PostVisibility != nil {
		p.Visibility = *r.PostVisibility
	}
	if r.PostCreatedAt != nil {
		p.CreatedAt = *r.PostCreatedAt
	}
	return t, p, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// ReceivedReply is a reply from another server, and what storing it
// changes besides.
type ReceivedReply struct {
	Post    *model.Post
	SpaceID string // the space of the post's thread
	// Notify are the actors whose local members (if any) are told of the
	// reply; never its author.
	Notify []string
	// Activity, when set, is the activity that brought the reply: it is
	// recorded as received (as MarkReceived does) with the reply, which is
	// stored only when the activity is new.
	Activity *ReceivedActivity
	// UnlessFollowed, when set, is the actor id of a local space: nothing
	// is stored when it has accepted followers, to whom the caller must
	// relay the reply in the same transaction.
	UnlessFollowed string
}

// ReceivedActivity is an incoming activity's id, actor and arrival.
type ReceivedActivity struct {
	URI, ActorURI string
	At            time.Time
}

// ReceivedReplyResult says what CreateReceivedReply did.
type ReceivedReplyResult struct {
	Followed  bool // the UnlessFollowed space has followers: nothing stored
	Duplicate bool // the Activity was received before: nothing stored
	Created   bool // the post is new; else a post with its uri was there
}

// CreateReceivedReply stores a remote reply, unless a post with its uri
// is stored already. With the post it stores the notifications and
// records the reply in its thread as TouchThread does — one more reply, a
// new revision, newer activity — and in its space (whose activity moves
// on only when spaceActivityStep older). On PostgreSQL all of it, the
// Activity's record and the UnlessFollowed check included, is one
// statement, atomic even outside a transaction. Inside one, the thread's
// and space's rows stay locked until it ends: call it last, so that
// concurrent replies to one thread wait as little as possible.
func (s *Store) CreateReceivedReply(ctx context.Context, r ReceivedReply) (ReceivedReplyResult, error) {
	res, err := s.CreateReceivedReplies(ctx, []ReceivedReply{r})
	if err != nil {
		return ReceivedReplyResult{}, err
	}
	return res[0], nil
}

// CreateReceivedReplies is CreateReceivedReply for replies to one thread
// (same Post.ThreadID, SpaceID and UnlessFollowed), stored together: on
// PostgreSQL in one statement, with one update of the thread's row, which
// every reply to the thread must otherwise wait for in turn. It is all or
// nothing: on an error nothing is stored. An activity or post that comes
// twice counts once: the second is a Duplicate, or not Created. A post
// whose Delete came first (RememberDeleted) is not Created either.
func (s *Store) CreateReceivedReplies(ctx context.Context, rs []ReceivedReply) ([]ReceivedReplyResult, error) {
	out := make([]ReceivedReplyResult, len(rs))
	if len(rs) == 0 {
		return out, nil
	}
	first := rs[0]
	for _, r := range rs[1:] {
		if r.Post.ThreadID != first.Post.ThreadID || r.SpaceID != first.SpaceID || r.UnlessFollowed != first.UnlessFollowed {
			return nil, fmt.Errorf("store: create received replies: replies to more than one thread")
		}
	}
	// Within one batch an activity or a post counts once; the statement
	// never sees the same key twice.
	var keep, later []int
	acts, posts := map[string]bool{}, map[string]bool{}
	for i, r := range rs {
		if r.Activity != nil {
			if acts[r.Activity.URI] {
				out[i].Duplicate = true
				continue
			}
			acts[r.Activity.URI] = true
		}
		if posts[r.Post.URI] {
			later = append(later, i) // its activity is still to record
			continue
		}
		posts[r.Post.URI] = true
		keep = append(keep, i)
	}
	if len(later) == 0 {
		if err := s.createReceivedReplies(ctx, rs, keep, out); err != nil {
			return nil, err
		}
		return out, nil
	}
	err := s.InTx(ctx, func(tx *Store) error {
		if err := tx.createReceivedReplies(ctx, rs, keep, out); err != nil {
			return err
		}
		for _, i := range later {
			if err := tx.createReceivedReplies(ctx, rs, []int{i}, out); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// createReceivedReplies stores rs[keep], which hold no activity or post
// twice, and fills their results in out.
func (s *Store) createReceivedReplies(ctx context.Context, rs []ReceivedReply, keep []int, out []ReceivedReplyResult) error {
	if len(keep) == 0 {
		return nil
	}
	if s.dialect == Postgres {
		return s.createReceivedRepliesPG(ctx, rs, keep, out)
	}
	return s.InTx(ctx, func(tx *Store) error { return tx.createReceivedRepliesSQLite(ctx, rs, keep, out) })
}

// createReceivedRepliesSQLite is createReceivedReplies in s's transaction:
// a statement for the activities, one for the posts, one for their
// notifications, one for the thread and one for the space.
func (s *Store) createReceivedRepliesSQLite(ctx context.Context, rs []ReceivedReply, keep []int, out []ReceivedReplyResult) error {
	first := rs[keep[0]]
	if first.UnlessFollowed != "" {
		n, err := s.CountFollowers(ctx, first.UnlessFollowed)
		if err != nil {
			return err
		}
		if n > 0 {
			for _, i := range keep {
				out[i].Followed = true
			}
			return nil
		}
	}
	var q strings.Builder
	var args []any
	for _, i := range keep {
		if a := rs[i].Activity; a != nil {
			q.WriteString(sep(len(args)) + "(?, ?, ?)")
			args = append(args, a.URI, a.ActorURI, a.At)
		}
	}
	fresh := map[string]bool{}
	if len(args) > 0 {
		var uris []string
		if err := s.idb.NewRaw("INSERT INTO received_activities (uri, actor_uri, received_at) VALUES "+q.String()+
			" ON CONFLICT (uri) DO NOTHING RETURNING uri", args...).Scan(ctx, &uris); err != nil {
			return wrap("create received replies: activities", err)
		}
		for _, u := range uris {
			fresh[u] = true
		}
	}
	var candidates []string
	for _, i := range keep {
		candidates = append(candidates, rs[i].Post.URI)
	}
	var deleted []string
	if err := s.idb.NewSelect().TableExpr("deleted_objects").Column("uri").
		Where("uri IN (?)", bun.In(candidates)).Scan(ctx, &deleted); err != nil {
		return wrap("create received replies: early deletes", err)
	}
	var posts []*model.Post
	for _, i := range keep {
		if a := rs[i].Activity; a != nil && !fresh[a.URI] {
			out[i].Duplicate = true
			continue
		}
		if slices.Contains(deleted, rs[i].Post.URI) {
			continue // its Delete came first
		}
		posts = append(posts, rs[i].Post)
	}
	if len(posts) == 0 {
		return nil
	}
	var ids []string
	if err := s.idb.NewInsert().Model(&posts).On("CONFLICT (uri) DO NOTHING").Returning("id").Scan(ctx, &ids); err != nil {
		return wrap("create received replies: posts", err)
	}
	made := map[string]bool{}
	for _, id := range ids {
		made[id] = true
	}
	q.Reset()
	args = args[:0]
	var latest time.Time
	for _, i := range keep {
		p := rs[i].Post
		if out[i].Created = made[p.ID]; !out[i].Created {
			continue
		}
		if p.CreatedAt.After(latest) {
			latest = p.CreatedAt
		}
		for _, actor := range replyNotify(rs[i]) {
			q.WriteString(sep(len(args)) + "(?, ?, ?, ?)")
			args = append(args, model.NewID(), actor, p.ID, p.AuthorID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	if len(args) > 0 {
		if _, err := s.idb.NewRaw("WITH v (id, actor_id, post_id, author_id) AS (VALUES "+q.String()+") "+
			"INSERT INTO notifications (id, user_id, kind, actor_id, thread_id, post_id, created_at) "+
			"SELECT v.id, u.id, ?, v.author_id, ?, v.post_id, ? FROM v JOIN users u ON u.actor_id = v.actor_id",
			append(args, model.NotifyReply, first.Post.ThreadID, model.Now())...).Exec(ctx); err != nil {
			return wrap("create received replies: notifications", err)
		}
	}
	if _, err := s.idb.NewRaw(`UPDATE threads SET reply_count = reply_count + ?, revision = revision + ?,
		last_activity_at = CASE WHEN last_activity_at < ? THEN ? ELSE last_activity_at END WHERE id = ?`,
		len(ids), len(ids), latest, latest, first.Post.ThreadID).Exec(ctx); err != nil {
		return wrap("create received replies: thread", err)
	}
	_, err := s.idb.NewRaw(`UPDATE spaces SET last_activity_at = ? WHERE id = ? AND (last_activity_at IS NULL OR last_activity_at < ?)`,
		latest, first.SpaceID, latest.Add(-spaceActivityStep)).Exec(ctx)
	return wrap("create received replies: space", err)
}

// sep separates the items of a list that has n arguments so far.
func sep(n int) string {
	if n == 0 {
		return ""
	}
	return ", "
}

// replyNotify is whom r notifies: never the reply's author.
func replyNotify(r ReceivedReply) []string {
	return slices.DeleteFunc(uniq(r.Notify), func(id string) bool { return id == r.Post.AuthorID })
}

// createReceivedRepliesPG runs createReceivedRepliesSQL for rs[keep] and
// fills their results in out.
func (s *Store) createReceivedRepliesPG(ctx context.Context, rs []ReceivedReply, keep []int, out []ReceivedReplyResult) error {
	n := len(keep)
	var (
		ids, uris, urls, authors, sources, htmls, texts, vis, replyURIs, attachments = make([]string, n), make([]string, n),
			make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n),
			make([]string, n), make([]string, n)
		replyIDs                = make([]*string, n)
		locals                  = make([]bool, n)
		created                 = make([]time.Time, n)
		actURIs, actActors      = make([]string, n), make([]string, n)
		actAts                  = make([]time.Time, n)
		notifyItem              []int32
		notifyActors, notifyIDs []string
	)
	for j, i := range keep {
		p := rs[i].Post
		ids[j], uris[j], urls[j], authors[j], replyIDs[j] = p.ID, p.URI, p.URL, p.AuthorID, p.InReplyToID
		sources[j], htmls[j], texts[j], vis[j], locals[j] = p.BodySource, p.BodyHTML, p.BodyText, string(p.Visibility), p.Local
		created[j], replyURIs[j], attachments[j] = p.CreatedAt, p.InReplyToURI, p.Attachments
		actAts[j] = p.CreatedAt
		if a := rs[i].Activity; a != nil {
			actURIs[j], actActors[j], actAts[j] = a.URI, a.ActorURI, a.At
		}
		for _, actor := range replyNotify(rs[i]) {
			notifyItem = append(notifyItem, int32(j+1))
			notifyActors = append(notifyActors, actor)
			notifyIDs = append(notifyIDs, model.NewID())
		}
	}
	first := rs[keep[0]]
	rows, err := s.raw().QueryContext(ctx, createReceivedRepliesSQL, ids, uris, urls, authors, replyIDs, sources, htmls,
		texts, vis, locals, created, replyURIs, attachments, actURIs, actActors, actAts, first.Post.ThreadID,
		first.SpaceID, first.UnlessFollowed, notifyItem, notifyActors, notifyIDs, string(model.NotifyReply), model.Now())
	if err != nil {
		return wrap("create received replies", err)
	}
	defer rows.Close()
	followed, fresh, made := false, map[string]bool{}, map[string]bool{}
	for rows.Next() {
		var kind, v string
		if err := rows.Scan(&kind, &v); err != nil {
			return wrap("create received replies", err)
		}
		switch kind {
		case "followed":
			followed = true
		case "fresh":
			fresh[v] = true
		case "created":
			made[v] = true
		}
	}
	if err := rows.Err(); err != nil {
		return wrap("create received replies", err)
	}
	for _, i := range keep {
		r := rs[i]
		switch {
		case followed:
			out[i].Followed = true
		case r.Activity != nil && !fresh[r.Activity.URI]:
			out[i].Duplicate = true
		default:
			out[i].Created = made[r.Post.ID]
		}
	}
	return nil
}

// spaceActivityStep is how far a space's last activity may lag behind its
// newest reply from elsewhere. A space's row is shared by all its
// threads: moving it on for every reply would make concurrent replies to
// different threads wait for each other's commits.
const spaceActivityStep = time.Second

// createReceivedRepliesSQL is CreateReceivedReplies's statement: the
// replies come as arrays ($1–$16, i), with their notifications ($20–$22:
// reply number, actor, id). g checks the followers of the space ($19); r
// records the activities; p stores the posts whose activity is new (or
// that came without one) and whose Delete did not come first, n their notifications (whose foreign keys,
// checked at the end of the statement, see the posts); t and sp touch the
// thread ($17) and its space ($18) once, the space by spaceActivityStep.
// The parameters' types are written out: in INSERT … SELECT PostgreSQL
// would read them as text. It returns a row per new activity (fresh, its
// uri) and per new post (created, its id), or the one row followed.
const createReceivedRepliesSQL = `WITH g AS (
	SELECT $19::text = '' OR NOT EXISTS (SELECT 1 FROM follows WHERE target_id = $19::text AND state = 'accepted') AS ok
), i AS (
	SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
		$9::text[], $10::boolean[], $11::timestamptz[], $12::text[], $13::text[], $14::text[], $15::text[], $16::timestamptz[])
	WITH ORDINALITY AS i (id, uri, url, author_id, in_reply_to_id, body_source, body_html, body_text, visibility, local,
		created_at, in_reply_to_uri, attachments, act_uri, act_actor, act_at, n)
), r AS (
	INSERT INTO received_activities (uri, actor_uri, received_at)
	SELECT i.act_uri, i.act_actor, i.act_at FROM i, g WHERE g.ok AND i.act_uri <> ''
	ON CONFLICT (uri) DO NOTHING
	RETURNING uri
), p AS (
	INSERT INTO posts (id, thread_id, uri, url, author_id, in_reply_to_id, body_source, body_html, body_text,
		visibility, local, created_at, in_reply_to_uri, attachments)
	SELECT i.id, $17::text, i.uri, i.url, i.author_id, i.in_reply_to_id, i.body_source, i.body_html, i.body_text,
		i.visibility, i.local, i.created_at, i.in_reply_to_uri, i.attachments
	FROM i, g WHERE g.ok AND (i.act_uri = '' OR i.act_uri IN (SELECT uri FROM r))
		AND NOT EXISTS (SELECT 1 FROM deleted_objects d WHERE d.uri = i.uri)
	ORDER BY i.n
	ON CONFLICT (uri) DO NOTHING
	RETURNING id, author_id, created_at
), n AS (
	INSERT INTO notifications (id, user_id, kind, actor_id, thread_id, post_id, created_at)
	SELECT v.id, u.id, $23::text, p.author_id, $17::text, p.id, $24::timestamptz
	FROM unnest($20::int[], $21::text[], $22::text[]) AS v (n, actor_id, id)
		JOIN i ON i.n = v.n JOIN p ON p.id = i.id JOIN users u ON u.actor_id = v.actor_id
), c AS (
	SELECT count(*) AS k, max(created_at) AS at FROM p
), t AS (
	UPDATE threads SET reply_count = reply_count + c.k, revision = revision + c.k,
		last_activity_at = CASE WHEN threads.last_activity_at < c.at THEN c.at ELSE threads.last_activity_at END
	FROM c WHERE threads.id = $17::text AND c.k > 0
	RETURNING threads.id
), sp AS (
	UPDATE spaces SET last_activity_at = c.at
	FROM c, t WHERE spaces.id = $18::text
		AND (spaces.last_activity_at IS NULL OR spaces.last_activity_at < c.at - interval '1 second')
	RETURNING spaces.id
)
SELECT 'followed', '' FROM g WHERE NOT g.ok
UNION ALL SELECT 'fresh', uri FROM r
UNION ALL SELECT 'created', id FROM p`

// NotifyLocalActors gives each local member behind actorIDs a copy of n
// (with its own id; n.ID and n.UserID are ignored), in one statement.
// Actors that are not local members are skipped.
func (s *Store) NotifyLocalActors(ctx context.Context, actorIDs []string, n *model.Notification) error {
	actorIDs = uniq(actorIDs)
	if len(actorIDs) == 0 {
		return nil
	}
	// One SELECT (no UNION, which would make PostgreSQL read the literals
	// as text): each row's id chosen by its actor.
	var ids strings.Builder
	args := make([]any, 0, 2*len(actorIDs)+6)
	ids.WriteString("CASE actor_id")
	for _, a := range actorIDs {
		ids.WriteString(" WHEN ? THEN ?")
		args = append(args, a, model.NewID())
	}
	ids.WriteString(" END")
	args = append(args, n.Kind, n.ActorID, n.ThreadID, n.PostID, n.CreatedAt, bun.In(actorIDs))
	_, err := s.idb.NewRaw("INSERT INTO notifications (id, user_id, kind, actor_id, thread_id, post_id, created_at) SELECT "+
		ids.String()+", id, ?, ?, ?, ?, ? FROM users WHERE actor_id IN (?)", args...).Exec(ctx)
	return wrap("notify local actors", err)
}
