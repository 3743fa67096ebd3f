package demo

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/hub"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/moderation"
)

// seedNode gives a node, before it serves, what is its own: the
// organisation and its first admin (through the setup step, as a real
// admin would), the other people, spaces with their moderators, threads
// and news.
func (a *Alliance) seedNode(ctx context.Context, n *Node) error {
	acc, disc := n.Node.Accounts, n.Node.Disc
	tok, err := acc.SetupToken(ctx)
	if err != nil {
		return err
	}
	for i, p := range n.org.people {
		nu := accounts.NewUser{Username: p.username, DisplayName: p.name, Password: Password, Role: p.role}
		var u *model.User
		if i == 0 {
			u, err = acc.CompleteSetup(ctx, accounts.Setup{Token: tok, Profile: n.org.profile, Admin: nu})
		} else {
			u, err = acc.CreateUser(ctx, nu)
		}
		if err != nil {
			return fmt.Errorf("person %s: %w", p.username, err)
		}
		if err := a.setBio(ctx, n, u, p.bio); err != nil {
			return fmt.Errorf("bio of %s: %w", p.username, err)
		}
		n.users[p.username] = u
	}
	admin := n.users[n.org.people[0].username]
	spaces := map[string]*model.Space{}
	for _, s := range n.org.spaces {
		sp, err := disc.CreateSpace(ctx, admin, discussion.NewSpace{Name: s.name, Title: s.title, Description: s.description, Visibility: s.visibility})
		if err != nil {
			return fmt.Errorf("space %s: %w", s.name, err)
		}
		for _, m := range s.moderators {
			if err := disc.AddModerator(ctx, admin, sp, m); err != nil {
				return fmt.Errorf("moderator %s of %s: %w", m, s.name, err)
			}
		}
		spaces[s.name] = sp
	}
	for _, t := range threads {
		if t.org != n.Key {
			continue
		}
		th, err := disc.CreateThread(ctx, n.users[t.author], spaces[t.space],
			discussion.NewThread{Title: t.title, Body: t.body, Kind: t.kind, Category: t.category})
		if err != nil {
			return fmt.Errorf("thread %s: %w", t.key, err)
		}
		a.threads[t.key] = th
	}
	for _, ar := range n.org.articles {
		if _, err := disc.PublishArticle(ctx, n.users[ar.author], discussion.NewArticle{Title: ar.title, Body: ar.body, Tags: ar.tags}); err != nil {
			return fmt.Errorf("article %q: %w", ar.title, err)
		}
	}
	return nil
}

// setBio writes a member's bio, which the accounts service has no use
// case for yet: on the account (shown on the member's page) and as the
// Person's summary (what other servers see).
func (a *Alliance) setBio(ctx context.Context, n *Node, u *model.User, bio string) error {
	u.BioSource = bio
	if err := n.Node.DB.UpdateUser(ctx, u); err != nil {
		return err
	}
	u.Actor.Summary = n.Node.Disc.Markdown(bio)
	return n.Node.DB.UpdateActor(ctx, u.Actor)
}

// converse plays the conversation across nodes: people follow the spaces
// of other nodes they take part in, then reply, endorse and move a
// challenge on, in the order the content lists them. Each step is left to
// reach the thread's origin and the hub before the next, as a real
// conversation would, which also keeps every node's inbox calm.
func (a *Alliance) converse(ctx context.Context) error {
	if err := a.follow(ctx); err != nil {
		return err
	}
	for _, r := range replies {
		n := a.node(r.org)
		tid, err := a.threadOn(ctx, n, r.thread)
		if err != nil {
			return err
		}
		in := discussion.NewPost{Body: r.body}
		if r.inReplyTo != "" {
			if in.InReplyTo, err = a.postOn(ctx, n, r.inReplyTo); err != nil {
				return err
			}
		}
		p, err := n.Node.Disc.Reply(ctx, n.users[r.author], tid, in)
		if err != nil {
			return fmt.Errorf("demo: reply %s: %w", r.key, err)
		}
		a.posts[r.key] = p
		for _, where := range []*Node{a.node(threadOrg(r.thread)), a.Hub()} {
			if _, err := a.postOn(ctx, where, r.key); err != nil {
				return err
			}
		}
	}
	counts := map[string]int{}
	for _, e := range endorsements {
		n := a.node(e.org)
		tid, err := a.threadOn(ctx, n, e.thread)
		if err != nil {
			return err
		}
		if _, err := n.Node.Disc.Endorse(ctx, n.users[e.author], tid); err != nil {
			return fmt.Errorf("demo: %s endorses %s: %w", e.author, e.thread, err)
		}
		counts[e.thread]++
		for _, where := range []*Node{a.node(threadOrg(e.thread)), a.Hub()} {
			if err := a.waitEndorsements(ctx, where, e.thread, counts[e.thread]); err != nil {
				return err
			}
		}
	}
	for _, c := range statusChanges {
		t := a.threads[c.thread]
		n := a.node(threadOrg(c.thread))
		if _, err := n.Node.Disc.EditThread(ctx, n.users[threadAuthor(c.thread)], t.ID, discussion.ThreadEdit{Status: &c.status}); err != nil {
			return fmt.Errorf("demo: status of %s: %w", c.thread, err)
		}
	}
	return a.reportForTheQueue(ctx)
}

