// Command portal-bench measures a Portal node against the performance
// targets of DESIGN.md §9, on loopback, with simulated remote servers.
//
//	go run ./cmd/portal-bench [--quick] [--json] [--database URL] [--only LIST] [--cpuprofile FILE]
//
// The node under test runs in a child process (this binary re-executed with
// the hidden first argument --serve-node), so that its memory is its own.
// The tool prepares the node's database (a member, a token, spaces, threads)
// before it starts, then runs, in order:
//
//	start   median time from process start to /healthz answering, SQLite,
//	        a fresh data directory (migrations included) and an existing one
//	memory  resident memory of the idle node
//	inbox   signed Create{Note} replies from many remote actors to threads
//	        in a space that the node follows on one of their servers
//	        (--inbox-space local: a space of the node's own), posted by
//	        concurrent workers for a fixed time, each sending its next as
//	        soon as the last is answered (the most the node takes, and the
//	        latency at that saturation); then replies sent at a fixed rate,
//	        --inbox-rate, whatever the answers' speed (the latency at a
//	        sustained load); peak memory meanwhile
//	fanout  a new thread in a space followed from many remote hosts, timed
//	        until every host's inbox has received (and verified) the Announce;
//	        the hosts follow by signed Follows (--follows inbox, the default
//	        on PostgreSQL) or by rows written before the node starts
//	        (--follows store, the default on SQLite, where concurrent Follows
//	        stall the node today)
//	render  a thread of 500 replies: server-side render time, and requests/s
//	        under concurrent HTTP load
//
// It prints a table on stdout and, with --json, one JSON object on the last
// line. It exits 1 when a correctness check fails (an accepted activity not
// stored, a host that never got the post, a signature that does not verify),
// whatever the timings; timings never fail it. Logs go to stderr.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == serveNodeArg {
		os.Exit(serveNode())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// phases, in the order they run.
var phases = []string{"start", "memory", "inbox", "fanout", "render"}

// options are the flags, with the sizes --quick picks filled in.
type options struct {
	quick      bool
	json       bool
	database   string
	only       map[string]bool
	cpuProfile string
	keep       bool

	actors, servers, workers int
	inboxDuration            time.Duration
	calibration              time.Duration
	inboxSpace               string // "followed" or "local"
	inboxRate                float64
	pacedDuration            time.Duration
	presignMax               int

	fanoutHosts   int
	fanoutKeys    int
	followWorkers int
	follows       string // "inbox" or "store"
	fanoutTimeout time.Duration

	replies          int
	renderIterations int
	renderDuration   time.Duration
	renderConns      int

	starts int
	settle time.Duration
}

func (o *options) runs(phase string) bool { return len(o.only) == 0 || o.only[phase] }

