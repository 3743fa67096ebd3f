package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/pprof"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/protectors-portal/portal/internal/config"
	"github.com/protectors-portal/portal/internal/node"
)

// serveNodeArg, as the first argument, makes this binary the node under
// test instead of the tool. The test binary honours it too (TestMain).
const serveNodeArg = "--serve-node"

// envPprof set to 1 makes the child serve net/http/pprof on its control
// listener.
const envPprof = "PORTAL_BENCH_PPROF"

// The child gets two listeners from the tool: the node's (fd 3), which
// exists before the child does so that the tool can time the start from
// the very first instant, and a control listener (fd 4) for what only the
// node's own process can measure.
const (
	nodeListenerFD    = 3
	controlListenerFD = 4
)

// serveNode runs a node from the PORTAL_* environment, as `portal serve`
// does, and answers the tool on the control listener until SIGTERM.
func serveNode() int {
	cfg, err := config.Load("", os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "portal-bench node: configuration:", err)
		return 2
	}
	var level slog.Level
	_ = level.UnmarshalText([]byte(strings.ToUpper(cfg.LogLevel)))
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	nodeFile := os.NewFile(nodeListenerFD, "node-listener")
	ln, err := net.FileListener(nodeFile)
	nodeFile.Close()
	if err != nil {
		log.Error("node listener", "error", err)
		return 1
	}
	ctlFile := os.NewFile(controlListenerFD, "control-listener")
	ctl, err := net.FileListener(ctlFile)
	ctlFile.Close()
	if err != nil {
		log.Error("control listener", "error", err)
		return 1
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	n, err := node.New(ctx, cfg, node.Options{Logger: log})
	if err != nil {
		log.Error("new node", "error", err)
		return 1
	}
	if err := n.Serve(ctx, ln); err != nil {
		log.Error("serve", "error", err)
		_ = n.Stop(context.Background())
		return 1
	}
	control := &http.Server{Handler: controlMux(n, cfg), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = control.Serve(ctl) }()

	code := 0
	select {
	case <-ctx.Done():
	case err := <-n.Done():
		if err != nil {
			log.Error("server stopped", "error", err)
			code = 1
		}
	}
	_ = control.Close()
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := n.Stop(sctx); err != nil {
		log.Error("stop", "error", err)
		code = 1
	}
	return code
}

func controlMux(n *node.Node, cfg config.Config) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /render", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		iterations, _ := strconv.Atoi(q.Get("n"))
		if iterations < 1 || iterations > 100000 || !strings.HasPrefix(q.Get("path"), "/") {
			http.Error(w, "want path=/… and n=1…100000", http.StatusBadRequest)
			return
		}
		res := timeRender(n.Handler(), cfg.Domain, q.Get("path"), iterations, q.Get("marker"))
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(res)
	})
	if os.Getenv(envPprof) == "1" {
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	}
	return mux
}

// renderResult is what /render answers.
type renderResult struct {
	Iterations int     `json:"iterations"`
	P50Ms      float64 `json:"p50_ms"`
	P99Ms      float64 `json:"p99_ms"`
	Status     int     `json:"status"`  // of the last render
	Bad        int     `json:"bad"`     // renders that did not answer 200
	Bytes      int     `json:"bytes"`   // of the last page
	Markers    int     `json:"markers"` // occurrences of marker in it
}

// timeRender calls the node's whole handler (middleware included) for
// path, as an anonymous browser, n times in a row, after a few untimed
// calls.
func timeRender(h http.Handler, domain, path string, n int, marker string) renderResult {
	do := func() *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Host = domain
		req.RemoteAddr = "127.0.0.1:40000"
		req.Header.Set("Accept", "text/html,application/xhtml+xml")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for range 5 {
		do()
	}
	res := renderResult{Iterations: n}
	times := make([]time.Duration, n)
	var last *httptest.ResponseRecorder
	for i := range times {
		start := time.Now()
		last = do()
		times[i] = time.Since(start)
		if last.Code != http.StatusOK {
			res.Bad++
		}
	}
	slices.Sort(times)
	res.P50Ms = ms(percentile(times, 50))
	res.P99Ms = ms(percentile(times, 99))
	res.Status = last.Code
	res.Bytes = last.Body.Len()
	if marker != "" {
		res.Markers = strings.Count(last.Body.String(), marker)
	}
	return res
}
