package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// replyFixture is a local member's thread in a local space, and a remote
// actor who answers it.
type replyFixture struct {
	member, remote *model.Actor
	user           *model.User
	space          *model.Space
	thread         *model.Thread
}

func newReplyFixture(t testing.TB, db *store.DB) *replyFixture {
	t.Helper()
	ctx := context.Background()
	now := model.Now().Add(-time.Hour)
	actor := func(uri, name, host string, kind model.ActorKind, local bool) *model.Actor {
		a := &model.Actor{ID: model.NewID(), URI: uri, Kind: kind, Username: name, Host: host, Local: local,
			KeyID: uri + "#main-key", CreatedAt: now, UpdatedAt: now}
		if err := db.CreateActor(ctx, a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	f := &replyFixture{
		member: actor("https://here.example/members/ann", "ann", "here.example", model.ActorPerson, true),
		remote: actor("https://there.example/users/bob", "bob", "there.example", model.ActorPerson, false),
	}
	f.user = &model.User{ID: model.NewID(), ActorID: f.member.ID, Username: "ann", Role: model.RoleMember, CreatedAt: now}
	if err := db.CreateUser(ctx, f.user); err != nil {
		t.Fatal(err)
	}
	spaceActor := actor("https://here.example/spaces/ops", "ops", "here.example", model.ActorGroup, true)
	f.space = &model.Space{ID: model.NewID(), ActorID: spaceActor.ID, Name: "ops", Host: "here.example", Title: "Ops",
		Visibility: model.VisibilityPublic, Local: true, CreatedAt: now}
	if err := db.CreateSpace(ctx, f.space); err != nil {
		t.Fatal(err)
	}
	f.thread = &model.Thread{ID: model.NewID(), SpaceID: f.space.ID, URI: "https://here.example/threads/1",
		AuthorID: f.member.ID, Kind: model.KindDiscussion, Title: "A thread", BodyText: "Body.", Visibility: model.VisibilityPublic,
		Local: true, CreatedAt: now, LastActivityAt: now}
	if err := db.CreateThread(ctx, f.thread); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *replyFixture) reply(n int, at time.Time) *model.Post {
	uri := fmt.Sprintf("https://there.example/notes/%d", n)
	return &model.Post{ID: model.NewID(), ThreadID: f.thread.ID, URI: uri, URL: uri, AuthorID: f.remote.ID,
		BodyHTML: "<p>Reply.</p>", BodyText: "Reply.", Visibility: model.VisibilityPublic, CreatedAt: at,
		InReplyToURI: f.thread.URI}
}

func TestReceivedReply(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		t.Parallel()
		db := testkit.NewDB(t, d)
		ctx := context.Background()
		f := newReplyFixture(t, db)

		if _, _, err := db.GetReplyTarget(ctx, "https://there.example/notes/404"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("unknown uri: %v, want ErrNotFound", err)
		}
		th, parent, err := db.GetReplyTarget(ctx, f.thread.URI)
		if err != nil || parent != nil || th.ID != f.thread.ID || th.SpaceID != f.space.ID || th.AuthorID != f.member.ID ||
			th.Visibility != model.VisibilityPublic || !th.Author.Local || th.Author.URI != f.member.URI ||
			!th.Space.Local || th.Space.ActorID != f.space.ActorID || th.Deleted() {
			t.Fatalf("reply target of the thread: %+v %+v %v", th, parent, err)
		}

		at := model.Now()
		p := f.reply(1, at)
		res, err := db.CreateReceivedReply(ctx, store.ReceivedReply{Post: p, SpaceID: f.space.ID,
			Notify: []string{f.member.ID, f.remote.ID}})
		if err != nil || res != (store.ReceivedReplyResult{Created: true}) {
			t.Fatalf("create: %+v %v", res, err)
		}
		got, err := db.GetThread(ctx, f.thread.ID)
		if err != nil || got.ReplyCount != 1 || got.Revision != 1 || !got.LastActivityAt.Equal(at) {
			t.Fatalf("thread after a reply: count %d, revision %d, activity %v (want %v): %v",
				got.ReplyCount, got.Revision, got.LastActivityAt, at, err)
		}
		if got.Space.LastActivityAt == nil || !got.Space.LastActivityAt.Equal(at) {
			t.Fatalf("space activity %v, want %v", got.Space.LastActivityAt, at)
		}
		ns, err := db.ListNotifications(ctx, f.user.ID, 10)
		if err != nil || len(ns) != 1 || ns[0].Kind != model.NotifyReply || ns[0].ActorID != f.remote.ID ||
			ns[0].PostID == nil || *ns[0].PostID != p.ID || ns[0].ThreadID != f.thread.ID {
			t.Fatalf("notifications: %+v %v", ns, err)
		}

		// Again, under a new id: nothing changes.
		again := f.reply(1, at.Add(time.Minute))
		res, err = db.CreateReceivedReply(ctx, store.ReceivedReply{Post: again, SpaceID: f.space.ID, Notify: []string{f.member.ID}})
		if err != nil || res != (store.ReceivedReplyResult{}) {
			t.Fatalf("duplicate: %+v %v", res, err)
		}
		got, _ = db.GetThread(ctx, f.thread.ID)
		ns, _ = db.ListNotifications(ctx, f.user.ID, 10)
		if got.ReplyCount != 1 || got.Revision != 1 || len(ns) != 1 {
			t.Fatalf("a duplicate changed the thread (%d replies, revision %d) or notified (%d)", got.ReplyCount, got.Revision, len(ns))
		}

		// A reply to the reply, within a second: the space's activity stays;
		// the member, who is the one replying here, is not notified.
		q := f.reply(2, at.Add(500*time.Millisecond))
		q.AuthorID = f.member.ID
		q.InReplyToID = &p.ID
		if res, err := db.CreateReceivedReply(ctx, store.ReceivedReply{Post: q, SpaceID: f.space.ID,
			Notify: []string{f.member.ID}}); err != nil || !res.Created {
			t.Fatalf("reply to a reply: %+v %v", res, err)
		}
		got, _ = db.GetThread(ctx, f.thread.ID)
		if got.ReplyCount != 2 || got.Revision != 2 || !got.LastActivityAt.Equal(q.CreatedAt) || !got.Space.LastActivityAt.Equal(at) {
			t.Fatalf("thread after a second reply: %d replies, revision %d, activity %v, space %v",
				got.ReplyCount, got.Revision, got.LastActivityAt, got.Space.LastActivityAt)
		}
		if ns, _ := db.ListNotifications(ctx, f.user.ID, 10); len(ns) != 1 {
			t.Fatalf("the member was notified of their own reply: %d notifications", len(ns))
		}
		th, parent, err = db.GetReplyTarget(ctx, p.URI)
		if err != nil || parent == nil || parent.ID != p.ID || parent.AuthorID != f.remote.ID || parent.Author.Local ||
			parent.Author.URI != f.remote.URI || th.ID != f.thread.ID || !th.Space.Local {
			t.Fatalf("reply target of a post: %+v %+v %v", th, parent, err)
		}

		// Inside a transaction, as the inbox calls them.
		err = db.InTx(ctx, func(tx *store.Store) error {
			if _, _, err := tx.GetReplyTarget(ctx, q.URI); err != nil {
				return err
			}
			_, err := tx.CreateReceivedReply(ctx, store.ReceivedReply{Post: f.reply(3, model.Now()), SpaceID: f.space.ID})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := db.GetThread(ctx, f.thread.ID); got.ReplyCount != 3 {
			t.Fatalf("reply count %d, want 3", got.ReplyCount)
		}
	})
}

func TestNotifyLocalActors(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		t.Parallel()
		db := testkit.NewDB(t, d)
		ctx := context.Background()
		f := newReplyFixture(t, db)
		n := &model.Notification{Kind: model.NotifyReply, ActorID: f.remote.ID, ThreadID: f.thread.ID, CreatedAt: model.Now()}
		if err := db.NotifyLocalActors(ctx, []string{f.member.ID, f.remote.ID, f.member.ID}, n); err != nil {
			t.Fatal(err)
		}
		if err := db.NotifyLocalActors(ctx, nil, n); err != nil {
			t.Fatal(err)
		}
		ns, err := db.ListNotifications(ctx, f.user.ID, 10)
		if err != nil || len(ns) != 1 || ns[0].PostID != nil || !ns[0].CreatedAt.Equal(n.CreatedAt) {
			t.Fatalf("notifications: %+v %v", ns, err)
		}
	})
}

