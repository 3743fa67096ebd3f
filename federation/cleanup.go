package federation

import (
	"context"
	"time"
)

// How long the inbox remembers what it has seen.
const (
	// Received activity ids guard against redelivery, which senders stop
	// after a few days of retries; objects are unique by id besides.
	keepReceived = 30 * 24 * time.Hour
	// A Delete that overtook its Create is kept longer: a Create can be
	// held back by a server that was down for weeks.
	keepDeleted = 90 * 24 * time.Hour
)

// Cleanup forgets received activity ids and early deletions past their
// keeping time; the hourly cleanup job runs it.
func (s *Service) Cleanup(ctx context.Context) (int64, error) {
	now := s.now()
	n, err := s.db.DeleteReceivedBefore(ctx, now.Add(-keepReceived))
	if err != nil {
		return n, err
	}
	m, err := s.db.ForgetDeletedBefore(ctx, now.Add(-keepDeleted))
	return n + m, err
}
