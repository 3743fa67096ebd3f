// Package node is the composition root: configuration → database →
// migrations → services → job queue → HTTP server, with Start and Stop.
// The command and the tests both build nodes through it.
package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/riverqueue/river"

	"github.com/protectors-portal/portal/federation"
	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/api"
	"github.com/protectors-portal/portal/internal/config"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/hub"
	"github.com/protectors-portal/portal/internal/i18n"
	"github.com/protectors-portal/portal/internal/keys"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/moderation"
	"github.com/protectors-portal/portal/internal/queue"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/ui"
	"github.com/protectors-portal/portal/web"
)

// Options are what a node needs besides its configuration.
type Options struct {
	Logger *slog.Logger
	// NewKeys makes actor key pairs; keys.New when nil. Tests pass a
	// faster one.
	NewKeys func() (public, private string, err error)
}

// Node is one running Portal.
type Node struct {
	Config   config.Config
	DB       *store.DB
	Queue    *queue.Queue
	Accounts *accounts.Service
	Disc     *discussion.Service
	Fed      *federation.Service
	Hub      *hub.Service
	// Moderation holds domain policies and the queue of reports.
	Moderation *moderation.Service
	URLs       model.URLs

	log      *slog.Logger
	handler  http.Handler
	server   *http.Server
	listener net.Listener
	serveErr chan error
	stopOnce sync.Once
	stopErr  error
}

// Open connects to the database and applies Portal's and River's
// migrations. The caller closes the returned database.
func Open(ctx context.Context, cfg config.Config) (*store.DB, []string, error) {
	drv, dsn, err := cfg.DatabaseDriver()
	if err != nil {
		return nil, nil, err
	}
	db, err := store.Open(ctx, drv, dsn)
	if err != nil {
		return nil, nil, err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	if err := queue.Migrate(ctx, db); err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, applied, nil
}

// New builds a node: database, migrations, services and handlers. Nothing
// listens until Start.
func New(ctx context.Context, cfg config.Config, opts Options) (*Node, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.NewKeys == nil {
		opts.NewKeys = keys.New
	}
	db, _, err := Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	n := &Node{Config: cfg, DB: db, URLs: model.URLs{Base: cfg.BaseURL()}, log: opts.Logger}
	if err := n.build(opts); err != nil {
		db.Close()
		return nil, err
	}
	return n, nil
}

func (n *Node) build(opts Options) error {
	n.Accounts = accounts.New(n.DB, n.URLs, opts.NewKeys, n.log)
	n.Accounts.SessionLifetime = n.Config.SessionLifetime
	n.Disc = discussion.New(n.DB, n.URLs, nil, opts.NewKeys, n.log)
	n.Fed = federation.New(n.Config, n.DB, n.Disc, opts.NewKeys, n.log)
	n.Disc.SetPublisher(n.Fed)
	n.Accounts.SetProfilePublisher(n.Fed)
	n.Moderation = moderation.New(n.DB)
	n.Moderation.SetRemover(n.Disc)
	n.Moderation.SetForwarder(n.Fed)
	n.Fed.SetModeration(n.Moderation)

	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &cleanupWorker{accounts: n.Accounts, fed: n.Fed, log: n.log}); err != nil {
		return err
	}
	if err := n.Fed.AddWorkers(workers); err != nil {
		return err
	}
	q, err := queue.New(n.DB, queue.Options{
		Workers: workers,
		Logger:  n.log.With("component", "queue"),
		Periodic: append([]*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return CleanupArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
		}, n.Fed.HubPeriodic()...),
	})
	if err != nil {
		return err
	}
	n.Queue = q
	n.Fed.SetQueue(q)

	cat, err := i18n.Load(web.Locales)
	if err != nil {
		return err
	}
	pages, err := ui.New(n.Accounts, n.Disc, cat, n.Config)
	if err != nil {
		return err
	}
	pages.SetFederation(n.Fed, n.Moderation, n.Config)
	pages.SetModeration(n.Moderation)
	n.Hub = hub.New(n.DB, n.Config.HubEnabled, n.Config.Domain)
	pages.SetHub(n.Hub)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", n.healthz)
	pages.Routes(mux)
	apiHandlers := api.New(n.Accounts, n.Disc, n.Fed, n.URLs)
	apiHandlers.SetHub(n.Hub)
	apiHandlers.SetModeration(n.Moderation)
	apiHandlers.Routes(mux)
	n.Fed.Routes(mux)

	secure := n.Config.Scheme == "https"
	var h http.Handler = n.Fed.Negotiate(mux)
	h = httpx.CSRF(secure, isSignedEndpoint, h)
	if per := n.Config.APIRateLimit; per > 0 {
		// A minute's worth may come at once; then per/60 a second.
		h = httpx.LimitAPI(httpx.NewLimiter(float64(per)/60, float64(per)), h)
	}
	h = httpx.Authenticate(n.Accounts, h)
	h = limitBody(1<<20, h)
	h = httpx.SecureHeaders(secure, h)
	h = httpx.Observe(n.log, h)
	var proxies []netip.Prefix
	for _, p := range n.Config.TrustedProxies {
		pfx, err := config.ParseProxy(p)
		if err != nil {
			return err
		}
		proxies = append(proxies, pfx)
	}
	h = httpx.RealClient(proxies, h)
	n.handler = h
	return nil
}

