package discussion

import (
	"context"

	"github.com/protectors-portal/portal/internal/model"
)

// CanModerateSpace reports whether u moderates the space with id spaceID:
// the node's admins and moderators do, and so do the space's own
// moderators. Nobody signed out does.
func (s *Service) CanModerateSpace(ctx context.Context, u *model.User, spaceID string) (bool, error) {
	return s.isModerator(ctx, u, spaceID)
}
