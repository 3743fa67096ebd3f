package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/protectors-portal/portal/internal/model"
)

// CreateNotifications inserts notifications.
func (s *Store) CreateNotifications(ctx context.Context, list []*model.Notification) error {
	if len(list) == 0 {
		return nil
	}
	_, err := s.idb.NewInsert().Model(&list).Exec(ctx)
	return wrap("create notifications", err)
}

// ListNotifications lists a user's latest notifications with who caused
// them and the thread they concern.
func (s *Store) ListNotifications(ctx context.Context, userID string, limit int) ([]*model.Notification, error) {
	var list []*model.Notification
	if err := s.idb.NewSelect().Model(&list).Where("user_id = ?", userID).Order("created_at DESC", "id DESC").
		Limit(int64(limit)).Scan(ctx); err != nil {
		return nil, wrap("list notifications", err)
	}
	actorIDs := make([]string, 0, len(list))
	threadIDs := make([]string, 0, len(list))
	for _, n := range list {
		actorIDs = append(actorIDs, n.ActorID)
		threadIDs = append(threadIDs, n.ThreadID)
	}
	actors, err := s.ActorsByID(ctx, actorIDs)
	if err != nil {
		return nil, err
	}
	var threads []*model.Thread
	if len(threadIDs) > 0 {
		if err := s.idb.NewSelect().Model(&threads).Where("id IN (?)", bun.In(uniq(threadIDs))).Scan(ctx); err != nil {
			return nil, wrap("notification threads", err)
		}
	}
	byID := map[string]*model.Thread{}
	for _, t := range threads {
		byID[t.ID] = t
	}
	for _, n := range list {
		n.Actor, n.Thread = actors[n.ActorID], byID[n.ThreadID]
	}
	return list, nil
}

// UnreadCount counts a user's unread notifications.
func (s *Store) UnreadCount(ctx context.Context, userID string) (int, error) {
	n, err := s.idb.NewSelect().TableExpr("notifications").Where("user_id = ? AND read_at IS NULL", userID).Count(ctx)
	return int(n), wrap("unread count", err)
}

// MarkNotificationsRead marks all of a user's notifications read.
func (s *Store) MarkNotificationsRead(ctx context.Context, userID string, now time.Time) error {
	_, err := s.idb.NewUpdate().TableExpr("notifications").Set("read_at = ?", now).
		Where("user_id = ? AND read_at IS NULL", userID).Exec(ctx)
	return wrap("mark notifications read", err)
}
