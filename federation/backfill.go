package federation

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/protectors-portal/portal/federation/activity"
	"github.com/protectors-portal/portal/internal/model"
)

// Bounds of a backfill: how many threads of a space, how many posts of a
// thread.
const (
	backfillThreads = 50
	backfillPosts   = 500
)

type backfillSpaceWorker struct {
	river.WorkerDefaults[BackfillSpaceArgs]
	s *Service
}

func (w *backfillSpaceWorker) Timeout(*river.Job[BackfillSpaceArgs]) time.Duration {
	return 5 * time.Minute
}

// Work reads a followed space's outbox and stores its recent threads, then
// queues a backfill of each thread's replies.
func (w *backfillSpaceWorker) Work(ctx context.Context, job *river.Job[BackfillSpaceArgs]) error {
	s := w.s
	group, err := s.db.GetActor(ctx, job.Args.ActorID)
	if err != nil {
		return river.JobCancel(err)
	}
	if group.Outbox == "" {
		return nil
	}
	items, err := s.collectionItems(ctx, group.Outbox, backfillThreads)
	if err != nil {
		return err
	}
	for _, raw := range items {
		obj, err := s.objectInOutboxItem(ctx, group, raw)
		if err != nil || obj == nil {
			continue
		}
		author, err := s.Actor(ctx, obj.AttributedTo)
		if err != nil {
			continue
		}
		synthetic := &activity.Activity{ID: obj.ID + "#backfill", Type: "Create", Actor: author.URI, Object: obj}
		if err := s.ingest(ctx, author, obj, synthetic, group); err != nil && !errors.Is(err, errIgnored) {
			s.log.InfoContext(ctx, "backfill: thread not stored", "id", obj.ID, "error", err)
			continue
		}
		t, err := s.db.GetThreadByURI(ctx, obj.ID)
		if err != nil || t.ContextURI == "" {
			continue
		}
		if err := s.q.Enqueue(ctx, s.db.Store, BackfillThreadArgs{ThreadID: t.ID}, nil); err != nil {
			return err
		}
	}
	return nil
}

// objectInOutboxItem finds the post in an outbox item: an Announce of a
// Create (Lemmy, Portal), a Create, or the object itself. Posts from
// another server than the group's are fetched from their origin.
func (s *Service) objectInOutboxItem(ctx context.Context, group *model.Actor, raw []byte) (*activity.Object, error) {
	var obj *activity.Object
	if act, err := activity.Parse(raw); err == nil {
		for act.Inner != nil {
			act = act.Inner
		}
		obj = act.Object
		if obj == nil && act.ObjectID != "" {
			return s.fetchObject(ctx, act.ObjectID)
		}
	} else if o, err := activity.ParseObject(raw); err == nil {
		obj = o
	}
	if obj == nil || !postable[obj.Type] || obj.InReplyTo != "" {
		return nil, nil
	}
	if !activity.SameOrigin(obj.ID, group.URI) || !activity.SameOrigin(obj.AttributedTo, obj.ID) {
		return s.fetchObject(ctx, obj.ID)
	}
	return obj, nil
}

// collectionItems reads up to max items of a collection (following
// `first` and `next` pages), as raw JSON or bare ids fetched.
func (s *Service) collectionItems(ctx context.Context, iri string, max int) ([][]byte, error) {
	body, err := s.fetch(ctx, iri)
	if err != nil {
		return nil, err
	}
	c, err := activity.ParseCollection(body)
	if err != nil {
		return nil, remoteErr("%s is not a collection", iri)
	}
	var out [][]byte
	for pages := 0; c != nil && pages < 10 && len(out) < max; pages++ {
		for _, it := range c.Items {
			if len(out) >= max {
				break
			}
			if it.Raw != nil {
				out = append(out, it.Raw)
			} else if it.ID != "" && activity.SameOrigin(it.ID, iri) {
				if b, err := s.fetch(ctx, it.ID); err == nil {
					out = append(out, b)
				}
			}
		}
		next := ""
		switch {
		case c.FirstPage != nil:
			c, next = c.FirstPage, ""
			continue
		case c.First != "" && len(c.Items) == 0:
			next = c.First
		case c.Next != "":
			next = c.Next
		}
		if next == "" || !activity.SameOrigin(next, iri) {
			break
		}
		b, err := s.fetch(ctx, next)
		if err != nil {
			break
		}
		if c, err = activity.ParseCollection(b); err != nil {
			break
		}
	}
	return out, nil
}

// BackfillThreadArgs asks for a remote thread's replies, from its context
// collection.
type BackfillThreadArgs struct {
	ThreadID string `json:"thread_id"`
}

// Kind names the job.
func (BackfillThreadArgs) Kind() string { return "backfill_thread" }

// InsertOpts retries a few times only.
func (BackfillThreadArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 5} }

type backfillThreadWorker struct {
	river.WorkerDefaults[BackfillThreadArgs]
	s *Service
}

func (w *backfillThreadWorker) Timeout(*river.Job[BackfillThreadArgs]) time.Duration {
	return 5 * time.Minute
}

// Work stores the replies listed in a thread's context collection, in
// order, so that parents come before their replies.
func (w *backfillThreadWorker) Work(ctx context.Context, job *river.Job[BackfillThreadArgs]) error {
	s := w.s
	t, err := s.db.GetThread(ctx, job.Args.ThreadID)
	if err != nil {
		return river.JobCancel(err)
	}
	if t.Local || t.ContextURI == "" || !activity.SameOrigin(t.ContextURI, t.URI) {
		return nil
	}
	items, err := s.collectionItems(ctx, t.ContextURI, backfillPosts)
	if err != nil {
		return err
	}
	for _, raw := range items {
		obj, err := activity.ParseObject(raw)
		if err != nil || !postable[obj.Type] || obj.InReplyTo == "" || obj.AttributedTo == "" {
			continue
		}
		if !activity.SameOrigin(obj.AttributedTo, obj.ID) {
			continue
		}
		if !activity.SameOrigin(obj.ID, t.URI) {
			// Another server's post, listed by the thread's origin: believe
			// its own server.
			if obj, err = s.fetchObject(ctx, obj.ID); err != nil {
				continue
			}
		}
		author, err := s.Actor(ctx, obj.AttributedTo)
		if err != nil {
			continue
		}
		synthetic := &activity.Activity{ID: obj.ID + "#backfill", Type: "Create", Actor: author.URI, Object: obj}
		if err := s.ingest(ctx, author, obj, synthetic, nil); err != nil && !errors.Is(err, errIgnored) {
			s.log.InfoContext(ctx, "backfill: reply not stored", "id", obj.ID, "error", err)
		}
	}
	return nil
}
