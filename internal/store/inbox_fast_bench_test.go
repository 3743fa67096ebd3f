package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// The inbox's hot path in the database, one call at a time (round trips
// included on PostgreSQL).

func BenchmarkGetReplyTarget(b *testing.B) {
	for _, d := range testkit.Dialects {
		b.Run(string(d), func(b *testing.B) {
			db := testkit.NewDB(b, d)
			ctx := context.Background()
			f := newReplyFixture(b, db)
			p := f.reply(1, model.Now())
			if _, err := db.CreateReceivedReply(ctx, store.ReceivedReply{Post: p, SpaceID: f.space.ID}); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				uri := f.thread.URI
				if i%2 == 1 {
					uri = p.URI
				}
				if _, _, err := db.GetReplyTarget(ctx, uri); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCreateReceivedReplies stores replies to one thread with their
// activities, as the inbox does for a space nobody elsewhere follows:
// one at a time, and in batches of 16 (what concurrent replies to a
// thread become). The time is per reply.
func BenchmarkCreateReceivedReplies(b *testing.B) {
	for _, d := range testkit.Dialects {
		for _, size := range []int{1, 16} {
			b.Run(fmt.Sprintf("%s/batch=%d", d, size), func(b *testing.B) {
				db := testkit.NewDB(b, d)
				ctx := context.Background()
				f := newReplyFixture(b, db)
				n := 0
				b.ResetTimer()
				for b.Loop() {
					batch := make([]store.ReceivedReply, size)
					for j := range batch {
						n++
						batch[j] = store.ReceivedReply{Post: f.reply(n, model.Now()), SpaceID: f.space.ID,
							Notify: []string{f.member.ID}, UnlessFollowed: f.space.ActorID,
							Activity: &store.ReceivedActivity{URI: fmt.Sprintf("https://there.example/activities/%d", n),
								ActorURI: f.remote.URI, At: model.Now()}}
					}
					res, err := db.CreateReceivedReplies(ctx, batch)
					if err != nil || !res[0].Created {
						b.Fatalf("%+v %v", res, err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/reply")
			})
		}
	}
}