func TestReceivedReplyWithActivity(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		t.Parallel()
		db := testkit.NewDB(t, d)
		ctx := context.Background()
		f := newReplyFixture(t, db)
		count := func() int {
			t.Helper()
			got, err := db.GetThread(ctx, f.thread.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got.ReplyCount
		}
		act := func(n int) *store.ReceivedActivity {
			return &store.ReceivedActivity{URI: fmt.Sprintf("https://there.example/activities/%d", n), ActorURI: f.remote.URI, At: model.Now()}
		}

		res, err := db.CreateReceivedReply(ctx, store.ReceivedReply{Post: f.reply(1, model.Now()), SpaceID: f.space.ID,
			Notify: []string{f.member.ID}, Activity: act(1), UnlessFollowed: f.space.ActorID})
		if err != nil || res != (store.ReceivedReplyResult{Created: true}) || count() != 1 {
			t.Fatalf("first: %+v %v, %d replies", res, err, count())
		}
		// The same activity again, whatever it carries: nothing.
		res, err = db.CreateReceivedReply(ctx, store.ReceivedReply{Post: f.reply(2, model.Now()), SpaceID: f.space.ID,
			Activity: act(1), UnlessFollowed: f.space.ActorID})
		if err != nil || res != (store.ReceivedReplyResult{Duplicate: true}) || count() != 1 {
			t.Fatalf("redelivered: %+v %v, %d replies", res, err, count())
		}
		// A new activity with a post stored before: recorded, no new post.
		res, err = db.CreateReceivedReply(ctx, store.ReceivedReply{Post: f.reply(1, model.Now()), SpaceID: f.space.ID,
			Activity: act(2)})
		if err != nil || res != (store.ReceivedReplyResult{}) || count() != 1 {
			t.Fatalf("known post: %+v %v, %d replies", res, err, count())
		}
		if fresh, err := db.MarkReceived(ctx, act(2).URI, f.remote.URI, model.Now()); err != nil || fresh {
			t.Fatalf("the second activity was not recorded: %v %v", fresh, err)
		}

		// Once the space has followers, nothing is stored, not even the
		// activity: the caller relays in a transaction.
		now := model.Now()
		if err := db.CreateFollow(ctx, &model.Follow{ID: model.NewID(), FollowerID: f.remote.ID, TargetID: f.space.ActorID,
			URI: "https://there.example/follows/1", State: model.FollowAccepted, CreatedAt: now, AcceptedAt: &now}); err != nil {
			t.Fatal(err)
		}
		res, err = db.CreateReceivedReply(ctx, store.ReceivedReply{Post: f.reply(3, model.Now()), SpaceID: f.space.ID,
			Activity: act(3), UnlessFollowed: f.space.ActorID})
		if err != nil || res != (store.ReceivedReplyResult{Followed: true}) || count() != 1 {
			t.Fatalf("followed: %+v %v, %d replies", res, err, count())
		}
		if fresh, err := db.MarkReceived(ctx, act(3).URI, f.remote.URI, model.Now()); err != nil || !fresh {
			t.Fatalf("the activity was recorded though nothing was stored: %v %v", fresh, err)
		}
	})
}

