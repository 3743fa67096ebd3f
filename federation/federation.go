// Package federation is Portal's ActivityPub: actors, WebFinger and
// NodeInfo, the inbox, publishing and delivery, fetching and backfill.
// It parses with our tolerant parser (federation/activity), serialises with
// federation/apjson, signs with federation/httpsig and talks through the
// guarded client of federation/transport. Deliveries are River jobs queued
// in the same transaction as the content they carry.
package federation

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/protectors-portal/portal/federation/httpsig"
	"github.com/protectors-portal/portal/federation/transport"
	"github.com/protectors-portal/portal/internal/config"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/moderation"
	"github.com/protectors-portal/portal/internal/queue"
	"github.com/protectors-portal/portal/internal/store"
)

// Service is federation for one node.
type Service struct {
	cfg    config.Config
	db     *store.DB
	q      *queue.Queue
	disc   *discussion.Service
	client *transport.Client
	urls   model.URLs
	log    *slog.Logger
	now    func() time.Time
	scheme string

	// moderation files received Flags (nil: they are ignored).
	moderation *moderation.Service

	instanceMu sync.Mutex
	instance   *model.Actor

	keys     sync.Map // actor id → *rsa.PrivateKey (a cache only)
	limiter  *httpx.Limiter
	keyMaker func() (string, string, error)

	policies *policyCache            // admins' domain decisions
	pubKeys  *ttlCache[cachedKey]    // remote key id → key and owner
	actors   *ttlCache[*model.Actor] // remote actor uri → actor
	// spaceFollowed: local space actor id → whether it has followers. A
	// hint only, for the inbox to choose how to store a reply.
	spaceFollowed *ttlCache[bool]
	batcher       *replyBatcher // replies stored together, by thread
	sqliteWriter  sync.Mutex    // see storeReplies
}

// New builds the service. SetQueue must be called before it publishes.
// newKeys makes key pairs (for the instance actor).
func New(cfg config.Config, db *store.DB, disc *discussion.Service, newKeys func() (string, string, error), log *slog.Logger) *Service {
	s := &Service{
		keyMaker: newKeys,
		// Generous: a busy peer delivering a burst is fine; a flood is not.
		limiter: httpx.NewLimiter(500, 2000),
		cfg:     cfg,
		db:      db,
		disc:    disc,
		client: transport.New(transport.Config{AllowPrivate: cfg.AllowPrivateAddresses,
			UserAgent: "Portal/0.1 (+" + cfg.BaseURL() + ")"}),
		urls:   model.URLs{Base: cfg.BaseURL()},
		log:    log.With("component", "federation"),
		now:    model.Now,
		scheme: cfg.Scheme,

		policies:      &policyCache{},
		pubKeys:       newTTLCache[cachedKey](keyTTL),
		spaceFollowed: newTTLCache[bool](actorTTL),
		actors:        newTTLCache[*model.Actor](actorTTL),
	}
	s.batcher = newReplyBatcher(s.storeReplies)
	db.OnChange(store.DomainPoliciesChanged, s.policies.invalidate)
	return s
}

// SetQueue gives the service its job queue (built after the workers,
// which need the service).
func (s *Service) SetQueue(q *queue.Queue) { s.q = q }

// hostAllowed applies the federation mode and the block list (from the
// configuration and from admins' decisions) to a remote host.
func (s *Service) hostAllowed(ctx context.Context, host string) bool {
	return s.hostAllowedIn(ctx, s.db.Store, host)
}

