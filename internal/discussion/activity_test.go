package discussion_test

import (
	"context"
	"testing"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// A reply moves its thread's last activity to the reply's time, also
// the first reply by someone else to an open challenge, which changes
// the challenge's status in the same transaction (and used to write the
// thread's old activity time back).
func TestReplyMovesLastActivity(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		ctx := context.Background()
		ann, bob := e.user(t, "ann"), e.user(t, "bob")
		for _, kind := range []model.ThreadKind{model.KindDiscussion, model.KindChallenge} {
			in := discussion.NewThread{Title: "t", Body: "b", Kind: kind}
			if kind == model.KindChallenge {
				in.Category = "prevention"
			}
			th, err := e.disc.CreateThread(ctx, ann, e.sp, in)
			if err != nil {
				t.Fatal(err)
			}
			p, err := e.disc.Reply(ctx, bob, th.ID, discussion.NewPost{Body: "reply"})
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.db.GetThread(ctx, th.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !got.LastActivityAt.Equal(p.CreatedAt) || got.ReplyCount != 1 {
				t.Errorf("%s: last activity %v, want the reply's %v (created %v); %d replies",
					kind, got.LastActivityAt, p.CreatedAt, th.CreatedAt, got.ReplyCount)
			}
			if kind == model.KindChallenge && got.Status != model.StatusInDiscussion {
				t.Errorf("challenge status %s, want in-discussion", got.Status)
			}
		}
	})
}
