package federation

import (
	"context"
	"fmt"
	"sync"

	"github.com/protectors-portal/portal/federation/activity"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/store"
)

// Replies to one thread cannot be stored side by side: each updates the
// thread's row (its reply count, revision and activity), and the next
// must wait for that transaction's commit. So replies to a thread that
// arrive while another is being stored are stored together, in one
// statement and one commit: whoever finds the thread idle stores its
// reply at once; replies that come meanwhile queue, and the next batch
// takes them all.

// receiveReplyOnce stores a reply that nobody needs relayed — in a remote
// space, or a local one without followers — with its activity's record,
// in one statement and no transaction, together with other replies to
// the thread that arrive meanwhile (replyBatcher,
// store.CreateReceivedReplies). It reports false, having stored nothing,
// when the space has followers: relaying to them takes a transaction
// (once).
func (s *Service) receiveReplyOnce(ctx context.Context, act *activity.Activity, in discussion.RemotePost) (bool, error) {
	space := in.Thread.Space
	if space == nil {
		return false, nil
	}
	unlessFollowed := ""
	if space.Local {
		if followed, ok := s.spaceFollowed.get(space.ActorID); ok && followed {
			return false, nil
		}
		unlessFollowed = space.ActorID
	}
	reply := s.disc.PrepareReply(in, store.ReceivedActivity{URI: act.ID, ActorURI: act.Actor, At: s.now()}, unlessFollowed)
	res, err := s.batcher.add(ctx, in.Thread.ID+" "+unlessFollowed, &pendingReply{reply: reply})
	if err != nil {
		return true, err
	}
	if unlessFollowed != "" {
		s.spaceFollowed.put(space.ActorID, res.Followed)
	}
	switch {
	case res.Followed:
		return false, nil
	case res.Duplicate:
		return true, ignored("already received %s", act.ID)
	}
	return true, nil
}

// maxBatch bounds the replies stored together.
const maxBatch = 64

// replyBatcher groups concurrent replies by thread.
type replyBatcher struct {
	store func(ctx context.Context, batch []*pendingReply)

	mu     sync.Mutex
	queues map[string]*replyQueue
}

// replyQueue is one thread's replies waiting for the batch under way.
type replyQueue struct {
	waiting []*pendingReply
}

// pendingReply is a reply waiting to be stored, then its outcome.
type pendingReply struct {
	ctx   context.Context
	reply store.ReceivedReply // discussion.PrepareReply's

	res  store.ReceivedReplyResult
	err  error
	done chan struct{}
}

func newReplyBatcher(storeBatch func(ctx context.Context, batch []*pendingReply)) *replyBatcher {
	return &replyBatcher{store: storeBatch, queues: map[string]*replyQueue{}}
}

// add stores p with whatever else waits under key, and returns its
// outcome. When ctx ends first, the reply may still be stored.
func (b *replyBatcher) add(ctx context.Context, key string, p *pendingReply) (store.ReceivedReplyResult, error) {
	p.ctx, p.done = ctx, make(chan struct{})
	b.mu.Lock()
	q, busy := b.queues[key]
	if !busy {
		q = &replyQueue{}
		b.queues[key] = q
	}
	q.waiting = append(q.waiting, p)
	b.mu.Unlock()
	if !busy {
		b.drain(key, q) // this reply's batch runs here; later ones elsewhere
	}
	select {
	case <-p.done:
		return p.res, p.err
	case <-ctx.Done():
		return store.ReceivedReplyResult{}, ctx.Err()
	}
}

// drain stores one batch of q, then hands the rest to a new goroutine;
// the queue is forgotten once empty.
func (b *replyBatcher) drain(key string, q *replyQueue) {
	b.mu.Lock()
	n := min(len(q.waiting), maxBatch)
	batch := q.waiting[:n:n]
	q.waiting = q.waiting[n:]
	b.mu.Unlock()

	b.run(batch)

	b.mu.Lock()
	defer b.mu.Unlock()
	if len(q.waiting) == 0 {
		delete(b.queues, key)
		return
	}
	go b.drain(key, q)
}

// run stores batch. Whatever happens, a panic included, each reply in it
// gets its outcome, and the queue goes on.
func (b *replyBatcher) run(batch []*pendingReply) {
	defer func() {
		if v := recover(); v != nil {
			for _, p := range batch {
				p.err = fmt.Errorf("federation: storing replies: panic: %v", v)
			}
		}
		for _, p := range batch {
			close(p.done)
		}
	}()
	// The batch outlives the request that happens to run it.
	b.store(context.WithoutCancel(batch[0].ctx), batch)
}

// storeReplies stores a batch of replies to one thread. When the batch
// fails, each is stored on its own, so that one bad reply fails only
// itself.
func (s *Service) storeReplies(ctx context.Context, batch []*pendingReply) {
	rs := make([]store.ReceivedReply, len(batch))
	for i, p := range batch {
		rs[i] = p.reply
	}
	if s.db.Dialect() == store.SQLite {
		// One writer at a time: SQLite's own wait for its write lock
		// sleeps in steps of milliseconds.
		s.sqliteWriter.Lock()
		defer s.sqliteWriter.Unlock()
	}
	res, err := s.disc.ReceiveReplies(ctx, rs)
	if err == nil {
		for i, p := range batch {
			p.res = res[i]
		}
		return
	}
	if len(batch) == 1 {
		batch[0].err = err
		return
	}
	for _, p := range batch {
		res, err := s.disc.ReceiveReplies(ctx, []store.ReceivedReply{p.reply})
		if err != nil {
			p.err = err
			continue
		}
		p.res = res[0]
	}
}