// demoReport is the report that waits in the agency's moderation queue,
// so that its moderator has one to look at.
var demoReport = struct {
	org, reporter, post, comment string
}{keyAgency, "hana", "tm-amir",
	"This belongs beside the taxonomy discussion on Northwind's node; could the moderators link the two threads?"}

func (a *Alliance) reportForTheQueue(ctx context.Context) error {
	n := a.node(demoReport.org)
	pid, err := a.postOn(ctx, n, demoReport.post)
	if err != nil {
		return err
	}
	_, _, err = n.Node.Moderation.Report(ctx, n.users[demoReport.reporter], moderation.NewReport{PostID: pid,
		Reason: model.ReasonOther, Comment: demoReport.comment})
	if err != nil {
		return fmt.Errorf("demo: report: %w", err)
	}
	return nil
}

// waitEndorsements waits until node n counts at least want endorsements
// of the thread with key.
func (a *Alliance) waitEndorsements(ctx context.Context, n *Node, key string, want int) error {
	id, err := a.threadOn(ctx, n, key)
	if err != nil {
		return err
	}
	return a.waitFor(ctx, fmt.Sprintf("%d endorsements of %s on %s", want, key, n.Key), func() (bool, string, error) {
		t, err := n.Node.DB.GetThread(ctx, id)
		if err != nil {
			return false, "", err
		}
		return t.EndorsementCount >= want, fmt.Sprintf("%d so far", t.EndorsementCount), nil
	})
}

func threadOrg(key string) string    { return findThread(key).org }
func threadAuthor(key string) string { return findThread(key).author }

func findThread(key string) thread {
	for _, t := range threads {
		if t.key == key {
			return t
		}
	}
	panic("demo: no thread " + key)
}

