package store

import (
	"context"
	"time"
)

// PurgedAuthor says what PurgeAuthor changed.
type PurgedAuthor struct {
	Threads, Posts, Endorsements, Follows int64
}

// PurgeAuthor carries out a remote account's deletion: its threads and
// replies become tombstones without their words, titles included (so that
// the chains under them stay whole),
// its endorsements are withdrawn, its follows, both ways, end, and its
// name and summary are cleared. The
// counters of the threads concerned move with them. Run it in a
// transaction.
func (s *Store) PurgeAuthor(ctx context.Context, actorID string, now time.Time) (PurgedAuthor, error) {
	var out PurgedAuthor
	// Replies first: their threads' counts drop by the live replies the
	// author had in each.
	if _, err := s.idb.NewRaw(`UPDATE threads SET
		reply_count = reply_count - (SELECT count(*) FROM posts p WHERE p.thread_id = threads.id AND p.author_id = ? AND p.deleted_at IS NULL),
		revision = revision + 1
		WHERE id IN (SELECT thread_id FROM posts WHERE author_id = ? AND deleted_at IS NULL)`, actorID, actorID).Exec(ctx); err != nil {
		return out, wrap("purge author: reply counts", err)
	}
	res, err := s.idb.NewRaw(`UPDATE posts SET deleted_at = ?, body_source = '', body_html = '', body_text = ''
		WHERE author_id = ? AND deleted_at IS NULL`, now, actorID).Exec(ctx)
	if err != nil {
		return out, wrap("purge author: posts", err)
	}
	out.Posts, _ = res.RowsAffected()
	res, err = s.idb.NewRaw(`UPDATE threads SET deleted_at = ?, title = '', body_source = '', body_html = '', body_text = '', revision = revision + 1
		WHERE author_id = ? AND deleted_at IS NULL`, now, actorID).Exec(ctx)
	if err != nil {
		return out, wrap("purge author: threads", err)
	}
	out.Threads, _ = res.RowsAffected()
	if _, err := s.idb.NewRaw(`UPDATE threads SET endorsement_count = endorsement_count - 1, revision = revision + 1
		WHERE id IN (SELECT thread_id FROM endorsements WHERE actor_id = ? AND thread_id IS NOT NULL)`, actorID).Exec(ctx); err != nil {
		return out, wrap("purge author: endorsement counts", err)
	}
	res, err = s.idb.NewRaw(`DELETE FROM endorsements WHERE actor_id = ?`, actorID).Exec(ctx)
	if err != nil {
		return out, wrap("purge author: endorsements", err)
	}
	out.Endorsements, _ = res.RowsAffected()
	res, err = s.idb.NewRaw(`DELETE FROM follows WHERE follower_id = ? OR target_id = ?`, actorID, actorID).Exec(ctx)
	if err != nil {
		return out, wrap("purge author: follows", err)
	}
	out.Follows, _ = res.RowsAffected()
	// What the account said about itself goes too; its address stays, for
	// the tombstones.
	if _, err := s.idb.NewRaw(`UPDATE actors SET display_name = '', summary = '', updated_at = ? WHERE id = ?`, now, actorID).Exec(ctx); err != nil {
		return out, wrap("purge author: profile", err)
	}
	return out, nil
}
