package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/protectors-portal/portal/federation/httpsig"
	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/config"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/node"
	"github.com/protectors-portal/portal/internal/store"
)

// Number of threads the inbox replies are spread over.
const inboxThreads = 5

// replyMarker is written into every reply of the render thread, so that
// the tool can count them on the page.
const replyMarker = "benchreplymark"

// fixture is what the tool made in the node's database before it started.
type fixture struct {
	token        string // a personal access token of an admin
	inboxSpace   spaceRef
	inboxThreads []threadRef
	fanoutSpace  spaceRef
	renderThread threadRef
	env          map[string]string // the node's configuration
}

type spaceRef struct{ name, uri string }

type threadRef struct{ id, uri string }

// prepare fills the node's database through the node's own services (the
// node is built in this process, used, and closed before the child starts
// on the same database): an admin with a token, the inbox's space with a
// few threads (see followedSpace; with --inbox-space local, a public space
// here), an empty public space for the fan-out, and a public thread with
// its replies for the render. Names carry a random suffix, so that a
// PostgreSQL database can be used again.
func (b *bench) prepare(ctx context.Context, addr, database string, farm *sinkFarm, actors []*remoteActor) (*fixture, error) {
	began := time.Now()
	env := nodeEnv(addr, database)
	cfg, err := config.Load("", func(k string) string { return env[k] })
	if err != nil {
		return nil, err
	}
	quiet := slog.New(slog.NewTextHandler(b.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	n, err := node.New(ctx, cfg, node.Options{Logger: quiet})
	if err != nil {
		return nil, err
	}
	defer n.Stop(context.Background())

	suffix := randomHex(3)
	fx := &fixture{env: env}
	u, err := n.Accounts.CreateUser(ctx, accounts.NewUser{Username: "bench_" + suffix, DisplayName: "Benchmark",
		Password: randomHex(16), Role: model.RoleAdmin})
	if err != nil {
		return nil, fmt.Errorf("create user: %w", err)
	}
	if fx.token, _, err = n.Accounts.CreateToken(ctx, u.ID, "portal-bench"); err != nil {
		return nil, fmt.Errorf("create token: %w", err)
	}
	space := func(name, title string) (*model.Space, error) {
		sp, err := n.Disc.CreateSpace(ctx, u, discussion.NewSpace{Name: name + "_" + suffix, Title: title,
			Description: "Made by portal-bench.", Visibility: model.VisibilityPublic})
		if err != nil {
			return nil, fmt.Errorf("create space %s: %w", name, err)
		}
		return sp, nil
	}
	thread := func(sp *model.Space, title string) (*model.Thread, error) {
		t, err := n.Disc.CreateThread(ctx, u, sp, discussion.NewThread{Title: title,
			Body: "What is stopping us making faster progress? " + title})
		if err != nil {
			return nil, fmt.Errorf("create thread: %w", err)
		}
		return t, nil
	}

	if b.o.runs("inbox") && b.o.inboxSpace == "followed" {
		if fx.inboxSpace, fx.inboxThreads, err = followedSpace(ctx, n, u, actors, suffix); err != nil {
			return nil, err
		}
	} else if b.o.runs("inbox") {
		sp, err := space("inbox", "Inbox benchmark")
		if err != nil {
			return nil, err
		}
		fx.inboxSpace = spaceRef{sp.Name, sp.Actor.URI}
		for i := range inboxThreads {
			t, err := thread(sp, fmt.Sprintf("Inbox thread %d", i+1))
			if err != nil {
				return nil, err
			}
			fx.inboxThreads = append(fx.inboxThreads, threadRef{t.ID, t.URI})
		}
	}
	if b.o.runs("fanout") {
		sp, err := space("fanout", "Fan-out benchmark")
		if err != nil {
			return nil, err
		}
		fx.fanoutSpace = spaceRef{sp.Name, sp.Actor.URI}
		if b.o.follows == "store" {
			if err := storeFollows(ctx, n, sp.Actor, farm); err != nil {
				return nil, err
			}
		}
	}
	if b.o.runs("render") {
		sp, err := space("render", "Render benchmark")
		if err != nil {
			return nil, err
		}
		t, err := thread(sp, "A thread with many replies")
		if err != nil {
			return nil, err
		}
		fx.renderThread = threadRef{t.ID, t.URI}
		if err := addReplies(ctx, n, u, t, b.o.replies); err != nil {
			return nil, err
		}
	}
	b.log.Info("database prepared", "took", time.Since(began).Round(time.Millisecond))
	return fx, nil
}

// followedSpace makes the inbox's space one that this node follows on
// another server, as the "threads in a followed space" reads: a
// Group on the first actor's simulated server (which serves its document),
// its space here, the admin's accepted follow of it, and inboxThreads
// threads there by that actor, all stored as the node stores them once the
// Follow is accepted and the threads have come. Replies to them are taken
// in and kept; relaying them is the group's server's work, not this node's.
func followedSpace(ctx context.Context, n *node.Node, u *model.User, actors []*remoteActor, suffix string) (spaceRef, []threadRef, error) {
	if len(actors) == 0 {
		return spaceRef{}, nil, fmt.Errorf("followed space: no remote actors")
	}
	author, srv := actors[0], actors[0].server
	host := strings.TrimPrefix(srv.base, "http://")
	name := "bench_" + suffix
	path := "/c/" + name
	doc, err := actorDocOf("Group", srv.base, path, name, &author.key.PublicKey)
	if err != nil {
		return spaceRef{}, nil, err
	}
	srv.serve(path, doc)
	remote := func(kind model.ActorKind, path, name string) (*model.Actor, error) {
		pemText, err := httpsig.EncodePublicPEM(&author.key.PublicKey)
		if err != nil {
			return nil, err
		}
		now := model.Now()
		id := srv.base + path
		return &model.Actor{URI: id, Kind: kind, Username: name, DisplayName: "Inbox benchmark", Host: host, URL: id,
			Inbox: id + "/inbox", Outbox: id + "/outbox", SharedInbox: srv.base + "/inbox", Followers: id + "/followers",
			Following: id + "/following", KeyID: id + "#main-key", PublicKeyPEM: pemText,
			CreatedAt: now, UpdatedAt: now, FetchedAt: &now}, nil
	}
	group, err := remote(model.ActorGroup, path, name)
	if err != nil {
		return spaceRef{}, nil, err
	}
	writer, err := remote(model.ActorPerson, strings.TrimPrefix(author.id, srv.base), "actor0")
	if err != nil {
		return spaceRef{}, nil, err
	}
	var ref spaceRef
	var threads []threadRef
	err = n.DB.InTx(ctx, func(tx *store.Store) error {
		for _, a := range []*model.Actor{group, writer} {
			if err := tx.UpsertRemoteActor(ctx, a); err != nil {
				return fmt.Errorf("store remote actor %s: %w", a.URI, err)
			}
		}
		sp, err := n.Disc.ReceiveSpace(ctx, tx, group, model.VisibilityPublic)
		if err != nil {
			return fmt.Errorf("store remote space: %w", err)
		}
		sp.Actor = group
		ref = spaceRef{sp.Name, group.URI}
		now := model.Now()
		id := model.NewID()
		if err := tx.CreateFollow(ctx, &model.Follow{ID: id, FollowerID: u.ActorID, TargetID: group.ID, URI: n.URLs.Activity(id),
			State: model.FollowAccepted, CreatedAt: now, AcceptedAt: &now}); err != nil {
			return fmt.Errorf("store follow: %w", err)
		}
		for i := range inboxThreads {
			uri := fmt.Sprintf("%s/post/%s-%d", srv.base, suffix, i+1)
			t, _, err := n.Disc.ReceiveThread(ctx, tx, discussion.RemoteThread{URI: uri, URL: uri,
				Title: fmt.Sprintf("Inbox thread %d", i+1), HTML: "<p>What is stopping us making faster progress?</p>",
				Kind: model.KindDiscussion, Visibility: model.VisibilityPublic, Published: now, Author: writer, Space: sp})
			if err != nil {
				return fmt.Errorf("store remote thread: %w", err)
			}
			threads = append(threads, threadRef{t.ID, t.URI})
		}
		return nil
	})
	return ref, threads, err
}

// addReplies writes n replies, a quarter of them answering an earlier
// reply rather than the thread, with a little Markdown in each.
func addReplies(ctx context.Context, n *node.Node, u *model.User, t *model.Thread, count int) error {
	var ids []string
	for i := range count {
		in := discussion.NewPost{Body: fmt.Sprintf("Reply **%d** (%s%d): we need shared hash lists, "+
			"clearer legal bases for voluntary detection, and [better data](https://example.org/data/%d).\n\n"+
			"- one point\n- another point", i+1, replyMarker, i+1, i)}
		if i%4 == 3 && len(ids) > 0 {
			in.InReplyTo = ids[(i*7)%len(ids)]
		}
		p, err := n.Disc.Reply(ctx, u, t.ID, in)
		if err != nil {
			return fmt.Errorf("reply %d: %w", i+1, err)
		}
		ids = append(ids, p.ID)
	}
	return nil
}

// storeFollows writes, in one transaction, each host's follower actor (as
// the node would store it after fetching it) and its accepted follow of
// the space.
func storeFollows(ctx context.Context, n *node.Node, space *model.Actor, farm *sinkFarm) error {
	now := model.Now()
	return n.DB.InTx(ctx, func(tx *store.Store) error {
		for i, host := range farm.hosts {
			pemText, err := httpsig.EncodePublicPEM(&farm.keys[i%len(farm.keys)].PublicKey)
			if err != nil {
				return err
			}
			base := "http://" + host
			id := base + followerPath
			a := &model.Actor{URI: id, Kind: model.ActorPerson, Username: "follower", Host: host, URL: id,
				Inbox: id + "/inbox", Outbox: id + "/outbox", SharedInbox: base + "/inbox", Followers: id + "/followers",
				Following: id + "/following", KeyID: id + "#main-key", PublicKeyPEM: pemText,
				CreatedAt: now, UpdatedAt: now, FetchedAt: &now}
			if err := tx.UpsertRemoteActor(ctx, a); err != nil {
				return fmt.Errorf("store follower %s: %w", host, err)
			}
			f := &model.Follow{ID: model.NewID(), FollowerID: a.ID, TargetID: space.ID, URI: base + "/follows/" + randomHex(6),
				State: model.FollowAccepted, CreatedAt: now, AcceptedAt: &now}
			if err := tx.CreateFollow(ctx, f); err != nil {
				return fmt.Errorf("store follow of %s: %w", host, err)
			}
		}
		return nil
	})
}

// openStore opens the node's database from the tool, to check what the
// node stored.
func openStore(ctx context.Context, env map[string]string) (*store.DB, error) {
	cfg, err := config.Load("", func(k string) string { return env[k] })
	if err != nil {
		return nil, err
	}
	drv, dsn, err := cfg.DatabaseDriver()
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, drv, dsn)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