func parseOptions(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("portal-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&o.quick, "quick", false, "short runs (the whole tool in under three minutes)")
	fs.BoolVar(&o.json, "json", false, "also print one JSON object on the last line of stdout")
	fs.StringVar(&o.database, "database", "", "postgres:// URL of an (empty) database to use as given; default: SQLite in a temporary directory")
	only := fs.String("only", "", "comma-separated phases to run: "+strings.Join(phases, ","))
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the node during the timed inbox run to FILE")
	fs.BoolVar(&o.keep, "keep", false, "keep the working directory (databases, node logs)")

	fs.IntVar(&o.actors, "actors", 50, "inbox: remote actors, each with its own RSA-2048 key")
	fs.IntVar(&o.servers, "servers", 10, "inbox: simulated servers the actors are spread over")
	fs.IntVar(&o.workers, "workers", 64, "inbox: concurrent senders")
	fs.DurationVar(&o.inboxDuration, "inbox-duration", 0, "inbox: timed run (default 10s quick, 60s full)")
	fs.StringVar(&o.inboxSpace, "inbox-space", "followed", "inbox: the threads replied to are in a space this node follows on a simulated server (followed), or in a space of this node's own that nobody follows (local)")
	fs.Float64Var(&o.inboxRate, "inbox-rate", 2000, "inbox: replies a second in the paced run (0 skips it)")
	fs.DurationVar(&o.pacedDuration, "paced-duration", 0, "inbox: paced run (default 5s quick, 20s full)")
	fs.DurationVar(&o.calibration, "calibration", 0, "inbox: untimed load before the run, used to size the pre-signed pool (default 2s quick, 5s full)")
	fs.IntVar(&o.presignMax, "presign-max", 250000, "inbox: most requests signed ahead of the run")

	fs.IntVar(&o.fanoutHosts, "fanout-hosts", 1000, "fanout: remote hosts following the space")
	fs.IntVar(&o.fanoutKeys, "fanout-keys", 8, "fanout: RSA keys shared out among the hosts' follower actors")
	fs.StringVar(&o.follows, "follows", "", "fanout: how the hosts come to follow the space: inbox (signed Follows, Accepted by the node) or store (written to the database before the node starts); default inbox on PostgreSQL, store on SQLite")
	fs.IntVar(&o.followWorkers, "follow-workers", 4, "fanout: Follows sent at a time while the hosts subscribe (set-up, untimed)")
	fs.DurationVar(&o.fanoutTimeout, "fanout-timeout", 0, "fanout: how long every host may take to get the post (default 60s quick, 120s full)")

	fs.IntVar(&o.replies, "replies", 500, "render: replies in the thread")
	fs.IntVar(&o.renderIterations, "render-iterations", 0, "render: server-side renders timed (default 200 quick, 1000 full)")
	fs.DurationVar(&o.renderDuration, "render-duration", 0, "render: HTTP load (default 5s quick, 20s full)")
	fs.IntVar(&o.renderConns, "render-conns", 32, "render: concurrent keep-alive connections")

	fs.IntVar(&o.starts, "starts", 3, "start: starts measured (the median is reported)")
	fs.DurationVar(&o.settle, "settle", 2*time.Second, "memory: idle time after start before the idle reading")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	pick := func(d *time.Duration, quick, full time.Duration) {
		if *d == 0 {
			*d = full
			if o.quick {
				*d = quick
			}
		}
	}
	pick(&o.inboxDuration, 10*time.Second, 60*time.Second)
	pick(&o.calibration, 2*time.Second, 5*time.Second)
	pick(&o.pacedDuration, 5*time.Second, 20*time.Second)
	pick(&o.fanoutTimeout, 60*time.Second, 120*time.Second)
	pick(&o.renderDuration, 5*time.Second, 20*time.Second)
	if o.renderIterations == 0 {
		o.renderIterations = 1000
		if o.quick {
			o.renderIterations = 200
		}
	}
	if *only != "" {
		o.only = map[string]bool{}
		for p := range strings.SplitSeq(*only, ",") {
			p = strings.TrimSpace(p)
			if !slices.Contains(phases, p) {
				return nil, fmt.Errorf("--only: unknown phase %q (phases: %s)", p, strings.Join(phases, ","))
			}
			o.only[p] = true
		}
	}
	if o.database != "" && !strings.HasPrefix(o.database, "postgres://") && !strings.HasPrefix(o.database, "postgresql://") {
		return nil, errors.New("--database: give a postgres:// URL (SQLite is the default)")
	}
	if o.inboxSpace != "followed" && o.inboxSpace != "local" {
		return nil, fmt.Errorf("--inbox-space: %q is neither followed nor local", o.inboxSpace)
	}
	switch o.follows {
	case "inbox", "store":
	case "":
		// Signed Follows sent concurrently to a node on SQLite stall on
		// its connection pool (a transaction that reads outside itself
		// waits for a connection held by writers queued behind it) until
		// SQLite's busy timeout; see the log when --follows inbox is used.
		o.follows = "inbox"
		if o.database == "" {
			o.follows = "store"
		}
	default:
		return nil, fmt.Errorf("--follows: %q is neither inbox nor store", o.follows)
	}
	switch {
	case o.actors < 1, o.servers < 1, o.workers < 1, o.fanoutHosts < 1, o.fanoutKeys < 1, o.followWorkers < 1, o.replies < 0,
		o.renderConns < 1, o.renderIterations < 1, o.starts < 1:
		return nil, errors.New("sizes must be at least 1")
	case o.inboxRate < 0:
		return nil, errors.New("--inbox-rate: a rate is not negative")
	}
	if o.servers > o.actors {
		o.servers = o.actors
	}
	return o, nil
}

// report is what the tool measured. Pointers are null in JSON when a phase
// did not run.
type report struct {
	Database  string `json:"database"`
	CPUs      int    `json:"cpus"`
	GoVersion string `json:"go_version"`
	Date      string `json:"date"`
	Mode      string `json:"mode"`

	InboxSpace          string   `json:"inbox_space,omitempty"`
	InboxActivitiesPerS *float64 `json:"inbox_activities_per_s"`
	InboxP50Ms          *float64 `json:"inbox_p50_ms"`
	InboxP99Ms          *float64 `json:"inbox_p99_ms"`
	InboxAccepted       *int     `json:"inbox_accepted"`
	InboxRefused        *int     `json:"inbox_refused"`
	InboxSignedInline   *int     `json:"inbox_signed_inline"`
	InboxPacedRate      *float64 `json:"inbox_paced_rate"`
	InboxPacedPerS      *float64 `json:"inbox_paced_per_s"`
	InboxPacedP50Ms     *float64 `json:"inbox_paced_p50_ms"`
	InboxPacedP99Ms     *float64 `json:"inbox_paced_p99_ms"`

	FanoutHosts       *int     `json:"fanout_hosts"`
	FanoutSeconds     *float64 `json:"fanout_seconds"`
	FanoutBothSeconds *float64 `json:"fanout_both_seconds"`

	ThreadRenderP50Ms *float64 `json:"thread_render_p50_ms"`
	ThreadRPS         *float64 `json:"thread_rps"`

	IdleRSSMB *float64 `json:"idle_rss_mb"`
	LoadRSSMB *float64 `json:"load_rss_mb"`

	StartMs         *float64 `json:"start_ms"`
	StartExistingMs *float64 `json:"start_existing_ms"`

	OK       bool     `json:"ok"`
	Failures []string `json:"failures"`
}

// bench is one run of the tool.
type bench struct {
	o       *options
	log     *slog.Logger
	stderr  io.Writer
	workdir string
	rep     *report
}

// fail records a correctness failure: the tool exits 1.
func (b *bench) fail(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	b.log.Error("FAIL", "check", msg)
	b.rep.Failures = append(b.rep.Failures, msg)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseOptions(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "portal-bench:", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	raiseFileLimit(log)

	dir, err := os.MkdirTemp("", "portal-bench-")
	if err != nil {
		fmt.Fprintln(stderr, "portal-bench:", err)
		return 1
	}
	b := &bench{o: o, log: log, stderr: stderr, workdir: dir, rep: &report{
		Database: "sqlite", CPUs: runtime.NumCPU(), GoVersion: runtime.Version(),
		Date: time.Now().UTC().Format(time.RFC3339), Mode: "full", Failures: []string{},
	}}
	if o.database != "" {
		b.rep.Database = "postgres"
	}
	if o.quick {
		b.rep.Mode = "quick"
	}
	began := time.Now()
	err = b.run(ctx)
	if err != nil {
		b.fail("%v", err)
	}
	b.rep.OK = len(b.rep.Failures) == 0
	if o.keep || !b.rep.OK {
		log.Info("working directory kept", "dir", dir)
	} else {
		_ = os.RemoveAll(dir)
	}
	log.Info("done", "took", time.Since(began).Round(time.Second), "ok", b.rep.OK)
	printTable(stdout, b.rep)
	if o.json {
		line, _ := json.Marshal(b.rep)
		fmt.Fprintf(stdout, "%s\n", line)
	}
	if !b.rep.OK {
		return 1
	}
	return 0
}

func (b *bench) run(ctx context.Context) error {
	o := b.o
	if o.runs("start") {
		if err := b.measureStart(ctx); err != nil {
			return fmt.Errorf("start: %w", err)
		}
	}
	if !o.runs("memory") && !o.runs("inbox") && !o.runs("fanout") && !o.runs("render") {
		return nil
	}

	// Everything the simulated servers need is made before the node
	// starts: RSA keys are slow, and none of this is timed.
	var inboxActors []*remoteActor
	var farm *sinkFarm
	var err error
	if o.runs("inbox") {
		if inboxActors, err = b.newInboxActors(ctx); err != nil {
			return err
		}
		defer closeServers(inboxActors)
	}
	if o.runs("fanout") {
		if farm, err = b.newSinkFarm(ctx); err != nil {
			return fmt.Errorf("fanout: %w", err)
		}
		defer farm.close()
	}

	database := o.database
	if database == "" {
		database = "sqlite:" + filepath.Join(b.workdir, "node", "portal.db")
	}
	ln, err := listenLoopback()
	if err != nil {
		return err
	}
	fx, err := b.prepare(ctx, ln.Addr().String(), database, farm, inboxActors)
	if err != nil {
		ln.Close()
		return fmt.Errorf("prepare the node's database: %w", err)
	}
	node, err := b.startNode(ctx, ln, database, filepath.Join(b.workdir, "node.log"), o.cpuProfile != "")
	if err != nil {
		return err
	}
	defer func() {
		if err := node.stop(); err != nil {
			b.fail("node did not stop cleanly: %v", err)
		}
	}()
	b.log.Info("node serving", "url", node.url, "control", node.control, "database", redact(database), "started_in", node.startedIn.Round(time.Millisecond))

	if o.runs("memory") {
		select {
		case <-time.After(o.settle):
		case <-ctx.Done():
			return ctx.Err()
		}
		if rss, err := readRSS(node.pid()); err == nil {
			b.rep.IdleRSSMB = ptr(round2(rss))
		} else {
			b.log.Warn("idle memory not measured", "error", err)
		}
	}
	if o.runs("inbox") {
		if err := b.inbox(ctx, node, fx, inboxActors); err != nil {
			return fmt.Errorf("inbox: %w", err)
		}
	}
	if o.runs("fanout") {
		if err := b.fanout(ctx, node, fx, farm); err != nil {
			return fmt.Errorf("fanout: %w", err)
		}
	}
	if o.runs("render") {
		if err := b.render(ctx, node, fx); err != nil {
			return fmt.Errorf("render: %w", err)
		}
	}
	return ctx.Err()
}

// raiseFileLimit lifts the soft limit on open files to the hard one: the
// fan-out holds a listener and a connection or two per simulated host, and
// the node (a child, which inherits the limit) a connection per host.
func raiseFileLimit(log *slog.Logger) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return
	}
	if lim.Cur < lim.Max {
		lim.Cur = lim.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
			log.Warn("could not raise the open-file limit", "error", err)
			return
		}
	}
	if lim.Cur < 8192 {
		log.Warn("open-file limit is low for 1,000 simulated hosts", "limit", lim.Cur)
	}
}

func ptr[T any](v T) *T { return &v }

func round2(v float64) float64 {
	if v >= 100 {
		return float64(int64(v*10+0.5)) / 10
	}
	return float64(int64(v*100+0.5)) / 100
}

// redact hides a password in a database URL for logs.
func redact(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		if at := strings.LastIndex(u, "@"); at > i {
			cred := u[i+3 : at]
			if user, _, ok := strings.Cut(cred, ":"); ok {
				return u[:i+3] + user + ":xxxxx" + u[at:]
			}
		}
	}
	return u
}
