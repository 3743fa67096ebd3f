package federation

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// The domain decisions are believed from memory only while fresh: after
// policyTTL (another process may have decided since), and at once after
// this process changed one, hosts are checked in the database again.
func TestPolicyCache(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite", filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	block := func(domain string) {
		t.Helper()
		now := model.Now()
		if err := db.SetDomainPolicy(ctx, &model.DomainPolicy{Domain: domain, Policy: "block", CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	var c policyCache
	if _, ok := c.lookup("evil.example"); ok {
		t.Fatal("an empty cache answered")
	}
	block("evil.example")
	if err := c.reload(ctx, db.Store); err != nil {
		t.Fatal(err)
	}
	if p, ok := c.lookup("evil.example"); !ok || p != "block" {
		t.Fatalf("after a load: %q %v", p, ok)
	}
	if p, ok := c.lookup("fine.example"); !ok || p != "" {
		t.Fatalf("an unknown host: %q %v", p, ok)
	}

	// Decided elsewhere: not seen until the cache is stale.
	block("worse.example")
	if p, _ := c.lookup("worse.example"); p != "" {
		t.Fatalf("saw another process's decision at once: %q", p)
	}
	c.mu.Lock()
	c.loadedAt = time.Now().Add(-policyTTL - time.Second)
	c.mu.Unlock()
	if _, ok := c.lookup("worse.example"); ok {
		t.Fatal("a stale cache answered")
	}
	if err := c.reload(ctx, db.Store); err != nil {
		t.Fatal(err)
	}
	if p, _ := c.lookup("worse.example"); p != "block" {
		t.Fatalf("after a reload: %q", p)
	}

	// Decided here: forgotten at once, and a load that began before the
	// change is not kept.
	c.invalidate()
	if _, ok := c.lookup("evil.example"); ok {
		t.Fatal("an invalidated cache answered")
	}
	c.mu.Lock()
	gen := c.gen
	c.mu.Unlock()
	c.loading.Store(true) // a load under way elsewhere: this caller does not wait
	if err := c.reload(ctx, db.Store); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.lookup("evil.example"); ok {
		t.Fatal("a reload ran while another was under way")
	}
	c.loading.Store(false)
	if c.gen != gen {
		t.Fatal("a reload counted as an invalidation")
	}
}

// The database's change hook reaches the federation service: a decision
// taken through any service on the same store.DB applies at once.
func TestPolicyChangeHook(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite", filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var c policyCache
	db.OnChange(store.DomainPoliciesChanged, c.invalidate)
	if err := c.reload(ctx, db.Store); err != nil {
		t.Fatal(err)
	}
	db.Changed(store.DomainPoliciesChanged)
	if _, ok := c.lookup("any.example"); ok {
		t.Fatal("the cache outlived a change")
	}
}
