package store

import (
	"context"
	"time"

	"github.com/protectors-portal/portal/internal/model"
)

// Count is one group of a count.
type Count struct {
	Key string `bun:"key"`
	N   int    `bun:"n"`
}

// CountChallengesBy counts live challenges grouped by "category" or
// "status"; alliance-only ones only when includeAlliance.
func (s *Store) CountChallengesBy(ctx context.Context, column string, includeAlliance bool) ([]Count, error) {
	if column != "category" && column != "status" {
		return nil, wrap("count challenges", model.ErrForbidden)
	}
	var out []Count
	q := s.idb.NewSelect().TableExpr("threads").ColumnExpr(column+" AS key, count(*) AS n").
		Where("kind = ? AND deleted_at IS NULL", model.KindChallenge).GroupExpr(column).OrderExpr(column)
	if !includeAlliance {
		q = q.Where("visibility = ?", model.VisibilityPublic)
	}
	err := q.Scan(ctx, &out)
	return out, wrap("count challenges", err)
}

// CountByAuthorHost counts live threads and replies grouped by the host of
// their author.
func (s *Store) CountByAuthorHost(ctx context.Context, includeAlliance bool) ([]Count, error) {
	vis := ""
	args := []any{}
	if !includeAlliance {
		vis = " AND x.visibility = ?"
		args = append(args, model.VisibilityPublic, model.VisibilityPublic)
	}
	var out []Count
	err := s.idb.NewRaw(`SELECT host AS key, sum(n) AS n FROM (
		SELECT a.host AS host, count(*) AS n FROM threads AS x JOIN actors AS a ON a.id = x.author_id WHERE x.deleted_at IS NULL`+vis+` GROUP BY a.host
		UNION ALL
		SELECT a.host, count(*) FROM posts AS x JOIN actors AS a ON a.id = x.author_id WHERE x.deleted_at IS NULL`+vis+` GROUP BY a.host
		) AS c GROUP BY host ORDER BY host`, args...).Scan(ctx, &out)
	return out, wrap("count by author host", err)
}

// CreatedSince returns the creation times of live threads and of live
// replies since t (at most limit of each), for weekly figures.
func (s *Store) CreatedSince(ctx context.Context, t time.Time, includeAlliance bool, limit int) (threads, posts []time.Time, err error) {
	for _, table := range []string{"threads", "posts"} {
		var list []time.Time
		q := s.idb.NewSelect().TableExpr(table).Column("created_at").Where("deleted_at IS NULL AND created_at >= ?", t)
		if !includeAlliance {
			q = q.Where("visibility = ?", model.VisibilityPublic)
		}
		if err := q.OrderExpr("created_at DESC").Limit(int64(limit)).Scan(ctx, &list); err != nil {
			return nil, nil, wrap("created since", err)
		}
		if table == "threads" {
			threads = list
		} else {
			posts = list
		}
	}
	return threads, posts, nil
}

// CountThreadsByHost counts live threads, challenges and replies in the
// spaces of each host.
func (s *Store) CountThreadsByHost(ctx context.Context, includeAlliance bool) (map[string][3]int, error) {
	vis := ""
	args := []any{model.KindChallenge}
	if !includeAlliance {
		vis = " AND t.visibility = ?"
		args = append(args, model.VisibilityPublic)
	}
	var rows []struct {
		Host       string `bun:"host"`
		Threads    int    `bun:"threads"`
		Challenges int    `bun:"challenges"`
		Replies    int    `bun:"replies"`
	}
	err := s.idb.NewRaw(`SELECT sp.host AS host, count(*) AS threads,
		sum(CASE WHEN t.kind = ? THEN 1 ELSE 0 END) AS challenges, sum(t.reply_count) AS replies
		FROM threads AS t JOIN spaces AS sp ON sp.id = t.space_id WHERE t.deleted_at IS NULL`+vis+` GROUP BY sp.host`, args...).Scan(ctx, &rows)
	if err != nil {
		return nil, wrap("count threads by host", err)
	}
	out := make(map[string][3]int, len(rows))
	for _, r := range rows {
		out[r.Host] = [3]int{r.Threads, r.Challenges, r.Replies}
	}
	return out, nil
}
