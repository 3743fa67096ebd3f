package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

func TestActorsRoundTrip(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		db := testkit.NewDB(t, d)
		ctx := context.Background()
		now := model.Now()
		a := &model.Actor{ID: model.NewID(), URI: "https://x.example/members/ann", Kind: model.ActorPerson,
			Username: "ann", Host: "x.example", KeyID: "https://x.example/members/ann#main-key", CreatedAt: now, UpdatedAt: now}
		if err := db.CreateActor(ctx, a); err != nil {
			t.Fatal(err)
		}
		got, err := db.GetActorByURI(ctx, a.URI)
		if err != nil || got.ID != a.ID || !got.CreatedAt.Equal(now) {
			t.Fatalf("get by uri: %+v %v", got, err)
		}
		if err := db.CreateActor(ctx, a); !errors.Is(err, model.ErrConflict) {
			t.Fatalf("duplicate actor: %v, want ErrConflict", err)
		}
		if _, err := db.GetActor(ctx, model.NewID()); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("missing actor: %v, want ErrNotFound", err)
		}
		m, err := db.ActorsByID(ctx, []string{a.ID, a.ID, "nope"})
		if err != nil || len(m) != 1 || m[a.ID].Username != "ann" {
			t.Fatalf("actors by id: %v %v", m, err)
		}
	})
}
