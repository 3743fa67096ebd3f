// Package demo starts a small Portal alliance on one machine, in one
// process: three member nodes — a government agency, a company and a
// civil-society group — and an alliance hub, each with its own SQLite
// database, seeded with organisations, people, spaces, challenges,
// discussions, replies across nodes, endorsements and news. `make demo`
// runs it; tests start it on free ports.
package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/config"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/node"
)

// DefaultAddresses are where the agency, the company, the civil-society
// group and the hub listen, in that order: loopback addresses, so that
// each node has a host of its own as it would in the real alliance.
var DefaultAddresses = []string{"127.0.0.2:8090", "127.0.0.3:8090", "127.0.0.4:8090", "127.0.0.5:8090"}

// Options say where the demo runs and where it reports.
type Options struct {
	// DataDir holds one folder per node (agency, company, civil-society,
	// hub); each is wiped at start, so every run begins fresh.
	// ./data/demo when empty.
	DataDir string
	// Addresses are the four host:port addresses, in the order of
	// DefaultAddresses; DefaultAddresses when empty.
	Addresses []string
	// Listeners, when set, are four listeners the caller reserved, in the
	// same order; Addresses is then ignored. Start serves on them and Stop
	// closes them.
	Listeners []net.Listener
	// Out receives progress and the summary; nothing is written when nil.
	Out io.Writer
	// Logger receives the nodes' logs; they are discarded when nil.
	Logger *slog.Logger
	// NewKeys makes actor key pairs; real RSA keys when nil. Tests pass a
	// faster one.
	NewKeys func() (public, private string, err error)
	// Wait bounds each wait for federation while starting; 90s when zero.
	Wait time.Duration
	// ShutdownTimeout bounds Run's graceful stop; 15s when zero.
	ShutdownTimeout time.Duration
}

func (o *Options) defaults() error {
	if o.DataDir == "" {
		o.DataDir = filepath.Join("data", "demo")
	}
	if len(o.Listeners) == 0 && len(o.Addresses) == 0 {
		o.Addresses = DefaultAddresses
	}
	n := len(o.Addresses)
	if len(o.Listeners) > 0 {
		n = len(o.Listeners)
	}
	if n != len(orgs) {
		return fmt.Errorf("demo: want %d addresses (agency, company, civil society, hub), got %d", len(orgs), n)
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Wait <= 0 {
		o.Wait = 90 * time.Second
	}
	if o.ShutdownTimeout <= 0 {
		o.ShutdownTimeout = 15 * time.Second
	}
	return nil
}

// Node is one node of the running demo.
type Node struct {
	Key     string // agency, company, civil-society or hub
	URL     string // http://host:port
	Domain  string // host:port
	Profile accounts.Profile
	Hub     bool
	Node    *node.Node

	org      org
	listener net.Listener
	served   bool
	users    map[string]*model.User
}

// Alliance is the running demo.
type Alliance struct {
	Nodes []*Node // agency, company, civil society, hub
	// Figures the hub showed when Start returned.
	Threads, Replies, Endorsements int

	dataDir  string
	opts     Options
	threads  map[string]*model.Thread // by key, as created at the origin
	posts    map[string]*model.Post   // by key, as created by the author's node
	stopOnce sync.Once
	stopErr  error
}

// Hub is the hub node.
func (a *Alliance) Hub() *Node { return a.Nodes[len(a.Nodes)-1] }

// Members are the three member nodes.
func (a *Alliance) Members() []*Node { return a.Nodes[:len(a.Nodes)-1] }

func (a *Alliance) node(key string) *Node {
	for _, n := range a.Nodes {
		if n.Key == key {
			return n
		}
	}
	panic("demo: no node " + key)
}

// Start builds the four nodes on fresh databases, seeds them, serves
// them and waits until the hub has discovered every member and received
// their threads, replies and endorsements. On error everything it started
// is stopped again.
func Start(ctx context.Context, opts Options) (*Alliance, error) {
	if err := opts.defaults(); err != nil {
		closeAll(opts.Listeners)
		return nil, err
	}
	a := &Alliance{dataDir: opts.DataDir, opts: opts, threads: map[string]*model.Thread{}, posts: map[string]*model.Post{}}
	if err := a.start(ctx); err != nil {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), opts.ShutdownTimeout)
		defer cancel()
		return nil, errors.Join(err, a.Stop(sctx))
	}
	return a, nil
}

