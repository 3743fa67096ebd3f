package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/protectors-portal/portal/internal/config"
	"github.com/protectors-portal/portal/internal/node"
)

func serve(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	n, err := node.New(ctx, cfg, node.Options{Logger: log})
	if err != nil {
		return err
	}
	if err := n.Start(ctx); err != nil {
		n.Stop(context.Background())
		return err
	}
	tok, err := n.Accounts.SetupToken(ctx)
	if err != nil {
		log.Error("setup token", "error", err)
	} else if tok != "" {
		fmt.Fprintf(stdout, "\nThis node has no administrator yet. Open this link once to set it up:\n\n    %s/setup?token=%s\n\n", n.URLs.Base, tok)
	}
	select {
	case <-ctx.Done():
		log.Info("stopping")
	case err := <-n.Done():
		if err != nil {
			log.Error("server stopped", "error", err)
		}
	}
	stopCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := n.Stop(stopCtx); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

func migrate(ctx context.Context, cfg config.Config, stdout io.Writer) error {
	db, applied, err := node.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if len(applied) == 0 {
		fmt.Fprintln(stdout, "database is up to date")
	}
	for _, m := range applied {
		fmt.Fprintln(stdout, "applied", m)
	}
	return nil
}
