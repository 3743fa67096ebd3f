// Package testkit builds what tests need: databases of both dialects with
// the real migrations, whole nodes on loopback, and small fixtures.
package testkit

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the admin connection that creates test databases

	"github.com/protectors-portal/portal/internal/store"
)

// Dialects are the databases every database test runs on.
var Dialects = []store.Dialect{store.SQLite, store.Postgres}

// PostgresServerURL is where test databases are created; PORTAL_TEST_POSTGRES
// overrides it.
func PostgresServerURL() string {
	if u := os.Getenv("PORTAL_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

var (
	pgOnce  sync.Once
	pgAdmin *sql.DB
	pgErr   error
)

func postgresAdmin() (*sql.DB, error) {
	pgOnce.Do(func() {
		db, err := sql.Open("pgx", PostgresServerURL())
		if err != nil {
			pgErr = err
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			pgErr = err
			return
		}
		pgAdmin = db
	})
	return pgAdmin, pgErr
}

// RequirePostgres says whether a missing PostgreSQL fails tests (CI) rather
// than skipping them.
func RequirePostgres() bool { return os.Getenv("PORTAL_REQUIRE_POSTGRES") == "1" }

// NewDatabaseURL returns the PORTAL_DATABASE value of a new, empty database
// of the dialect, dropped when the test ends. Without a PostgreSQL server
// the test skips with one clear line, or fails when PORTAL_REQUIRE_POSTGRES=1.
func NewDatabaseURL(t testing.TB, d store.Dialect) string {
	t.Helper()
	if d == store.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "portal.db")
	}
	admin, err := postgresAdmin()
	if err != nil {
		if RequirePostgres() {
			t.Fatalf("PostgreSQL is required (PORTAL_REQUIRE_POSTGRES=1) but unreachable at %s: %v", PostgresServerURL(), err)
		}
		t.Skipf("SKIP PostgreSQL test: no server at %s (%v); set PORTAL_REQUIRE_POSTGRES=1 to fail instead", PostgresServerURL(), err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "portal_test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	base := PostgresServerURL()
	i := strings.LastIndex(base, "/")
	rest := ""
	if q := strings.Index(base[i:], "?"); q >= 0 {
		rest = base[i+q:]
	}
	return base[:i] + "/" + name + rest
}

// SplitDatabaseURL turns a PORTAL_DATABASE value into store.Open's driver
// and dsn.
func SplitDatabaseURL(u string) (string, string) {
	if p, ok := strings.CutPrefix(u, "sqlite:"); ok {
		return "sqlite", p
	}
	return "postgres", u
}

// NewDB opens a new migrated database of the dialect, closed at the end.
func NewDB(t testing.TB, d store.Dialect) *store.DB {
	t.Helper()
	drv, dsn := SplitDatabaseURL(NewDatabaseURL(t, d))
	ctx := context.Background()
	db, err := store.Open(ctx, drv, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", d, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", d, err)
	}
	return db
}

// EachDialect runs fn as a subtest on SQLite and on PostgreSQL.
func EachDialect(t *testing.T, fn func(t *testing.T, d store.Dialect)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(string(d), func(t *testing.T) {
			fn(t, d)
		})
	}
}