// isSignedEndpoint matches ActivityPub inboxes, which authenticate with
// HTTP signatures instead of cookies and so need no CSRF token.
func isSignedEndpoint(r *http.Request) bool {
	return r.URL.Path == "/inbox" || strings.HasSuffix(r.URL.Path, "/inbox")
}

// limitBody caps every request body.
func limitBody(max int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			http.Error(w, "The request body is too large.", http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, max)
		next.ServeHTTP(w, r)
	})
}

func (n *Node) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := n.DB.SQL().PingContext(ctx); err != nil {
		httpx.Logger(ctx).ErrorContext(ctx, "health check: database", "error", err)
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
}

// Handler is the node's whole HTTP handler (for tests).
func (n *Node) Handler() http.Handler { return n.handler }

// Start listens on the configured address, starts the job queue and serves
// in the background.
func (n *Node) Start(ctx context.Context) error {
	ln, err := net.Listen("tcp", n.Config.Listen)
	if err != nil {
		return fmt.Errorf("node: listen on %s: %w", n.Config.Listen, err)
	}
	return n.Serve(ctx, ln)
}

// Serve is Start on a listener the caller made.
func (n *Node) Serve(ctx context.Context, ln net.Listener) error {
	n.listener = ln
	if _, err := n.Fed.InstanceActor(ctx); err != nil {
		ln.Close()
		return fmt.Errorf("node: instance actor: %w", err)
	}
	if err := n.Queue.Start(context.WithoutCancel(ctx)); err != nil {
		ln.Close()
		return fmt.Errorf("node: start queue: %w", err)
	}
	n.server = &http.Server{
		Handler:           n.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(n.log.Handler(), slog.LevelWarn),
	}
	n.serveErr = make(chan error, 1)
	go func() {
		err := n.server.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		n.serveErr <- err
	}()
	n.log.Info("serving", "listen", ln.Addr().String(), "url", n.URLs.Base, "database", string(n.DB.Dialect()))
	return nil
}

// Addr is the address the node listens on.
func (n *Node) Addr() string {
	if n.listener == nil {
		return ""
	}
	return n.listener.Addr().String()
}

// Done delivers the server's error if it stops by itself.
func (n *Node) Done() <-chan error { return n.serveErr }

// Stop shuts down gracefully: requests in flight finish, running jobs
// finish, then the database closes. ctx bounds the wait.
func (n *Node) Stop(ctx context.Context) error {
	n.stopOnce.Do(func() {
		var errs []error
		if n.server != nil {
			if err := n.server.Shutdown(ctx); err != nil {
				errs = append(errs, fmt.Errorf("node: http shutdown: %w", err))
			}
			if err := <-n.serveErr; err != nil {
				errs = append(errs, err)
			}
			if err := n.Queue.Stop(ctx); err != nil {
				errs = append(errs, err)
			}
		}
		if err := n.DB.Close(); err != nil {
			errs = append(errs, err)
		}
		n.stopErr = errors.Join(errs...)
	})
	return n.stopErr
}
