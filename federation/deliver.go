package federation

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/protectors-portal/portal/federation/activity"
	"github.com/protectors-portal/portal/federation/transport"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/queue"
	"github.com/protectors-portal/portal/internal/store"
)

// Delivery retries: River waits about attempt⁴ seconds between tries, so
// 16 tries span about two and a half days, as Mastodon's do.
const deliveryAttempts = 16

// A host that has failed this many deliveries in a row, and not succeeded
// for a day, is paused: its deliveries wait instead of hammering it.
const (
	pauseAfterFailures = 10
	pauseFor           = 6 * time.Hour
)

// DeliverArgs is one activity for one inbox.
type DeliverArgs struct {
	ActivityID string `json:"activity_id"`
	Inbox      string `json:"inbox"`
	Host       string `json:"host"`
}

// Kind names the job.
func (DeliverArgs) Kind() string { return "deliver" }

// InsertOpts puts deliveries on their own queue.
func (DeliverArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queue.QueueDelivery, MaxAttempts: deliveryAttempts}
}

type deliverWorker struct {
	river.WorkerDefaults[DeliverArgs]
	s *Service
}

func (w *deliverWorker) Timeout(*river.Job[DeliverArgs]) time.Duration { return 30 * time.Second }

func (w *deliverWorker) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	s := w.s
	args := job.Args
	log := s.log.With("job_id", job.ID, "host", args.Host, "inbox", args.Inbox)
	if !s.hostAllowed(ctx, args.Host) {
		log.InfoContext(ctx, "delivery dropped: host no longer allowed")
		return river.JobCancel(errors.New("host not allowed"))
	}
	now := s.now()
	if p, err := s.db.GetPeer(ctx, args.Host); err == nil && p.PausedUntil != nil && p.PausedUntil.After(now) {
		return river.JobSnooze(p.PausedUntil.Sub(now))
	}
	act, err := s.db.GetActivity(ctx, args.ActivityID)
	if err != nil {
		return river.JobCancel(fmt.Errorf("activity %s: %w", args.ActivityID, err))
	}
	signer, err := s.db.GetActor(ctx, act.ActorID)
	if err != nil {
		return err
	}
	key, err := s.signingKey(signer)
	if err != nil {
		return river.JobCancel(err)
	}
	_, err = s.client.Post(ctx, args.Inbox, []byte(act.Payload), key)
	if err == nil {
		if err := s.db.RecordDeliverySuccess(ctx, args.Host, s.now()); err != nil {
			log.ErrorContext(ctx, "record delivery", "error", err)
		}
		return nil
	}
	failures, rerr := s.db.RecordDeliveryFailure(ctx, args.Host, err.Error(), s.now())
	if rerr != nil {
		log.ErrorContext(ctx, "record delivery failure", "error", rerr)
	}
	if transport.IsPermanent(err) {
		log.InfoContext(ctx, "delivery refused for good", "error", err)
		return river.JobCancel(err)
	}
	if failures >= pauseAfterFailures {
		if p, perr := s.db.GetPeer(ctx, args.Host); perr == nil && (p.LastSuccessAt == nil || now.Sub(*p.LastSuccessAt) > 24*time.Hour) {
			_ = s.db.PausePeer(ctx, args.Host, now.Add(pauseFor))
			log.WarnContext(ctx, "host paused after repeated failures", "failures", failures)
		}
	}
	var se *transport.StatusError
	if errors.As(err, &se) && se.RetryAfter > 0 && se.RetryAfter < 24*time.Hour {
		return river.JobSnooze(se.RetryAfter)
	}
	return err
}

// target is one inbox to deliver to.
type target struct {
	inbox, host string
}

// targets turns actors into inboxes: shared inboxes preferred and merged,
// local actors skipped, hosts that may not receive this visibility (or are
// not allowed at all) dropped.
func (s *Service) targets(ctx context.Context, tx *store.Store, vis model.Visibility, actors ...*model.Actor) []target {
	seen := map[string]bool{}
	var out []target
	for _, a := range actors {
		if a == nil || a.Local {
			continue
		}
		inbox := a.SharedInbox
		if inbox == "" {
			inbox = a.Inbox
		}
		host := activity.Host(inbox)
		if inbox == "" || host == "" || seen[inbox] {
			continue
		}
		if !s.hostAllowedIn(ctx, tx, host) || !s.mayReceive(host, vis) {
			continue
		}
		seen[inbox] = true
		out = append(out, target{inbox: inbox, host: host})
	}
	return out
}

// enqueue queues one delivery job per target, in tx.
func (s *Service) enqueue(ctx context.Context, tx *store.Store, activityID string, ts []target) error {
	if len(ts) == 0 {
		return nil
	}
	params := make([]river.InsertManyParams, len(ts))
	for i, t := range ts {
		params[i] = river.InsertManyParams{Args: DeliverArgs{ActivityID: activityID, Inbox: t.inbox, Host: t.host}}
	}
	return s.q.EnqueueMany(ctx, tx, params)
}
