package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/riverqueue/river"

	"github.com/protectors-portal/portal/federation"
	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/config"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/keys"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/moderation"
	"github.com/protectors-portal/portal/internal/node"
	"github.com/protectors-portal/portal/internal/queue"
)

func admin(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		return usagef("admin needs a subcommand\n%s", usage)
	}
	// Check the arguments before touching the database.
	var exec func(ctx context.Context, env *adminEnv) error
	var err error
	switch args[0] {
	case "create-user":
		exec, err = createUser(args[1:], stdin, stdout)
	case "create-token":
		exec, err = createToken(args[1:], stdout)
	case "create-space":
		exec, err = createSpace(args[1:], stdout)
	case "federation":
		exec, err = federationPolicy(args[1:], stdout)
	default:
		return usagef("unknown admin command %q\n%s", args[0], usage)
	}
	if err != nil {
		return err
	}
	db, _, err := node.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	urls := model.URLs{Base: cfg.BaseURL()}
	env := &adminEnv{
		accounts:   accounts.New(db, urls, keys.New, log),
		disc:       discussion.New(db, urls, nil, keys.New, log),
		moderation: moderation.New(db),
	}
	// What the command changes federates like what the web does: the
	// federation publisher queues its activities (workers of a running
	// node deliver them).
	fed := federation.New(cfg, db, env.disc, keys.New, log)
	workers := river.NewWorkers()
	if err := fed.AddWorkers(workers); err != nil {
		return err
	}
	q, err := queue.New(db, queue.Options{Workers: workers, Logger: log})
	if err != nil {
		return err
	}
	fed.SetQueue(q)
	env.disc.SetPublisher(fed)
	return clientError(exec(ctx, env))
}

type adminEnv struct {
	accounts   *accounts.Service
	disc       *discussion.Service
	moderation *moderation.Service
}

// clientError turns a domain error into the one line a person needs.
func clientError(err error) error {
	if err == nil {
		return nil
	}
	var v *model.ValidationError
	var safe *model.SafeError
	switch {
	case errors.As(err, &v):
		return usagef("%s", v.Error())
	case errors.As(err, &safe) && safe.Public != "":
		return usagef("%s", safe.Public)
	case errors.Is(err, model.ErrNotFound):
		return usagef("%v", err)
	}
	return err
}

func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return usagef("admin %s: %v", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return usagef("admin %s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

func createUser(args []string, stdin io.Reader, stdout io.Writer) (func(context.Context, *adminEnv) error, error) {
	fs := newFlags("create-user")
	username := fs.String("username", "", "username")
	role := fs.String("role", "member", "admin, moderator or member")
	display := fs.String("display-name", "", "display name")
	fromStdin := fs.Bool("password-stdin", false, "read the password from standard input")
	if err := parse(fs, args); err != nil {
		return nil, err
	}
	if *username == "" {
		return nil, usagef("admin create-user: --username is required")
	}
	if !*fromStdin {
		return nil, usagef("admin create-user: --password-stdin is required (passwords are never taken as arguments)")
	}
	if !model.Role(*role).Valid() {
		return nil, usagef("admin create-user: --role must be admin, moderator or member")
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read password: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	return func(ctx context.Context, env *adminEnv) error {
		u, err := env.accounts.CreateUser(ctx, accounts.NewUser{Username: *username, DisplayName: *display,
			Password: password, Role: model.Role(*role)})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created %s %s\n", u.Role, u.Username)
		return nil
	}, nil
}

func createToken(args []string, stdout io.Writer) (func(context.Context, *adminEnv) error, error) {
	fs := newFlags("create-token")
	username := fs.String("username", "", "username")
	name := fs.String("name", "cli", "a name to recognise the token by")
	if err := parse(fs, args); err != nil {
		return nil, err
	}
	if *username == "" {
		return nil, usagef("admin create-token: --username is required")
	}
	return func(ctx context.Context, env *adminEnv) error {
		tok, err := env.accounts.CreateTokenFor(ctx, *username, *name)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, tok)
		return nil
	}, nil
}

func createSpace(args []string, stdout io.Writer) (func(context.Context, *adminEnv) error, error) {
	fs := newFlags("create-space")
	name := fs.String("name", "", "short name, used in the handle name@domain")
	title := fs.String("title", "", "title")
	vis := fs.String("visibility", "public", "public or alliance")
	desc := fs.String("description", "", "description (Markdown)")
	if err := parse(fs, args); err != nil {
		return nil, err
	}
	if *name == "" || *title == "" {
		return nil, usagef("admin create-space: --name and --title are required")
	}
	if !model.Visibility(*vis).Valid() {
		return nil, usagef("admin create-space: --visibility must be public or alliance")
	}
	return func(ctx context.Context, env *adminEnv) error {
		sp, err := env.disc.CreateSpace(ctx, nil, discussion.NewSpace{Name: *name, Title: *title,
			Description: *desc, Visibility: model.Visibility(*vis)})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created %s space %s\n", sp.Visibility, sp.Handle())
		return nil
	}, nil
}

func federationPolicy(args []string, stdout io.Writer) (func(context.Context, *adminEnv) error, error) {
	if len(args) != 2 || (args[0] != "allow" && args[0] != "block") {
		return nil, usagef("usage: portal admin federation allow|block DOMAIN")
	}
	policy := args[0]
	domain, err := moderation.NormaliseDomain(args[1])
	if err != nil {
		return nil, usagef("admin federation %s: %q is not a domain (a host or host:port, without scheme or path)", policy, args[1])
	}
	return func(ctx context.Context, env *adminEnv) error {
		if err := env.moderation.SetPolicy(ctx, nil, domain, policy, "set from the command line"); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%sed %s\n", policy, domain)
		return nil
	}, nil
}
