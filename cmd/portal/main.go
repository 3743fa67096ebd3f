// Command portal runs a Portal node and administers it.
//
//	portal serve                 run the node: web, ActivityPub, jobs
//	portal migrate               apply migrations and exit
//	portal admin create-user --username U --role admin|moderator|member --password-stdin
//	portal admin create-token --username U [--name N]
//	portal admin create-space --name N --title T [--visibility public|alliance] [--description D]
//	portal admin federation allow|block DOMAIN
//
// Every command reads the optional --config FILE, then the PORTAL_*
// environment variables.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/protectors-portal/portal/internal/config"
)

// usageError makes the program exit 2 with its message.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

const usage = `usage: portal [--config FILE] COMMAND

commands:
  serve                                   run the node
  migrate                                 apply database migrations and exit
  admin create-user --username U --role admin|moderator|member --password-stdin
  admin create-token --username U [--name NAME]
  admin create-space --name N --title T [--visibility public|alliance] [--description D]
  admin federation allow DOMAIN
  admin federation block DOMAIN

configuration: --config FILE (key = value lines), overridden by PORTAL_* variables (see README).
`

func main() {
	err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	if err == nil {
		return
	}
	fmt.Fprintln(os.Stderr, "portal:", err)
	var ue usageError
	var ce configError
	if errors.As(err, &ue) || errors.As(err, &ce) {
		os.Exit(2)
	}
	os.Exit(1)
}

// configError is a bad configuration value: exit code 2, before anything
// is written.
type configError struct{ err error }

func (e configError) Error() string { return "configuration: " + e.err.Error() }

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("portal", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfgPath := fs.String("config", "", "configuration file")
	if err := fs.Parse(args); err != nil {
		return usagef("%v\n%s", err, usage)
	}
	rest := fs.Args()
	if len(rest) == 0 || rest[0] == "help" || rest[0] == "-h" || rest[0] == "--help" {
		fmt.Fprint(stdout, usage)
		if len(rest) == 0 {
			return usagef("no command given")
		}
		return nil
	}
	cfg, err := config.Load(*cfgPath, getenv)
	if err != nil {
		return configError{err}
	}
	log := newLogger(cfg, stderr)
	switch rest[0] {
	case "serve":
		ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
		defer stop()
		return serve(ctx, cfg, log, stdout)
	case "migrate":
		return migrate(ctx, cfg, stdout)
	case "admin":
		return admin(ctx, cfg, log, rest[1:], stdin, stdout)
	}
	return usagef("unknown command %q\n%s", rest[0], usage)
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(strings.ToUpper(cfg.LogLevel)))
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(h)
}