func TestReceivedRepliesTogether(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		t.Parallel()
		db := testkit.NewDB(t, d)
		ctx := context.Background()
		f := newReplyFixture(t, db)
		act := func(n int) *store.ReceivedActivity {
			return &store.ReceivedActivity{URI: fmt.Sprintf("https://there.example/activities/%d", n), ActorURI: f.remote.URI, At: model.Now()}
		}
		base := model.Now()
		r := func(post, activity int) store.ReceivedReply {
			return store.ReceivedReply{Post: f.reply(post, base.Add(time.Duration(post)*time.Millisecond)), SpaceID: f.space.ID,
				Notify: []string{f.member.ID}, Activity: act(activity), UnlessFollowed: f.space.ActorID}
		}
		if _, err := db.CreateReceivedReply(ctx, r(1, 1)); err != nil {
			t.Fatal(err)
		}
		if err := db.RememberDeleted(ctx, f.reply(10, base).URI, f.remote.ID, base); err != nil {
			t.Fatal(err)
		}
		batch := []store.ReceivedReply{
			r(2, 2),   // new
			r(3, 1),   // its activity was received before
			r(4, 2),   // its activity comes twice in the batch
			r(2, 5),   // its post comes twice in the batch: recorded, not created
			r(1, 6),   // its post was stored before
			r(6, 7),   // new
			r(10, 10), // its Delete came first: recorded, not created
		}
		got, err := db.CreateReceivedReplies(ctx, batch)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.ReceivedReplyResult{{Created: true}, {Duplicate: true}, {Duplicate: true}, {}, {}, {Created: true}, {}}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("reply %d: %+v, want %+v", i, got[i], want[i])
			}
		}
		th, err := db.GetThread(ctx, f.thread.ID)
		if err != nil || th.ReplyCount != 3 || th.Revision != 3 || !th.LastActivityAt.Equal(batch[5].Post.CreatedAt) {
			t.Fatalf("thread: %d replies, revision %d, activity %v: %v", th.ReplyCount, th.Revision, th.LastActivityAt, err)
		}
		if ns, _ := db.ListNotifications(ctx, f.user.ID, 10); len(ns) != 3 {
			t.Fatalf("%d notifications, want 3", len(ns))
		}
		for _, a := range []int{5, 6, 7, 10} {
			if fresh, _ := db.MarkReceived(ctx, act(a).URI, f.remote.URI, model.Now()); fresh {
				t.Errorf("activity %d was not recorded", a)
			}
		}
		other := r(9, 9)
		other.Post.ThreadID = model.NewID()
		if _, err := db.CreateReceivedReplies(ctx, []store.ReceivedReply{r(8, 8), other}); err == nil {
			t.Error("replies to two threads were stored together")
		}
	})
}
