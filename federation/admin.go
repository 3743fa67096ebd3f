package federation

import (
	"context"

	"github.com/protectors-portal/portal/internal/model"
)

// What the pages read about federation: the peers and their delivery
// record, and a member's follow of one actor.

// Peers lists every remote host this node has met, with its delivery
// record and the number of deliveries queued for it.
func (s *Service) Peers(ctx context.Context) ([]*model.Peer, error) {
	return s.db.ListPeers(ctx)
}

// FollowOf returns the member's follow of the actor actorID, or
// model.ErrNotFound when they do not follow it.
func (s *Service) FollowOf(ctx context.Context, by *model.User, actorID string) (*model.Follow, error) {
	return s.db.GetFollow(ctx, by.ActorID, actorID)
}
