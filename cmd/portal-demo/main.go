// Command portal-demo starts a small Portal alliance on this machine, in
// one process: three member nodes (a government agency, a company and a
// civil-society group) and an alliance hub, on 127.0.0.2–5 port 8090,
// seeded with content. Ctrl-C stops it. `make demo` runs it.
//
//	portal-demo [--data DIR] [--log-level debug|info|warn|error]
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/protectors-portal/portal/internal/demo"
)

func main() {
	fs := flag.NewFlagSet("portal-demo", flag.ExitOnError)
	dataDir := fs.String("data", "data/demo", "folder for the nodes' databases, one sub-folder per node, wiped at start")
	level := fs.String("log-level", "warn", "the nodes' log level on standard error: debug, info, warn or error")
	_ = fs.Parse(os.Args[1:])

	var lv slog.Level
	if err := lv.UnmarshalText([]byte(*level)); err != nil {
		fmt.Fprintln(os.Stderr, "portal-demo: --log-level:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := demo.Run(ctx, demo.Options{
		DataDir: *dataDir,
		Out:     os.Stdout,
		Logger:  slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lv})),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "portal-demo:", err)
		os.Exit(1)
	}
}
