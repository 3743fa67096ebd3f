package federation

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

func pending(uri string) *pendingReply {
	return &pendingReply{reply: store.ReceivedReply{Post: &model.Post{URI: uri}}}
}

// While a thread's batch is being stored, its next replies queue and are
// stored together; other threads are not held up; every reply gets its
// own outcome.
func TestReplyBatcher(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var mu sync.Mutex
	var batches [][]string
	b := newReplyBatcher(func(_ context.Context, batch []*pendingReply) {
		var uris []string
		for _, p := range batch {
			uris = append(uris, p.reply.Post.URI)
			p.res.Created = true
		}
		mu.Lock()
		batches = append(batches, uris)
		first := len(batches) == 1
		mu.Unlock()
		if first {
			<-release // the thread's first batch is slow
		}
	})
	ctx := context.Background()
	var wg sync.WaitGroup
	results := make(chan error, 10)
	add := func(key, uri string) {
		wg.Go(func() {
			res, err := b.add(ctx, key, pending(uri))
			if err == nil && !res.Created {
				err = fmt.Errorf("%s: not created", uri)
			}
			results <- err
		})
	}
	add("t1", "first")
	waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(batches) == 1 })
	for i := range 5 {
		add("t1", fmt.Sprintf("queued%d", i))
	}
	add("t2", "elsewhere")
	waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(batches) == 2 }) // t2's, while t1's is stuck
	waitFor(t, func() bool { b.mu.Lock(); defer b.mu.Unlock(); return len(b.queues["t1"].waiting) == 5 })
	close(release)
	wg.Wait()
	close(results)
	for err := range results {
		if err != nil {
			t.Error(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(batches) != 3 || len(batches[2]) != 5 || batches[1][0] != "elsewhere" {
		t.Fatalf("batches %v, want [first] [elsewhere] [queued0…queued4]", batches)
	}
	waitFor(t, func() bool { b.mu.Lock(); defer b.mu.Unlock(); return len(b.queues) == 0 })
}

// A panic while storing fails the batch's replies, not the batcher.
func TestReplyBatcherPanic(t *testing.T) {
	t.Parallel()
	calls := 0
	b := newReplyBatcher(func(_ context.Context, batch []*pendingReply) {
		calls++
		if calls == 1 {
			panic("broken")
		}
		batch[0].res.Created = true
	})
	ctx := context.Background()
	if _, err := b.add(ctx, "t", pending("a")); err == nil {
		t.Fatal("no error from a batch that panicked")
	}
	if res, err := b.add(ctx, "t", pending("b")); err != nil || !res.Created {
		t.Fatalf("after a panic: %+v %v", res, err)
	}
}

// A request that gives up waiting gets its context's error; its reply
// may still be stored.
func TestReplyBatcherCancel(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	b := newReplyBatcher(func(_ context.Context, batch []*pendingReply) {
		if batch[0].reply.Post.URI == "slow" {
			<-release
		}
	})
	go func() { _, _ = b.add(context.Background(), "t", pending("slow")) }()
	waitFor(t, func() bool { b.mu.Lock(); defer b.mu.Unlock(); return b.queues["t"] != nil })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := b.add(ctx, "t", pending("impatient"))
		done <- err
	}()
	waitFor(t, func() bool { b.mu.Lock(); defer b.mu.Unlock(); return len(b.queues["t"].waiting) == 1 })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	close(release)
	waitFor(t, func() bool { b.mu.Lock(); defer b.mu.Unlock(); return len(b.queues) == 0 })
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for range 500 {
		if cond() {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatal("condition not reached")
}
