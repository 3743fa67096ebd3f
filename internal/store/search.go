package store

import (
	"context"
	"strings"
	"unicode"

	"github.com/uptrace/bun"

	"github.com/protectors-portal/portal/internal/model"
)

// SearchTerm is one part of a parsed query: a word or a phrase (several
// words in order), maybe negated. Words hold only letters and digits, so
// no user input ever reaches a query language unescaped.
type SearchTerm struct {
	Words []string
	Not   bool
}

// ParseSearch splits user input into terms: words, "quoted phrases" (an
// unterminated quote runs to the end) and -negated words or phrases.
// Everything else is a separator.
func ParseSearch(q string) []SearchTerm {
	var terms []SearchTerm
	rs := []rune(strings.ToLower(q))
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for i := 0; i < len(rs); {
		not := false
		if rs[i] == '-' && i+1 < len(rs) && (rs[i+1] == '"' || isWord(rs[i+1])) && (i == 0 || unicode.IsSpace(rs[i-1])) {
			not = true
			i++
		}
		switch {
		case rs[i] == '"':
			j := i + 1
			for j < len(rs) && rs[j] != '"' {
				j++
			}
			if words := splitWords(string(rs[i+1:j]), isWord); len(words) > 0 {
				terms = append(terms, SearchTerm{Words: words, Not: not})
			}
			i = j + 1
		case isWord(rs[i]):
			j := i
			for j < len(rs) && isWord(rs[j]) {
				j++
			}
			terms = append(terms, SearchTerm{Words: []string{string(rs[i:j])}, Not: not})
			i = j
		default:
			i++
		}
		if len(terms) >= 16 {
			break
		}
	}
	return terms
}

func splitWords(s string, isWord func(rune) bool) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !isWord(r) })
}

// ftsQuery renders terms as an FTS5 MATCH expression; "" when nothing
// positive is left to search for.
func ftsQuery(terms []SearchTerm) string {
	var pos, neg []string
	for _, t := range terms {
		var s string
		if len(t.Words) == 1 {
			s = `"` + t.Words[0] + `"*`
		} else {
			s = `"` + strings.Join(t.Words, " ") + `"`
		}
		if t.Not {
			neg = append(neg, s)
		} else {
			pos = append(pos, s)
		}
	}
	if len(pos) == 0 {
		return ""
	}
	q := strings.Join(pos, " AND ")
	for _, n := range neg {
		q = "(" + q + ") NOT " + n
	}
	return q
}

// tsQuery renders terms as a PostgreSQL to_tsquery expression; "" when
// nothing positive is left.
func tsQuery(terms []SearchTerm) string {
	var parts []string
	positive := false
	for _, t := range terms {
		var s string
		if len(t.Words) == 1 {
			s = t.Words[0] + ":*"
		} else {
			s = "(" + strings.Join(t.Words, " <-> ") + ")"
		}
		if t.Not {
			s = "!" + s
		} else {
			positive = true
		}
		parts = append(parts, s)
	}
	if !positive {
		return ""
	}
	return strings.Join(parts, " & ")
}

// SearchHit is a thread or a post that matched.
type SearchHit struct {
	Thread *model.Thread
	Post   *model.Post // nil when the thread itself matched
}

// Search finds live threads and posts matching q, best first, visible to
// the caller (alliance-only ones only when includeAlliance).
func (s *Store) Search(ctx context.Context, q string, includeAlliance bool, limit int) ([]SearchHit, error) {
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	terms := ParseSearch(q)
	vis := []model.Visibility{model.VisibilityPublic}
	if includeAlliance {
		vis = append(vis, model.VisibilityAlliance)
	}
	var rows []struct {
		Kind  string `bun:"kind"`
		DocID string `bun:"doc_id"`
	}
	var err error
	if s.dialect == SQLite {
		m := ftsQuery(terms)
		if m == "" {
			return nil, nil
		}
		err = s.idb.NewRaw(`SELECT d.kind, d.doc_id FROM search_fts
			JOIN search_docs AS d ON d.rowid = search_fts.rowid
			LEFT JOIN threads AS t ON d.kind = 'thread' AND t.id = d.doc_id
			LEFT JOIN posts AS p ON d.kind = 'post' AND p.id = d.doc_id
			WHERE search_fts MATCH ? AND COALESCE(t.deleted_at, p.deleted_at) IS NULL
			  AND COALESCE(t.visibility, p.visibility) IN (?)
			ORDER BY bm25(search_fts, 3.0, 1.0) LIMIT ?`, m, bun.In(vis), limit).Scan(ctx, &rows)
	} else {
		m := tsQuery(terms)
		if m == "" {
			return nil, nil
		}
		err = s.idb.NewRaw(`SELECT kind, doc_id FROM (
			SELECT 'thread' AS kind, id AS doc_id, ts_rank(search_vector, q) AS score, created_at
			  FROM threads, to_tsquery('simple', ?) AS q
			 WHERE search_vector @@ q AND deleted_at IS NULL AND visibility IN (?)
			UNION ALL
			SELECT 'post', id, ts_rank(search_vector, q), created_at
			  FROM posts, to_tsquery('simple', ?) AS q
			 WHERE search_vector @@ q AND deleted_at IS NULL AND visibility IN (?)
			) AS hits ORDER BY score DESC, created_at DESC LIMIT ?`, m, bun.In(vis), m, bun.In(vis), limit).Scan(ctx, &rows)
	}
	if err != nil {
		return nil, wrap("search", err)
	}
	return s.loadHits(ctx, rows)
}

func (s *Store) loadHits(ctx context.Context, rows []struct {
	Kind  string `bun:"kind"`
	DocID string `bun:"doc_id"`
}) ([]SearchHit, error) {
	var postIDs []string
	threadIDs := []string{}
	for _, r := range rows {
		if r.Kind == "post" {
			postIDs = append(postIDs, r.DocID)
		} else {
			threadIDs = append(threadIDs, r.DocID)
		}
	}
	posts := map[string]*model.Post{}
	if len(postIDs) > 0 {
		var list []*model.Post
		if err := s.idb.NewSelect().Model(&list).Where("id IN (?)", bun.In(postIDs)).Scan(ctx); err != nil {
			return nil, wrap("search posts", err)
		}
		if err := s.attachPosts(ctx, list); err != nil {
			return nil, err
		}
		for _, p := range list {
			posts[p.ID] = p
			threadIDs = append(threadIDs, p.ThreadID)
		}
	}
	threads := map[string]*model.Thread{}
	if len(threadIDs) > 0 {
		var list []*model.Thread
		if err := s.idb.NewSelect().Model(&list).Where("id IN (?)", bun.In(uniq(threadIDs))).Scan(ctx); err != nil {
			return nil, wrap("search threads", err)
		}
		if err := s.attachThreads(ctx, list); err != nil {
			return nil, err
		}
		for _, t := range list {
			threads[t.ID] = t
		}
	}
	hits := make([]SearchHit, 0, len(rows))
	for _, r := range rows {
		if r.Kind == "post" {
			p := posts[r.DocID]
			if p == nil || threads[p.ThreadID] == nil || threads[p.ThreadID].Deleted() {
				continue
			}
			hits = append(hits, SearchHit{Thread: threads[p.ThreadID], Post: p})
		} else if t := threads[r.DocID]; t != nil {
			hits = append(hits, SearchHit{Thread: t})
		}
	}
	return hits, nil
}
