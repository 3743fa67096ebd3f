package federation_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// The inbox's hot path through a real node's whole handler (middleware,
// signature, parsing, storage), in this process: signed Create{Note}
// replies to a local thread from a few remote actors, whose keys the node
// fetched before the timer starts. Requests are signed ahead of time, so
// that only the node's work is timed.

type inboxBench struct {
	n      *testkit.Node
	thread string // the thread's ActivityPub id
	inbox  string // the node's shared inbox
	actors []*remoteActor
	seq    atomic.Int64
}

func newInboxBench(b *testing.B, d store.Dialect) *inboxBench {
	b.Helper()
	ib := &inboxBench{n: testkit.NewNode(b, d)}
	ctx := context.Background()
	if _, err := ib.n.Disc.CreateSpace(ctx, nil, discussion.NewSpace{Name: "open", Title: "Open", Visibility: model.VisibilityPublic}); err != nil {
		b.Fatal(err)
	}
	api := ib.n.NewAPI(ib.n.Token(b, ib.n.User(b, "lena", model.RoleMember)))
	var th apiThread
	api.JSON(b, "POST", "/api/v1/spaces/open/threads", map[string]any{"title": "Evidence retention periods",
		"body": "How long do you keep hashes?"}, 201, &th)
	ib.thread, ib.inbox = th.APID, ib.n.URL+"/inbox"
	remote := newHostile(b)
	for i := range 4 {
		ib.actors = append(ib.actors, remote.person(b, fmt.Sprintf("sender%d", i)))
	}
	// Warm up: the node fetches each actor's key once.
	for range ib.actors {
		if code, body := ib.serve(ib.sign(b)); code != http.StatusAccepted {
			b.Fatalf("warm-up reply: status %d: %s", code, body)
		}
	}
	return ib
}

// signedReply is a request body and its signed headers.
type signedReply struct {
	body   []byte
	header http.Header
}

// sign makes the next reply.
func (ib *inboxBench) sign(b *testing.B) signedReply {
	n := ib.seq.Add(1)
	from := ib.actors[n%int64(len(ib.actors))]
	noteID := fmt.Sprintf("%s/notes/%d", from.ID, n)
	body := mustJSON(b, act("Create", noteID+"/create", from.ID,
		note(noteID, from.ID, ib.thread, fmt.Sprintf("Reply %d: retention should follow the purpose.", n))))
	req := build(b, ib.inbox, from, body, delivery{})
	return signedReply{body: body, header: req.Header}
}

// serve hands a signed reply to the node's handler.
func (ib *inboxBench) serve(r signedReply) (int, string) {
	req := httptest.NewRequest(http.MethodPost, ib.inbox, bytes.NewReader(r.body))
	req.Header = r.header.Clone()
	w := httptest.NewRecorder()
	ib.n.Handler().ServeHTTP(w, req)
	return w.Code, w.Body.String()
}

func (ib *inboxBench) presign(b *testing.B, n int) []signedReply {
	out := make([]signedReply, n)
	for i := range out {
		out[i] = ib.sign(b)
	}
	return out
}

// BenchmarkInboxCreate handles replies one after the other.
func BenchmarkInboxCreate(b *testing.B) {
	for _, d := range testkit.Dialects {
		b.Run(string(d), func(b *testing.B) {
			ib := newInboxBench(b, d)
			replies := ib.presign(b, b.N)
			b.ResetTimer()
			for i := range b.N {
				if code, body := ib.serve(replies[i]); code != http.StatusAccepted {
					b.Fatalf("status %d: %s", code, body)
				}
			}
		})
	}
}

// BenchmarkInboxCreateParallel handles replies from concurrent senders,
// as a busy inbox does: replies to the thread are stored in batches.
func BenchmarkInboxCreateParallel(b *testing.B) {
	for _, d := range testkit.Dialects {
		b.Run(string(d), func(b *testing.B) {
			ib := newInboxBench(b, d)
			replies := ib.presign(b, b.N)
			var next atomic.Int64
			b.SetParallelism(8)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					r := replies[next.Add(1)-1]
					if code, body := ib.serve(r); code != http.StatusAccepted {
						b.Errorf("status %d: %s", code, body)
						return
					}
				}
			})
		})
	}
}
