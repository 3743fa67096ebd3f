package store_test

import (
	"context"
	"testing"

	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

func TestMigrateFromEmptyThenNoop(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		drv, dsn := testkit.SplitDatabaseURL(testkit.NewDatabaseURL(t, d))
		ctx := context.Background()
		db, err := store.Open(ctx, drv, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		all, err := store.Migrations(d)
		if err != nil || len(all) == 0 {
			t.Fatalf("migrations: %v (%d)", err, len(all))
		}
		applied, err := db.Migrate(ctx)
		if err != nil {
			t.Fatalf("first migrate: %v", err)
		}
		if len(applied) != len(all) {
			t.Fatalf("first migrate applied %v, want all %d", applied, len(all))
		}
		again, err := db.Migrate(ctx)
		if err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		if len(again) != 0 {
			t.Fatalf("second migrate applied %v, want nothing", again)
		}
		// The schema is really there: a table from the first migration answers.
		if _, err := db.CountUsers(ctx); err != nil {
			t.Fatalf("count users after migrate: %v", err)
		}
	})
}

func TestMigrationsMatchAcrossDialects(t *testing.T) {
	t.Parallel()
	pg, err := store.Migrations(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	lite, err := store.Migrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	if len(pg) != len(lite) {
		t.Fatalf("%d postgres migrations but %d sqlite ones", len(pg), len(lite))
	}
	for i := range pg {
		if pg[i].Version != lite[i].Version || pg[i].Name != lite[i].Name {
			t.Errorf("migration %d: postgres %s, sqlite %s", i, pg[i].Name, lite[i].Name)
		}
	}
}
