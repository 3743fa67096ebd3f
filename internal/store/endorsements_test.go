package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// Two transactions endorse the same thread at once; the second waits for
// the first's lock on the thread. Both endorsements must be counted (a
// recount from the waiting transaction's snapshot used to lose one on
// PostgreSQL).
func TestConcurrentEndorsementsAreAllCounted(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		t.Parallel()
		db := testkit.NewDB(t, d)
		ctx := context.Background()
		f := newReplyFixture(t, db)
		endorsement := func(n int) *model.Endorsement {
			return &model.Endorsement{ID: model.NewID(), ThreadID: &f.thread.ID, ActorID: f.remoteActor(t, db, n).ID,
				URI: fmt.Sprintf("https://there.example/likes/%d", n), CreatedAt: model.Now()}
		}
		first, second := endorsement(1), endorsement(2)

		holding, release := make(chan struct{}), make(chan struct{})
		done := make(chan error, 2)
		go func() {
			done <- db.InTx(ctx, func(tx *store.Store) error {
				if _, err := tx.Endorse(ctx, first); err != nil {
					return err
				}
				close(holding)
				<-release
				return nil
			})
		}()
		<-holding
		go func() {
			done <- db.InTx(ctx, func(tx *store.Store) error {
				_, err := tx.Endorse(ctx, second)
				return err
			})
		}()
		if d == store.Postgres {
			// Let the second transaction reach the thread's row lock.
			testkit.Eventually(t, 10*time.Second, "the second endorsement waits for the first", func() bool {
				var n int
				err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity
					WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n)
				return err == nil && n > 0
			})
		}
		close(release)
		for range 2 {
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.GetThread(ctx, f.thread.ID)
		if err != nil || got.EndorsementCount != 2 {
			t.Fatalf("endorsement count %d, want 2: %v", got.EndorsementCount, err)
		}

		if ok, err := db.Unendorse(ctx, f.thread.ID, first.ActorID); !ok || err != nil {
			t.Fatalf("unendorse: %v %v", ok, err)
		}
		if ok, err := db.Unendorse(ctx, f.thread.ID, first.ActorID); ok || err != nil {
			t.Fatalf("unendorse twice: %v %v", ok, err)
		}
		if ok, err := db.Endorse(ctx, endorsementAgain(second)); ok || err != nil {
			t.Fatalf("endorse twice: %v %v", ok, err)
		}
		if got, _ := db.GetThread(ctx, f.thread.ID); got.EndorsementCount != 1 {
			t.Fatalf("after one withdrawal and one repeat: %d, want 1", got.EndorsementCount)
		}
	})
}

func endorsementAgain(e *model.Endorsement) *model.Endorsement {
	again := *e
	again.ID = model.NewID()
	return &again
}

func (f *replyFixture) remoteActor(t testing.TB, db *store.DB, n int) *model.Actor {
	t.Helper()
	uri := fmt.Sprintf("https://there.example/users/e%d", n)
	a := &model.Actor{ID: model.NewID(), URI: uri, Kind: model.ActorPerson, Username: fmt.Sprintf("e%d", n),
		Host: "there.example", KeyID: uri + "#main-key", CreatedAt: model.Now(), UpdatedAt: model.Now()}
	if err := db.CreateActor(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

// UpdateThreadColumns writes the named columns only, and marks the thread
// changed.
func TestUpdateThreadColumns(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		t.Parallel()
		db := testkit.NewDB(t, d)
		ctx := context.Background()
		f := newReplyFixture(t, db)
		stale, err := db.GetThread(ctx, f.thread.ID)
		if err != nil {
			t.Fatal(err)
		}
		stale.Locked, stale.Title = true, "Not meant to be written"
		if err := db.UpdateThreadColumns(ctx, stale, "locked"); err != nil {
			t.Fatal(err)
		}
		got, err := db.GetThread(ctx, f.thread.ID)
		if err != nil || !got.Locked || got.Title != f.thread.Title || got.Revision != f.thread.Revision+1 {
			t.Fatalf("after writing locked: locked %v, title %q, revision %d (was %d): %v",
				got.Locked, got.Title, got.Revision, f.thread.Revision, err)
		}
	})
}