func (a *Alliance) start(ctx context.Context) error {
	out := a.opts.Out
	if err := a.listen(); err != nil {
		return err
	}
	fmt.Fprintf(out, "Starting the demo alliance: 3 member nodes and a hub, data in %s (wiped at every start)…\n", a.dataDir)
	for _, n := range a.Nodes {
		if err := a.build(ctx, n); err != nil {
			return err
		}
	}
	fmt.Fprintln(out, "Seeding organisations, people, spaces, threads and news…")
	for _, n := range a.Nodes {
		if err := a.seedNode(ctx, n); err != nil {
			return fmt.Errorf("demo: seed %s: %w", n.Key, err)
		}
	}
	for _, n := range a.Nodes { // members first: the hub reads them as it starts
		if err := n.Node.Serve(ctx, n.listener); err != nil {
			return fmt.Errorf("demo: serve %s: %w", n.Key, err)
		}
		n.served = true
	}
	fmt.Fprintln(out, "Waiting for the hub to discover the members and follow their spaces…")
	if err := a.waitHubFollows(ctx); err != nil {
		return err
	}
	fmt.Fprintln(out, "Members follow each other's spaces, reply and endorse across nodes…")
	if err := a.converse(ctx); err != nil {
		return err
	}
	fmt.Fprintln(out, "Waiting for the hub to receive every thread, reply and endorsement…")
	return a.waitHubComplete(ctx)
}

// listen reserves the four addresses, so that every node knows the
// others' domains before any starts.
func (a *Alliance) listen() error {
	lns := a.opts.Listeners
	if len(lns) == 0 {
		for _, addr := range a.opts.Addresses {
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				closeAll(lns)
				return fmt.Errorf("demo: listen on %s (is another demo running?): %w", addr, err)
			}
			lns = append(lns, ln)
		}
	}
	for i, o := range orgs {
		addr := lns[i].Addr().String()
		a.Nodes = append(a.Nodes, &Node{Key: o.key, URL: "http://" + addr, Domain: addr, Profile: o.profile,
			Hub: o.key == keyHub, org: o, listener: lns[i], users: map[string]*model.User{}})
	}
	return nil
}

func closeAll(lns []net.Listener) {
	for _, ln := range lns {
		ln.Close()
	}
}

// config is one node's configuration: its own SQLite database, loopback
// federation allowed, the alliance's four domains as alliance domains (the
// same list on every node, its own included: a node that receives a
// space's Announce of its own member's alliance-only reply fetches it
// from itself, and answers only alliance domains), and for the hub the
// three members.
func (a *Alliance) config(n *Node) (config.Config, error) {
	dir := filepath.Join(a.dataDir, n.Key)
	if err := os.RemoveAll(dir); err != nil {
		return config.Config{}, fmt.Errorf("demo: wipe %s: %w", dir, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return config.Config{}, fmt.Errorf("demo: %w", err)
	}
	cfg := config.Default()
	cfg.Domain, cfg.Listen, cfg.Scheme = n.Domain, n.Domain, "http"
	cfg.Database = "sqlite:" + filepath.Join(dir, "portal.db")
	cfg.AllowPrivateAddresses = true
	cfg.ShutdownTimeout = a.opts.ShutdownTimeout
	for _, each := range a.Nodes {
		cfg.AllianceDomains = append(cfg.AllianceDomains, each.Domain)
	}
	if n.Hub {
		cfg.HubEnabled = true
		for _, m := range a.Members() {
			cfg.HubMembers = append(cfg.HubMembers, m.Domain)
		}
	}
	return cfg, cfg.Validate()
}

func (a *Alliance) build(ctx context.Context, n *Node) error {
	cfg, err := a.config(n)
	if err != nil {
		return err
	}
	nd, err := node.New(ctx, cfg, node.Options{Logger: a.opts.Logger.With("node", n.Key), NewKeys: a.opts.NewKeys})
	if err != nil {
		return fmt.Errorf("demo: new node %s: %w", n.Key, err)
	}
	n.Node = nd
	return nil
}

// Stop stops every node gracefully, all at once; ctx bounds the wait.
// Listeners of nodes that never served are closed.
func (a *Alliance) Stop(ctx context.Context) error {
	a.stopOnce.Do(func() {
		var wg sync.WaitGroup
		errs := make([]error, len(a.Nodes))
		for i, n := range a.Nodes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if !n.served {
					n.listener.Close()
				}
				if n.Node != nil {
					if err := n.Node.Stop(ctx); err != nil {
						errs[i] = fmt.Errorf("demo: stop %s: %w", n.Key, err)
					}
				}
			}()
		}
		wg.Wait()
		a.stopErr = errors.Join(errs...)
	})
	return a.stopErr
}

// Run starts the demo, prints where everything is, and stops every node
// when ctx is cancelled (Ctrl-C in portal-demo).
func Run(ctx context.Context, opts Options) error {
	a, err := Start(ctx, opts)
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped while starting
		}
		return err
	}
	out := a.opts.Out
	a.PrintSummary(out)
	<-ctx.Done()
	fmt.Fprintln(out, "\nStopping the demo alliance…")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.opts.ShutdownTimeout)
	defer cancel()
	if err := a.Stop(sctx); err != nil {
		return err
	}
	fmt.Fprintln(out, "Stopped.")
	return nil
}