// follow makes every member who replies to or endorses a thread on
// another member node follow that thread's space, through the federation
// service as the Follow button does, and waits until each is accepted.
// (The hub follows everything already.)
func (a *Alliance) follow(ctx context.Context) error {
	type want struct{ org, user, space string }
	seen := map[want]bool{}
	var wants []want
	add := func(org, user, threadKey string) {
		t := findThread(threadKey)
		w := want{org, user, t.space + "@" + a.node(t.org).Domain}
		if org != t.org && org != keyHub && !seen[w] {
			seen[w] = true
			wants = append(wants, w)
		}
	}
	for _, r := range replies {
		add(r.org, r.author, r.thread)
	}
	for _, e := range endorsements {
		add(e.org, e.author, e.thread)
	}
	for _, w := range wants {
		n := a.node(w.org)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.URL+"/api/v1/follows", nil)
		if err != nil {
			return err
		}
		if _, err := n.Node.Fed.Follow(req, n.users[w.user], w.space); err != nil {
			return fmt.Errorf("demo: %s follows %s: %w", w.user, w.space, err)
		}
	}
	for _, w := range wants {
		n, u := a.node(w.org), a.node(w.org).users[w.user]
		err := a.waitFor(ctx, w.user+"'s follow of "+w.space+" accepted", func() (bool, string, error) {
			list, err := n.Node.DB.ListFollowing(ctx, u.ActorID)
			if err != nil {
				return false, "", err
			}
			for _, f := range list {
				if f.State != model.FollowAccepted {
					return false, "follow " + f.URI + " is " + string(f.State), nil
				}
			}
			return len(list) > 0, "no follow yet", nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// threadOn is the id on node n of the thread with key: the original on its
// own node, elsewhere the copy federation brought (waited for).
func (a *Alliance) threadOn(ctx context.Context, n *Node, key string) (string, error) {
	t := a.threads[key]
	if n.Key == threadOrg(key) {
		return t.ID, nil
	}
	var id string
	err := a.waitFor(ctx, "thread "+key+" on "+n.Key, func() (bool, string, error) {
		got, err := n.Node.DB.GetThreadByURI(ctx, t.URI)
		if errors.Is(err, model.ErrNotFound) {
			return false, "not there yet", nil
		}
		if err != nil {
			return false, "", err
		}
		id = got.ID
		return true, "", nil
	})
	return id, err
}

// postOn is the id on node n of the reply with key, waited for.
func (a *Alliance) postOn(ctx context.Context, n *Node, key string) (string, error) {
	p := a.posts[key]
	var id string
	err := a.waitFor(ctx, "reply "+key+" on "+n.Key, func() (bool, string, error) {
		got, err := n.Node.DB.GetPostByURI(ctx, p.URI)
		if errors.Is(err, model.ErrNotFound) {
			return false, "not there yet", nil
		}
		if err != nil {
			return false, "", err
		}
		id = got.ID
		return true, "", nil
	})
	return id, err
}

// waitHubFollows waits until the hub follows every member's organisation
// and every space, so that what happens next reaches it as it happens.
func (a *Alliance) waitHubFollows(ctx context.Context) error {
	h := a.Hub()
	inst, err := h.Node.Fed.InstanceActor(ctx)
	if err != nil {
		return err
	}
	want := 0
	for _, m := range a.Members() {
		want += 1 + len(m.org.spaces)
	}
	return a.waitFor(ctx, "the hub to follow every member and space", func() (bool, string, error) {
		list, err := h.Node.DB.ListFollowing(ctx, inst.ID)
		if err != nil {
			return false, "", err
		}
		accepted := 0
		for _, f := range list {
			if f.State == model.FollowAccepted {
				accepted++
			}
		}
		return accepted >= want, fmt.Sprintf("%d of %d follows accepted", accepted, want), nil
	})
}

// waitHubComplete waits until the hub's directory lists every member with
// its name and sector, and every thread, reply and endorsement has reached
// it (backfilled or delivered).
func (a *Alliance) waitHubComplete(ctx context.Context) error {
	h := a.Hub()
	viewer := h.users[h.org.people[0].username] // a signed-in member sees alliance-only threads too
	wantThreads, wantReplies := map[string]int{}, map[string]int{}
	for _, t := range threads {
		wantThreads[a.node(t.org).Domain]++
	}
	for _, r := range replies {
		wantReplies[a.node(threadOrg(r.thread)).Domain]++
	}
	return a.waitFor(ctx, "the hub to hold the whole alliance", func() (bool, string, error) {
		members, err := h.Node.Hub.Members(ctx, viewer)
		if err != nil {
			return false, "", err
		}
		found := 0
		a.Threads, a.Replies = 0, 0
		for _, m := range a.Members() {
			for _, hm := range members {
				if hm.Domain != m.Domain {
					continue
				}
				a.Threads += hm.Threads
				a.Replies += hm.Replies
				if hm.Name == m.Profile.Name && hm.Sector == m.Profile.Sector &&
					hm.Threads == wantThreads[m.Domain] && hm.Replies == wantReplies[m.Domain] {
					found++
				}
			}
		}
		if a.Endorsements, err = a.hubEndorsements(ctx, viewer); err != nil {
			return false, "", err
		}
		state := fmt.Sprintf("%d of %d members complete, %d threads, %d replies, %d of %d endorsements",
			found, len(a.Members()), a.Threads, a.Replies, a.Endorsements, len(endorsements))
		return found == len(a.Members()) && a.Endorsements == len(endorsements), state, nil
	})
}

// hubEndorsements adds up the endorsements on the hub's challenge board.
func (a *Alliance) hubEndorsements(ctx context.Context, viewer *model.User) (int, error) {
	total := 0
	q := hub.ChallengeQuery{}
	for {
		list, next, err := a.Hub().Node.Hub.Challenges(ctx, viewer, q)
		if err != nil {
			return 0, err
		}
		for _, t := range list {
			total += t.EndorsementCount
		}
		if next == "" {
			return total, nil
		}
		q.Cursor = next
	}
}

// waitFor polls cond until it holds, ctx ends or the wait runs out; cond
// also says what it saw, for the error.
func (a *Alliance) waitFor(ctx context.Context, what string, cond func() (bool, string, error)) error {
	deadline := time.Now().Add(a.opts.Wait)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		ok, state, err := cond()
		if err != nil {
			return fmt.Errorf("demo: waiting for %s: %w", what, err)
		}
		if ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("demo: waited %s for %s: %s", a.opts.Wait, what, state)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}
