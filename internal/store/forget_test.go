package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// The inbox's memory (activity ids seen, deletions that came early) is
// kept for a while and then forgotten.
func TestInboxMemoryIsForgotten(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		t.Parallel()
		db := testkit.NewDB(t, d)
		ctx := context.Background()
		old, recent := model.Now().Add(-48*time.Hour), model.Now()
		const gone, kept = "https://there.example/notes/1", "https://there.example/notes/2"
		for _, c := range []struct {
			uri string
			at  time.Time
		}{{gone, old}, {kept, recent}, {gone, recent}} {
			if err := db.RememberDeleted(ctx, c.uri, model.NewID(), c.at); err != nil {
				t.Fatal(err)
			}
			if _, err := db.MarkReceived(ctx, c.uri+"/delete", "https://there.example/users/bob", c.at); err != nil {
				t.Fatal(err)
			}
		}
		for _, uri := range []string{gone, kept} {
			if ok, err := db.WasDeleted(ctx, uri); !ok || err != nil {
				t.Fatalf("%s not remembered: %v", uri, err)
			}
		}
		if ok, err := db.WasDeleted(ctx, "https://there.example/notes/3"); ok || err != nil {
			t.Fatalf("a note never deleted counts as deleted: %v", err)
		}
		cutoff := model.Now().Add(-24 * time.Hour)
		if n, err := db.ForgetDeletedBefore(ctx, cutoff); n != 1 || err != nil {
			t.Fatalf("forgot %d deletions, want 1: %v", n, err)
		}
		if n, err := db.DeleteReceivedBefore(ctx, cutoff); n != 1 || err != nil {
			t.Fatalf("forgot %d received ids, want 1: %v", n, err)
		}
		if ok, _ := db.WasDeleted(ctx, gone); ok {
			t.Fatal("an old deletion is still remembered")
		}
		if ok, _ := db.WasDeleted(ctx, kept); !ok {
			t.Fatal("a recent deletion was forgotten")
		}
		if fresh, err := db.MarkReceived(ctx, kept+"/delete", "https://there.example/users/bob", recent); fresh || err != nil {
			t.Fatalf("a recent id was forgotten: %v", err)
		}
	})
}
