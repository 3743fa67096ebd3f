package store

import (
	"context"
	"sync/atomic"

	"github.com/uptrace/bun"
)

// queryCounter counts the queries a database runs, so that tests can
// show a page costs the same number of queries whatever its size.
type queryCounter struct{ n atomic.Int64 }

func (c *queryCounter) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	return ctx
}

func (c *queryCounter) AfterQuery(context.Context, *bun.QueryEvent) { c.n.Add(1) }

// Queries is how many queries the database has run through bun since it
// opened. The inbox's hand-written statements (inbox_fast.go) go around
// bun and are not counted; the views whose cost tests measure use bun.
func (db *DB) Queries() int64 { return db.queries.n.Load() }
