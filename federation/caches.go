package federation

import (
	"context"
	"crypto/rsa"
	"sync"
	"sync/atomic"
	"time"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// The inbox checks, for every activity, the sender's domain, key and
// actor. These caches spare the database those reads. They are caches
// only: each entry expires, so that another process's changes (an admin's
// decision, an actor refetched there) are seen here within the TTL, and
// this process forgets at once what it changes itself.

const (
	// policyTTL bounds how long another process's decision about a domain
	// takes to apply here.
	policyTTL = 15 * time.Second
	// keyTTL bounds how long a key replaced elsewhere is still believed
	// here. A signature that does not verify with a cached key makes the
	// key be fetched again at once (httpsig.Verify's refresh).
	keyTTL = 10 * time.Minute
	// actorTTL bounds how stale a remote actor's inbox, name or kind may be.
	actorTTL = time.Minute
	// cacheMax bounds the keys and actors held.
	cacheMax = 10_000
)

// ttlCache is a map whose entries expire. Values are shared: never modify
// one.
type ttlCache[V any] struct {
	ttl   time.Duration
	mu    sync.RWMutex
	items map[string]ttlEntry[V]
}

type ttlEntry[V any] struct {
	v       V
	expires time.Time
}

func newTTLCache[V any](ttl time.Duration) *ttlCache[V] {
	return &ttlCache[V]{ttl: ttl, items: map[string]ttlEntry[V]{}}
}

func (c *ttlCache[V]) get(key string) (V, bool) {
	c.mu.RLock()
	e, ok := c.items[key]
	c.mu.RUnlock()
	if !ok || time.Now().After(e.expires) {
		var zero V
		return zero, false
	}
	return e.v, true
}

func (c *ttlCache[V]) put(key string, v V) {
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.items) >= cacheMax {
		for k, e := range c.items {
			if now.After(e.expires) {
				delete(c.items, k)
			}
		}
		if len(c.items) >= cacheMax {
			clear(c.items)
		}
	}
	c.items[key] = ttlEntry[V]{v: v, expires: now.Add(c.ttl)}
}

// deleteWhere drops the entries for which drop is true.
func (c *ttlCache[V]) deleteWhere(drop func(key string, v V) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.items {
		if drop(k, e.v) {
			delete(c.items, k)
		}
	}
}

// cachedKey is a public key and the actor that owns it.
type cachedKey struct {
	key   *rsa.PublicKey
	owner string
}

// forgetActor drops what the caches hold about the actor uri: after it
// was stored anew here.
func (s *Service) forgetActor(uri string) {
	s.actors.deleteWhere(func(k string, _ *model.Actor) bool { return k == uri })
	s.pubKeys.deleteWhere(func(_ string, v cachedKey) bool { return v.owner == uri })
}

// cachedActor returns a copy of a cached actor, which the caller may
// change.
func (s *Service) cachedActor(uri string) (*model.Actor, bool) {
	a, ok := s.actors.get(uri)
	if !ok {
		return nil, false
	}
	c := *a
	return &c, true
}

// rememberActor caches a copy of a remote actor as it is stored.
func (s *Service) rememberActor(a *model.Actor) {
	if a == nil || a.Local || a.ID == "" {
		return
	}
	c := *a
	s.actors.put(a.URI, &c)
}

// policyCache holds every admin decision about a domain. It is trusted
// for policyTTL after it was loaded and until this process changes a
// decision (store.DB.Changed); then hosts are checked in the database,
// each on its own, until one of those callers has loaded it again. Nobody
// waits for a load, so that a read through the pool never waits for a
// caller that holds a transaction (SQLite's deadlock).
type policyCache struct {
	mu       sync.RWMutex
	policies map[string]string // domain → allow or block
	loadedAt time.Time         // zero: not loaded, or forgotten
	gen      uint64            // counts invalidations
	loading  atomic.Bool
}

// lookup returns the decision about host ("" for none) and whether the
// cache could tell.
func (c *policyCache) lookup(host string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.loadedAt.IsZero() || time.Since(c.loadedAt) > policyTTL {
		return "", false
	}
	return c.policies[host], true
}

// invalidate forgets every decision, and any load under way.
func (c *policyCache) invalidate() {
	c.mu.Lock()
	c.loadedAt = time.Time{}
	c.gen++
	c.mu.Unlock()
}

// reload loads the decisions through st, unless another caller is
// already doing so.
func (c *policyCache) reload(ctx context.Context, st *store.Store) error {
	if !c.loading.CompareAndSwap(false, true) {
		return nil
	}
	defer c.loading.Store(false)
	c.mu.RLock()
	gen := c.gen
	c.mu.RUnlock()
	began := time.Now()
	list, err := st.ListDomainPolicies(ctx)
	if err != nil {
		return err
	}
	m := make(map[string]string, len(list))
	for _, p := range list {
		m[p.Domain] = p.Policy
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen == gen { // nothing changed while it loaded
		c.policies, c.loadedAt = m, began
	}
	return nil
}