// hostAllowedIn is hostAllowed reading through st: inside a transaction,
// pass it. (On SQLite a read through the pool can wait for a connection
// that the transactions queued behind this one hold: a deadlock.)
func (s *Service) hostAllowedIn(ctx context.Context, st *store.Store, host string) bool {
	host = strings.ToLower(host)
	if host == "" {
		return false
	}
	if host == strings.ToLower(s.urls.Domain()) {
		return true
	}
	if slices.Contains(s.cfg.FederationBlock, host) {
		return false
	}
	policy, err := s.domainPolicy(ctx, st, host)
	if err != nil {
		s.log.ErrorContext(ctx, "domain policy", "host", host, "error", err)
		return false
	}
	if policy == "block" {
		return false
	}
	if s.cfg.FederationMode == "allowlist" {
		return policy == "allow" || slices.Contains(s.cfg.FederationAllow, host) || s.cfg.IsAllianceDomain(host) ||
			slices.Contains(s.cfg.HubMembers, host)
	}
	return true
}

// domainPolicy returns the admins' decision about host ("" for none):
// from the cache while it is fresh, else from the database.
func (s *Service) domainPolicy(ctx context.Context, st *store.Store, host string) (string, error) {
	if p, ok := s.policies.lookup(host); ok {
		return p, nil
	}
	if err := s.policies.reload(ctx, st); err != nil {
		return "", err
	}
	if p, ok := s.policies.lookup(host); ok {
		return p, nil
	}
	// Another caller is loading the cache, or a decision changed meanwhile.
	p, err := st.GetDomainPolicy(ctx, host)
	if errors.Is(err, model.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return p.Policy, nil
}

// mayReceive says whether content of visibility v may go to host.
func (s *Service) mayReceive(host string, v model.Visibility) bool {
	return v == model.VisibilityPublic || s.cfg.IsAllianceDomain(host)
}

// InstanceActor returns the node's own Application actor, creating it (and
// its keys) on first use. It signs our fetches.
func (s *Service) InstanceActor(ctx context.Context) (*model.Actor, error) {
	s.instanceMu.Lock()
	defer s.instanceMu.Unlock()
	if s.instance != nil {
		return s.instance, nil
	}
	a, err := s.db.GetActorByURI(ctx, s.urls.Instance())
	if errors.Is(err, model.ErrNotFound) {
		a, err = s.createInstanceActor(ctx)
	}
	if err != nil {
		return nil, err
	}
	s.instance = a
	return a, nil
}

func (s *Service) createInstanceActor(ctx context.Context) (*model.Actor, error) {
	pub, priv, err := s.newKeys()
	if err != nil {
		return nil, err
	}
	a := s.newInstanceActor(pub, priv)
	if err := s.db.CreateActor(ctx, a); err != nil {
		if errors.Is(err, model.ErrConflict) { // another process made it first
			return s.db.GetActorByURI(ctx, s.urls.Instance())
		}
		return nil, err
	}
	return a, nil
}

// newInstanceActor makes the instance actor, not yet stored.
func (s *Service) newInstanceActor(pub, priv string) *model.Actor {
	now := s.now()
	a := &model.Actor{ID: model.NewID(), Kind: model.ActorApplication, Username: s.urls.Domain(),
		PublicKeyPEM: pub, PrivateKeyPEM: priv, CreatedAt: now, UpdatedAt: now}
	s.urls.LocalActor(a, s.urls.Instance())
	a.URL = s.urls.Base + "/organisation"
	return a
}

func (s *Service) newKeys() (string, string, error) {
	if s.keyMaker == nil {
		return "", "", errors.New("federation: no key maker")
	}
	return s.keyMaker()
}

// signingKey returns a local actor's signing key.
func (s *Service) signingKey(a *model.Actor) (httpsig.Key, error) {
	if k, ok := s.keys.Load(a.ID); ok {
		return httpsig.Key{ID: a.KeyID, Private: k.(*rsa.PrivateKey)}, nil
	}
	if !a.Local || a.PrivateKeyPEM == "" {
		return httpsig.Key{}, fmt.Errorf("federation: actor %s has no private key", a.URI)
	}
	k, err := httpsig.ParsePrivatePEM(a.PrivateKeyPEM)
	if err != nil {
		return httpsig.Key{}, fmt.Errorf("federation: key of %s: %w", a.URI, err)
	}
	s.keys.Store(a.ID, k)
	return httpsig.Key{ID: a.KeyID, Private: k}, nil
}
