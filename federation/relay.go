package federation

import (
	"context"
	"encoding/json"

	"github.com/protectors-portal/portal/federation/activity"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// relayPlan is what a local space needs to announce an activity it
// received about one of its threads: read first, sent once the activity's
// effects are stored.
type relayPlan struct {
	thread  *model.Thread
	space   *model.Actor
	targets []target
}

// planRelay reads the followers of t's space, when it is local. A space
// that nobody elsewhere follows costs one query, and gives a nil plan.
func (s *Service) planRelay(ctx context.Context, tx *store.Store, t *model.Thread) (*relayPlan, error) {
	if t == nil || t.Space == nil || !t.Space.Local {
		return nil, nil
	}
	followers, err := tx.ListFollowers(ctx, t.Space.ActorID, model.FollowAccepted)
	if err != nil {
		return nil, err
	}
	s.spaceFollowed.put(t.Space.ActorID, len(followers) > 0)
	ts := s.targets(ctx, tx, t.Visibility, followers...)
	if len(ts) == 0 {
		return nil, nil
	}
	space, err := tx.GetActor(ctx, t.Space.ActorID)
	if err != nil {
		return nil, err
	}
	return &relayPlan{thread: t, space: space, targets: ts}, nil
}

// relayPlanned has the space announce act, unchanged (FEP-1b12), as p
// planned. A nil plan sends nothing.
func (s *Service) relayPlanned(ctx context.Context, tx *store.Store, p *relayPlan, act *activity.Activity) error {
	if p == nil {
		return nil
	}
	to, _ := addressing(p.thread.Visibility, p.space)
	id, ann := s.newActivity("Announce", p.space, json.RawMessage(act.Raw), to, []string{p.space.Followers}, p.space.URI)
	return s.send(ctx, tx, id, p.space, ann, p.thread.URI, p.thread.Visibility, p.targets)
}
