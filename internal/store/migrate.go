package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/protectors-portal/portal/migrations"
)

// Migration is one versioned SQL file.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations lists the embedded migrations for a dialect, in order.
func Migrations(d Dialect) ([]Migration, error) {
	dir := string(d)
	entries, err := fs.ReadDir(migrations.FS, dir)
	if err != nil {
		return nil, fmt.Errorf("store: read migrations: %w", err)
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("store: migration %s: name must start with a number and _", name)
		}
		body, err := fs.ReadFile(migrations.FS, dir+"/"+name)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("store: two migrations numbered %d", out[i].Version)
		}
	}
	return out, nil
}

// migrationLockKey is the PostgreSQL advisory lock that keeps two processes
// from migrating at once.
const migrationLockKey = 7_401_2031

// Migrate applies every migration not yet applied, each in its own
// transaction with its record. It returns the names it applied; applying
// again is a no-op.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	all, err := Migrations(db.dialect)
	if err != nil {
		return nil, err
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	defer conn.Close()
	if db.dialect == Postgres {
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrationLockKey); err != nil {
			return nil, fmt.Errorf("store: migrate: lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLockKey)
	}
	create := `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`
	if _, err := conn.ExecContext(ctx, create); err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	var applied []string
	for _, m := range all {
		done, err := db.applyOne(ctx, conn, m)
		if err != nil {
			return applied, err
		}
		if done {
			applied = append(applied, m.Name)
		}
	}
	return applied, nil
}

func (db *DB) applyOne(ctx context.Context, conn *sql.Conn, m Migration) (bool, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("store: migrate %s: %w", m.Name, err)
	}
	defer tx.Rollback()
	var n int
	q := "SELECT count(*) FROM schema_migrations WHERE version = " + strconv.Itoa(m.Version)
	if err := tx.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return false, fmt.Errorf("store: migrate %s: %w", m.Name, err)
	}
	if n > 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return false, fmt.Errorf("store: migrate %s: %w", m.Name, err)
	}
	ins := "INSERT INTO schema_migrations (version, name, applied_at) VALUES (" +
		strconv.Itoa(m.Version) + ", '" + strings.ReplaceAll(m.Name, "'", "''") + "', '" +
		time.Now().UTC().Format(time.RFC3339) + "')"
	if _, err := tx.ExecContext(ctx, ins); err != nil {
		return false, fmt.Errorf("store: migrate %s: record: %w", m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("store: migrate %s: commit: %w", m.Name, err)
	}
	return true, nil
}
