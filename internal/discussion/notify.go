package discussion

import (
	"context"
	"errors"
	"strings"

	"github.com/protectors-portal/portal/internal/markup"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// notifyUser queues a notification for the local member behind actorID,
// unless that is the one acting. Remote actors are not notified here.
func notifyUser(ctx context.Context, tx *store.Store, byActorID string, actorID string, n *model.Notification) ([]*model.Notification, error) {
	if actorID == byActorID {
		return nil, nil
	}
	u, err := tx.GetUserByActorID(ctx, actorID)
	if errors.Is(err, model.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	n.ID, n.UserID, n.ActorID, n.CreatedAt = model.NewID(), u.ID, byActorID, model.Now()
	return []*model.Notification{n}, nil
}

// notifyReply tells the thread's author, and the author of the post
// replied to, of a reply: in one statement, and none when both are known
// to be remote.
func (s *Service) notifyReply(ctx context.Context, tx *store.Store, byActorID string, t *model.Thread, parent, p *model.Post) error {
	return tx.NotifyLocalActors(ctx, replyNotified(byActorID, t, parent), &model.Notification{Kind: model.NotifyReply,
		ActorID: byActorID, ThreadID: t.ID, PostID: &p.ID, CreatedAt: model.Now()})
}

// replyNotified are the actors a reply by byActorID concerns — the
// thread's author and the author of the post replied to — but the one
// replying and those known to be remote.
func replyNotified(byActorID string, t *model.Thread, parent *model.Post) []string {
	var out []string
	if mayBeLocal(t.Author, t.AuthorID) && t.AuthorID != byActorID {
		out = append(out, t.AuthorID)
	}
	if parent != nil && mayBeLocal(parent.Author, parent.AuthorID) && parent.AuthorID != byActorID && parent.AuthorID != t.AuthorID {
		out = append(out, parent.AuthorID)
	}
	return out
}

// mayBeLocal says whether the actor actorID (loaded as a, or not loaded:
// nil) may be a local member.
func mayBeLocal(a *model.Actor, actorID string) bool {
	return a == nil || a.ID != actorID || a.Local
}

// notifyMentions tells each local member @mentioned in body.
func (s *Service) notifyMentions(ctx context.Context, tx *store.Store, by *model.User, t *model.Thread, p *model.Post, body string) error {
	domain := s.urls.Domain()
	var all []*model.Notification
	for i, m := range markup.Mentions(body) {
		if i >= 20 {
			break
		}
		if m.Host != "" && !strings.EqualFold(m.Host, domain) {
			continue
		}
		u, err := tx.GetUserByUsername(ctx, strings.ToLower(m.Username))
		if errors.Is(err, model.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		n := &model.Notification{Kind: model.NotifyMention, ThreadID: t.ID}
		if p != nil {
			n.PostID = &p.ID
		}
		ns, err := notifyUser(ctx, tx, by.ActorID, u.ActorID, n)
		if err != nil {
			return err
		}
		all = append(all, ns...)
	}
	return tx.CreateNotifications(ctx, all)
}

// notifyEndorsement tells a thread's author of an endorsement.
func (s *Service) notifyEndorsement(ctx context.Context, tx *store.Store, byActorID string, t *model.Thread) error {
	ns, err := notifyUser(ctx, tx, byActorID, t.AuthorID, &model.Notification{Kind: model.NotifyEndorsement, ThreadID: t.ID})
	if err != nil {
		return err
	}
	return tx.CreateNotifications(ctx, ns)
}

// Notifications lists the member's latest notifications.
func (s *Service) Notifications(ctx context.Context, u *model.User) ([]*model.Notification, error) {
	return s.db.ListNotifications(ctx, u.ID, 50)
}

// UnreadCount counts the member's unread notifications.
func (s *Service) UnreadCount(ctx context.Context, u *model.User) (int, error) {
	return s.db.UnreadCount(ctx, u.ID)
}

// MarkNotificationsRead marks all the member's notifications read.
func (s *Service) MarkNotificationsRead(ctx context.Context, u *model.User) error {
	return s.db.MarkNotificationsRead(ctx, u.ID, model.Now())
}
