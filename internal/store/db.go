// Package store is the only package that speaks to the database: bun over
// SQLite (modernc.org/sqlite) or PostgreSQL (pgx/v5). It applies the
// migrations, hides every difference between the two databases and maps
// driver errors to model errors.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/protectors-portal/portal/internal/model"
)

// Dialect names a database.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database: the connection pool and the store over it.
type DB struct {
	*Store
	queries *queryCounter
	bun     *bun.DB
	sql     *sql.DB
	pool    *pgxpool.Pool
	changes changeHooks // see OnChange
}

// Store runs queries, outside a transaction or inside one.
type Store struct {
	idb     bun.IDB
	tx      *sql.Tx
	dialect Dialect
}

// Open connects to the database named by driver ("sqlite" or "postgres")
// and dsn (a file path or a postgres URL). It does not migrate.
func Open(ctx context.Context, driver, dsn string) (*DB, error) {
	switch Dialect(driver) {
	case SQLite:
		return openSQLite(ctx, dsn)
	case Postgres:
		return openPostgres(ctx, dsn)
	}
	return nil, fmt.Errorf("store: unknown database %q", driver)
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create %s: %w", dir, err)
		}
	}
	// WAL lets readers run beside the one writer; a busy timeout makes
	// writers wait instead of failing; immediate transactions take the write
	// lock at BEGIN so that two transactions never deadlock upgrading it.
	dsn := "file:" + path + "?_txlock=immediate" +
		"&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
		"&_pragma=foreign_keys(1)&_time_format=sqlite"
	sqldb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	// Readers run beside the writer (WAL). Code inside a transaction must
	// read through that transaction, never through the pool: on SQLite the
	// pool's other connections may all be waiting for this transaction.
	sqldb.SetMaxOpenConns(8)
	sqldb.SetMaxIdleConns(8)
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	b := bun.NewDB(sqldb, sqlitedialect.New())
	return newDB(b, SQLite, sqldb, nil), nil
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: parse postgres url: %w", err)
	}
	if cfg.MaxConns < 8 {
		cfg.MaxConns = 8
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: connect to postgres: %w", err)
	}
	// As stdlib.OpenDBFromPool, which keeps no idle connections of its
	// own: the pgx pool holds them.
	sqldb := sql.OpenDB(simpleQueries{stdlib.GetPoolConnector(pool)})
	sqldb.SetMaxIdleConns(0)
	b := bun.NewDB(sqldb, pgdialect.New())
	return newDB(b, Postgres, sqldb, pool), nil
}

func newDB(b *bun.DB, d Dialect, sqldb *sql.DB, pool *pgxpool.Pool) *DB {
	qc := &queryCounter{}
	b.AddQueryHook(qc)
	return &DB{Store: &Store{idb: b, dialect: d}, queries: qc, bun: b, sql: sqldb, pool: pool}
}

// Close closes the pool.
func (db *DB) Close() error {
	err := db.sql.Close()
	if db.pool != nil {
		db.pool.Close()
	}
	return err
}

// SQL is the database/sql handle (for the job queue).
func (db *DB) SQL() *sql.DB { return db.sql }

// Pool is the pgx pool on PostgreSQL, nil on SQLite.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Dialect says which database this is.
func (s *Store) Dialect() Dialect { return s.dialect }

// SQLTx is the transaction this store runs in, or nil outside one. The job
// queue inserts jobs through it so that they commit with the content.
func (s *Store) SQLTx() *sql.Tx { return s.tx }

// InTx runs fn in a transaction, committing when fn returns nil. Inside a
// transaction already, fn joins it.
func (s *Store) InTx(ctx context.Context, fn func(tx *Store) error) error {
	if s.tx != nil {
		return fn(s)
	}
	db, ok := s.idb.(*bun.DB)
	if !ok {
		return errors.New("store: InTx on a store that is neither a database nor a transaction")
	}
	btx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", mapErr(err))
	}
	txs := &Store{idb: btx, tx: btx.Tx, dialect: s.dialect}
	if err := fn(txs); err != nil {
		_ = btx.Rollback()
		return err
	}
	if err := btx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", mapErr(err))
	}
	return nil
}

// mapErr turns driver errors into model errors, keeping the original in
// the chain for logs.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return model.ErrNotFound
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return fmt.Errorf("%w: %s", model.ErrConflict, pgErr.ConstraintName)
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		switch sqErr.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %s", model.ErrConflict, sqErr.Error())
		}
	}
	return err
}

// wrap names the operation and maps the error.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	m := mapErr(err)
	if m == model.ErrNotFound || errors.Is(m, model.ErrConflict) {
		if m == model.ErrNotFound {
			return fmt.Errorf("store: %s: %w", op, model.ErrNotFound)
		}
		return fmt.Errorf("store: %s: %w", op, m)
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

// like escapes s for use inside a LIKE pattern with ESCAPE '\'.
func like(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}
