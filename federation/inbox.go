package federation

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/protectors-portal/portal/federation/activity"
	"github.com/protectors-portal/portal/federation/httpsig"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
)

// MaxInboxBody caps what an inbox reads.
const MaxInboxBody = 1 << 20

func refuse(status int, public string, err error) error {
	if err == nil {
		err = errors.New(public)
	}
	return &model.SafeError{Err: err, Public: public, Status: status}
}

// inbox takes an activity POSTed by another server: the body is capped,
// the HTTP signature checked (Digest, Date, key), the key's owner must be
// the activity's actor, the actor's host must be allowed, and the
// activity's id must be on the actor's host. Only then is it handled.
func (s *Service) inbox(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if r.ContentLength > MaxInboxBody {
		return refuse(http.StatusRequestEntityTooLarge, "The activity is larger than 1 MiB.", nil)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxInboxBody+1))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return refuse(http.StatusRequestEntityTooLarge, "The activity is larger than 1 MiB.", err)
	}
	if err != nil {
		return refuse(http.StatusBadRequest, "Could not read the body.", err)
	}
	if len(body) > MaxInboxBody {
		return refuse(http.StatusRequestEntityTooLarge, "The activity is larger than 1 MiB.", nil)
	}
	// A request signed for another server and replayed here is refused:
	// the signed Host must be ours.
	if !strings.EqualFold(canonicalHost(r.Host, r.TLS != nil), s.urls.Domain()) {
		return refuse(http.StatusUnauthorized, "This request was not addressed to this server.", fmt.Errorf("host %q", r.Host))
	}
	// The signature first: unsigned or forged requests cost no parsing.
	if r.Header.Get("Signature") == "" && !strings.HasPrefix(r.Header.Get("Authorization"), "Signature ") {
		return refuse(http.StatusUnauthorized, "Activities must carry an HTTP signature.", httpsig.ErrNoSignature)
	}
	keyID := ""
	if p, err := httpsig.ParseSignatureHeader(signatureHeader(r)); err == nil {
		keyID = p.KeyID
		if !s.limiter.Allow(activity.Host(keyID), s.now()) {
			w.Header().Set("Retry-After", "10")
			return refuse(http.StatusTooManyRequests, "Too many activities from your server; slow down.", nil)
		}
		if !s.hostAllowed(ctx, activity.Host(keyID)) {
			return refuse(http.StatusForbidden, "This server does not federate with yours.", fmt.Errorf("blocked key host %s", activity.Host(keyID)))
		}
	}
	_, owner, err := httpsig.Verify(r, body, s.now(), s.LookupKey)
	if err != nil {
		var safe *model.SafeError
		if errors.As(err, &safe) && safe.Status == http.StatusForbidden {
			return refuse(http.StatusForbidden, "This server does not federate with yours.", err)
		}
		return refuse(http.StatusUnauthorized, "The HTTP signature does not verify.", fmt.Errorf("key %s: %w", keyID, err))
	}
	act, err := activity.Parse(body)
	if err != nil {
		return refuse(http.StatusBadRequest, "The body is not an activity this server can read.", err)
	}
	if act.Actor != owner {
		return refuse(http.StatusUnauthorized, "The signing key does not belong to the activity's actor.",
			fmt.Errorf("actor %s, key owner %s", act.Actor, owner))
	}
	if !activity.SameOrigin(act.ID, act.Actor) {
		return refuse(http.StatusForbidden, "The activity's id is not on its actor's server.", fmt.Errorf("id %s, actor %s", act.ID, act.Actor))
	}
	if !s.hostAllowed(ctx, activity.Host(act.Actor)) {
		return refuse(http.StatusForbidden, "This server does not federate with yours.", nil)
	}
	actor, err := s.Actor(ctx, act.Actor)
	if err != nil {
		return err
	}
	if err := s.handle(ctx, actor, act, 0); err != nil {
		if errors.Is(err, errIgnored) {
			httpx.Logger(ctx).DebugContext(ctx, "activity ignored", "type", act.Type, "id", act.ID, "reason", err)
			w.WriteHeader(http.StatusAccepted)
			return nil
		}
		return err
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}

func signatureHeader(r *http.Request) string {
	if v := r.Header.Get("Signature"); v != "" {
		return v
	}
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Signature ")
}

// errIgnored marks activities that are valid but of no concern here: they
// are acknowledged (202) and change nothing.
var errIgnored = errors.New("ignored")

func ignored(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errIgnored}, args...)...)
}

// forbidden is an origin-rule violation: 403, nothing stored.
func forbidden(format string, args ...any) error {
	return refuse(http.StatusForbidden, "The activity breaks the origin rules.", fmt.Errorf(format, args...))
}

// handle dispatches an authenticated activity. depth counts Announce
// nesting.
func (s *Service) handle(ctx context.Context, actor *model.Actor, act *activity.Activity, depth int) error {
	switch act.Type {
	case "Follow":
		return s.onFollow(ctx, actor, act)
	case "Accept", "Reject":
		return s.onAcceptReject(ctx, actor, act)
	case "Undo":
		return s.onUndo(ctx, actor, act)
	case "Create":
		return s.onCreate(ctx, actor, act)
	case "Update":
		return s.onUpdate(ctx, actor, act)
	case "Delete":
		return s.onDelete(ctx, actor, act)
	case "Like":
		return s.onLike(ctx, actor, act)
	case "Add":
		return s.onAdd(ctx, actor, act)
	case "Flag":
		return s.onFlag(ctx, actor, act)
	case "Announce":
		if depth > 0 {
			return ignored("nested Announce")
		}
		return s.onAnnounce(ctx, actor, act)
	}
	return ignored("type %s", act.Type)
}

// canonicalHost drops the default port of the scheme from a Host header.
func canonicalHost(host string, tls bool) string {
	if tls {
		return strings.TrimSuffix(host, ":443")
	}
	return strings.TrimSuffix(host, ":80")
}
