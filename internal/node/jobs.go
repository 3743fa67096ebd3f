package node

import (
	"context"
	"log/slog"

	"github.com/riverqueue/river"

	"github.com/protectors-portal/portal/federation"
	"github.com/protectors-portal/portal/internal/accounts"
)

// CleanupArgs is the hourly job that removes expired sessions, tokens,
// rate-limit windows and invitations, and what the inbox no longer needs
// to remember.
type CleanupArgs struct{}

// Kind names the job.
func (CleanupArgs) Kind() string { return "cleanup_expired" }

type cleanupWorker struct {
	river.WorkerDefaults[CleanupArgs]
	accounts *accounts.Service
	fed      *federation.Service
	log      *slog.Logger
}

func (w *cleanupWorker) Work(ctx context.Context, job *river.Job[CleanupArgs]) error {
	n, err := w.accounts.Cleanup(ctx)
	if err != nil {
		return err
	}
	inv, err := w.accounts.CleanupInvites(ctx)
	if err != nil {
		return err
	}
	seen, err := w.fed.Cleanup(ctx)
	if err != nil {
		return err
	}
	w.log.InfoContext(ctx, "cleaned up expired rows", "rows", n+inv+seen, "job_id", job.ID)
	return nil
}
