// Package queue runs Portal's durable jobs on River, over whichever database
// the node uses. Jobs are inserted in the same transaction as the content
// they concern, so nothing accepted is lost and nothing is sent twice for
// content that was rolled back.
package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/protectors-portal/portal/internal/store"
)

// Queue names.
const (
	QueueDefault  = river.QueueDefault
	QueueDelivery = "delivery"
)

// JobArgs is what a job carries; river.JobArgs has the same shape, so
// domain packages describe jobs without importing River.
type JobArgs = river.JobArgs

// Options tune the queue; zero values take sensible defaults.
type Options struct {
	Workers         *river.Workers
	Periodic        []*river.PeriodicJob
	Logger          *slog.Logger
	DefaultWorkers  int
	DeliveryWorkers int
	// PollInterval is how often workers look for new jobs when no
	// notification tells them (SQLite always polls).
	PollInterval time.Duration
}

// Queue inserts and works jobs.
type Queue struct {
	insert *river.Client[*sql.Tx]
	start  func(context.Context) error
	stop   func(context.Context) error
}

// Migrate applies River's own migrations; run after Portal's.
func Migrate(ctx context.Context, db *store.DB) error {
	var err error
	if db.Dialect() == store.Postgres {
		var m *rivermigrate.Migrator[pgx.Tx]
		m, err = rivermigrate.New(riverpgxv5.New(db.Pool()), nil)
		if err == nil {
			_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		}
	} else {
		var m *rivermigrate.Migrator[*sql.Tx]
		m, err = rivermigrate.New(riversqlite.New(db.SQL()), nil)
		if err == nil {
			_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		}
	}
	if err != nil {
		return fmt.Errorf("queue: migrate: %w", err)
	}
	return nil
}

// New builds the queue's clients. Workers run only after Start.
func New(db *store.DB, opts Options) (*Queue, error) {
	if opts.Workers == nil {
		opts.Workers = river.NewWorkers()
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.DefaultWorkers == 0 {
		opts.DefaultWorkers = 8
	}
	if opts.DeliveryWorkers == 0 {
		opts.DeliveryWorkers = 32
	}
	if opts.PollInterval == 0 {
		opts.PollInterval = 250 * time.Millisecond
	}
	cfg := &river.Config{
		Workers: opts.Workers,
		Logger:  opts.Logger,
		Queues: map[string]river.QueueConfig{
			QueueDefault:  {MaxWorkers: opts.DefaultWorkers},
			QueueDelivery: {MaxWorkers: opts.DeliveryWorkers},
		},
		PeriodicJobs:      opts.Periodic,
		FetchCooldown:     50 * time.Millisecond,
		FetchPollInterval: opts.PollInterval,
		JobTimeout:        2 * time.Minute,
	}
	q := &Queue{}
	if db.Dialect() == store.Postgres {
		work, err := river.NewClient(riverpgxv5.New(db.Pool()), cfg)
		if err != nil {
			return nil, fmt.Errorf("queue: %w", err)
		}
		// Inserts go through database/sql on the same pgx pool, so that
		// they join the store's transactions.
		ins, err := river.NewClient(riverdatabasesql.New(db.SQL()), &river.Config{Workers: opts.Workers, Logger: opts.Logger})
		if err != nil {
			return nil, fmt.Errorf("queue: %w", err)
		}
		q.insert, q.start, q.stop = ins, work.Start, work.Stop
	} else {
		cfg.PollOnly = true
		c, err := river.NewClient(riversqlite.New(db.SQL()), cfg)
		if err != nil {
			return nil, fmt.Errorf("queue: %w", err)
		}
		q.insert, q.start, q.stop = c, c.Start, c.Stop
	}
	return q, nil
}

// Start runs the workers and periodic jobs until Stop.
func (q *Queue) Start(ctx context.Context) error { return q.start(ctx) }

// Stop waits for running jobs to finish (until ctx ends) and stops.
func (q *Queue) Stop(ctx context.Context) error {
	err := q.stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("queue: stop: jobs still running when time ran out: %w", err)
	}
	return err
}

// Enqueue inserts a job: inside st's transaction when st is in one.
func (q *Queue) Enqueue(ctx context.Context, st *store.Store, args JobArgs, opts *river.InsertOpts) error {
	var err error
	if tx := st.SQLTx(); tx != nil {
		_, err = q.insert.InsertTx(ctx, tx, args, opts)
	} else {
		_, err = q.insert.Insert(ctx, args, opts)
	}
	if err != nil {
		return fmt.Errorf("queue: insert %s: %w", args.Kind(), err)
	}
	return nil
}

// EnqueueMany inserts many jobs at once, inside st's transaction if any.
func (q *Queue) EnqueueMany(ctx context.Context, st *store.Store, params []river.InsertManyParams) error {
	if len(params) == 0 {
		return nil
	}
	var err error
	if tx := st.SQLTx(); tx != nil {
		_, err = q.insert.InsertManyFastTx(ctx, tx, params)
	} else {
		_, err = q.insert.InsertManyFast(ctx, params)
	}
	if err != nil {
		return fmt.Errorf("queue: insert many: %w", err)
	}
	return nil
}
