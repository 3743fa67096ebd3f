package discussion

import (
	"context"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// Endorse records the member's endorsement of a thread (usually a
// challenge). Endorsing twice is still one endorsement. It returns the
// thread's count.
func (s *Service) Endorse(ctx context.Context, by *model.User, threadID string) (int, error) {
	if by == nil {
		return 0, model.ErrUnauthorized
	}
	t, err := s.visibleThread(ctx, by, threadID)
	if err != nil {
		return 0, err
	}
	if t.Deleted() {
		return 0, &model.SafeError{Err: model.ErrConflict, Public: "This thread was deleted.", Status: 410}
	}
	id := model.NewID()
	e := &model.Endorsement{ID: id, ThreadID: &t.ID, ActorID: by.ActorID, URI: s.urls.Activity(id), CreatedAt: model.Now()}
	err = s.db.InTx(ctx, func(tx *store.Store) error {
		created, err := tx.Endorse(ctx, e)
		if err != nil || !created {
			return err
		}
		if err := s.notifyEndorsement(ctx, tx, by.ActorID, t); err != nil {
			return err
		}
		return s.pub.Publish(ctx, tx, Event{Type: Endorsed, Actor: by.Actor, Space: t.Space, Thread: t, Endorsement: e})
	})
	if err != nil {
		return 0, err
	}
	return s.endorsementCount(ctx, t.ID)
}

// Unendorse takes the member's endorsement back.
func (s *Service) Unendorse(ctx context.Context, by *model.User, threadID string) (int, error) {
	if by == nil {
		return 0, model.ErrUnauthorized
	}
	t, err := s.visibleThread(ctx, by, threadID)
	if err != nil {
		return 0, err
	}
	err = s.db.InTx(ctx, func(tx *store.Store) error {
		e, err := tx.GetEndorsement(ctx, t.ID, by.ActorID)
		if isNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.Unendorse(ctx, t.ID, by.ActorID); err != nil {
			return err
		}
		return s.pub.Publish(ctx, tx, Event{Type: Unendorsed, Actor: by.Actor, Space: t.Space, Thread: t, Endorsement: e})
	})
	if err != nil {
		return 0, err
	}
	return s.endorsementCount(ctx, t.ID)
}

func (s *Service) endorsementCount(ctx context.Context, threadID string) (int, error) {
	t, err := s.db.GetThread(ctx, threadID)
	if err != nil {
		return 0, err
	}
	return t.EndorsementCount, nil
}
