package main

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/protectors-portal/portal/federation/httpsig"
)

const followerPath = "/users/follower"

// sinkFarm is many simulated remote hosts, each a distinct host:port on
// its own loopback address, each with one follower actor and an inbox that
// verifies the HTTP signature of everything delivered to it. One HTTP
// server serves all their listeners and tells the hosts apart by Host.
type sinkFarm struct {
	srv   *http.Server
	hosts []string       // host:port
	index map[string]int // host:port → position in hosts
	docs  [][]byte       // the follower actors' documents
	keys  []*rsa.PrivateKey
	node  *keyCache

	mu        sync.Mutex
	accepted  []bool
	nAccepted int
	first     []time.Time // first Announce received, per host
	second    []time.Time // second Announce received, per host
	about     []string    // what the first Announce was of
	announces []int       // Announces received, per host
	nFirst    int
	nBoth     int
	badSigs   int
	firstBad  string
}

// newSinkFarm starts the hosts. The follower actors share a few keys
// (made here, untimed): 1,000 RSA-2048 keys would take minutes to make,
// and what the node does per host does not depend on the key's value.
func (b *bench) newSinkFarm(ctx context.Context) (*sinkFarm, error) {
	began := time.Now()
	n := b.o.fanoutHosts
	keys, err := generateKeys(ctx, min(b.o.fanoutKeys, n))
	if err != nil {
		return nil, err
	}
	f := &sinkFarm{index: map[string]int{}, keys: keys, node: newKeyCache(),
		accepted: make([]bool, n), first: make([]time.Time, n), second: make([]time.Time, n), about: make([]string, n), announces: make([]int, n)}
	f.srv = &http.Server{Handler: f, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 5 * time.Minute}
	sameAddress := false
	for i := range n {
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.%d.%d:0", 1+i/250, 1+i%250))
		if err != nil {
			// Not every system routes all of 127/8 to loopback: distinct
			// ports on 127.0.0.1 are distinct hosts all the same.
			sameAddress = true
			if ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
				f.close()
				return nil, fmt.Errorf("listener %d of %d: %w", i+1, n, err)
			}
		}
		host := ln.Addr().String()
		f.hosts = append(f.hosts, host)
		f.index[host] = i
		doc, err := actorDoc("http://"+host, followerPath, "follower", &keys[i%len(keys)].PublicKey)
		if err != nil {
			ln.Close()
			f.close()
			return nil, err
		}
		f.docs = append(f.docs, doc)
		go func() { _ = f.srv.Serve(ln) }()
	}
	if sameAddress {
		b.log.Warn("some hosts listen on 127.0.0.1 (distinct ports): loopback aliases unavailable")
	}
	b.log.Info("fan-out hosts ready", "hosts", n, "keys", len(keys), "took", time.Since(began).Round(time.Millisecond))
	return f, nil
}

func (f *sinkFarm) close() { _ = f.srv.Close() }

func (f *sinkFarm) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	at := time.Now()
	i, ok := f.index[r.Host]
	if !ok {
		http.NotFound(w, r)
		return
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == followerPath:
		w.Header().Set("Content-Type", "application/activity+json")
		_, _ = w.Write(f.docs[i])
	case r.Method == http.MethodPost && (r.URL.Path == "/inbox" || r.URL.Path == followerPath+"/inbox"):
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		_, owner, err := httpsig.Verify(r, body, time.Now(), f.node.lookup)
		if err != nil {
			f.bad(fmt.Sprintf("%s: %v", r.Host, err))
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var act struct {
			Type   string          `json:"type"`
			Actor  string          `json:"actor"`
			Object json.RawMessage `json:"object"`
		}
		if err := json.Unmarshal(body, &act); err != nil || act.Actor != owner {
			f.bad(fmt.Sprintf("%s: actor %q signed by %q (%v)", r.Host, act.Actor, owner, err))
			http.Error(w, "the key's owner is not the actor", http.StatusUnauthorized)
			return
		}
		f.received(i, act.Type, act.Object, at)
		w.WriteHeader(http.StatusAccepted)
	default:
		http.NotFound(w, r)
	}
}

func (f *sinkFarm) bad(msg string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.badSigs++
	if f.firstBad == "" {
		f.firstBad = msg
	}
}

func (f *sinkFarm) received(i int, typ string, object json.RawMessage, at time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch typ {
	case "Accept":
		if !f.accepted[i] {
			f.accepted[i] = true
			f.nAccepted++
		}
	case "Announce":
		f.announces[i]++
		switch f.announces[i] {
		case 1:
			f.first[i], f.about[i] = at, threadOf(object)
			f.nFirst++
		case 2:
			f.second[i] = at
			f.nBoth++
		}
	}
}

// threadOf finds what an Announce is about: the object's id, or that of
// the object of the activity it announces.
func threadOf(raw json.RawMessage) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	for range 3 {
		switch x := v.(type) {
		case string:
			return x
		case map[string]any:
			if inner, ok := x["object"]; ok {
				v = inner
				continue
			}
			id, _ := x["id"].(string)
			return id
		default:
			return ""
		}
	}
	return ""
}

// counts reads the progress under the lock.
func (f *sinkFarm) counts() (accepted, first, both int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.nAccepted, f.nFirst, f.nBoth
}

// keyCache is the hosts' shared view of the node's keys: each key is
// fetched from the node once.
type keyCache struct {
	client  *http.Client
	mu      sync.Mutex
	entries map[string]*keyEntry
	fetches atomic.Int64
}

type keyEntry struct {
	once  sync.Once
	key   *rsa.PublicKey
	owner string
	err   error
}

func newKeyCache() *keyCache {
	return &keyCache{client: &http.Client{Timeout: 10 * time.Second}, entries: map[string]*keyEntry{}}
}

// lookup is an httpsig.KeyLookup.
func (c *keyCache) lookup(ctx context.Context, keyID string, refresh bool) (*rsa.PublicKey, string, error) {
	c.mu.Lock()
	e := c.entries[keyID]
	if e == nil || refresh {
		e = &keyEntry{}
		c.entries[keyID] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.key, e.owner, e.err = c.fetch(ctx, keyID) })
	return e.key, e.owner, e.err
}

func (c *keyCache) fetch(ctx context.Context, keyID string) (*rsa.PublicKey, string, error) {
	c.fetches.Add(1)
	owner, _, _ := strings.Cut(keyID, "#")
	req, err := http.NewRequestWithContext(context.WithoutCancel(ctx), http.MethodGet, owner, nil)
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("Accept", "application/activity+json")
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("GET %s: status %d", owner, resp.StatusCode)
	}
	var doc struct {
		ID        string `json:"id"`
		PublicKey struct {
			ID           string `json:"id"`
			Owner        string `json:"owner"`
			PublicKeyPem string `json:"publicKeyPem"`
		} `json:"publicKey"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&doc); err != nil {
		return nil, "", fmt.Errorf("GET %s: %w", owner, err)
	}
	if doc.PublicKey.ID != keyID || doc.PublicKey.Owner != doc.ID {
		return nil, "", fmt.Errorf("%s does not publish key %s", owner, keyID)
	}
	k, err := httpsig.ParsePublicPEM(doc.PublicKey.PublicKeyPem)
	if err != nil {
		return nil, "", err
	}
	return k, doc.ID, nil
}

// fanout has every host follow the space (signed Follows, each Accepted
// back), then times one new thread from the API call until every host has
// received the space's Announce of it.
func (b *bench) fanout(ctx context.Context, node *nodeProc, fx *fixture, f *sinkFarm) error {
	o := b.o
	n := len(f.hosts)
	began := time.Now()
	if o.follows == "inbox" {
		if err := b.follow(ctx, node, fx, f); err != nil {
			return err
		}
		deadline := time.Now().Add(o.fanoutTimeout)
		for {
			accepted, _, _ := f.counts()
			if accepted == n {
				break
			}
			if time.Now().After(deadline) || ctx.Err() != nil {
				return fmt.Errorf("only %d of %d hosts got an Accept of their Follow within %s", accepted, n, o.fanoutTimeout)
			}
			time.Sleep(10 * time.Millisecond)
		}
	} else {
		b.log.Warn("fan-out: follows were written through the store before the node started, not sent as signed Follows " +
			"(on SQLite, concurrent Follows stall the node; --follows inbox sends them)")
	}
	if err := checkFollowers(ctx, fx, n); err != nil {
		return err
	}
	// The hosts learn the space's key now (from the Accepts, or here), so
	// that the timed part does not include that one fetch.
	if _, _, err := f.node.lookup(ctx, fx.fanoutSpace.uri+"#main-key", false); err != nil {
		return fmt.Errorf("fetch the space's key: %w", err)
	}
	b.log.Info("fan-out: every host follows the space", "hosts", n, "via", o.follows,
		"took", time.Since(began).Round(time.Millisecond), "node_key_fetches", f.node.fetches.Load())

	// The timed part.
	t0 := time.Now()
	apID, err := createThread(ctx, node, fx)
	if err != nil {
		return err
	}
	created := time.Since(t0)
	deadline := time.Now().Add(o.fanoutTimeout)
	for {
		_, _, both := f.counts()
		if both == n || time.Now().After(deadline) || ctx.Err() != nil {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}

	b.judgeFanout(f, apID, t0)
	_, reached, both := f.counts()
	b.log.Info("fan-out", "hosts", n, "reached", reached, "both_announces", both, "api_call", created.Round(time.Millisecond),
		"node_key_fetches", f.node.fetches.Load())
	return nil
}

// judgeFanout records what the hosts received since t0, when apID was
// posted: the time until the last of them had the Announce, or a failure
// for each host that never got it, got an Announce of something else or
// was sent a delivery whose signature did not verify.
func (b *bench) judgeFanout(f *sinkFarm, apID string, t0 time.Time) {
	n := len(f.hosts)
	f.mu.Lock()
	defer f.mu.Unlock()
	b.rep.FanoutHosts = ptr(n)
	var last, lastSecond time.Time
	wrong := 0
	for i := range n {
		if f.announces[i] == 0 {
			continue
		}
		if f.about[i] != apID {
			wrong++
		}
		if f.first[i].After(last) {
			last = f.first[i]
		}
		if f.second[i].After(lastSecond) {
			lastSecond = f.second[i]
		}
	}
	if f.nFirst == n {
		b.rep.FanoutSeconds = ptr(round2(last.Sub(t0).Seconds()))
	} else {
		b.fail("fanout: %d of %d hosts did not receive the Announce within %s", n-f.nFirst, n, b.o.fanoutTimeout)
	}
	if f.nBoth == n {
		b.rep.FanoutBothSeconds = ptr(round2(lastSecond.Sub(t0).Seconds()))
	} else {
		b.log.Warn("fan-out: not every host got both Announces", "both", f.nBoth, "hosts", n)
	}
	if wrong > 0 {
		b.fail("fanout: %d hosts received an Announce of something other than %s", wrong, apID)
	}
	if f.badSigs > 0 {
		b.fail("fanout: %d deliveries failed signature verification (e.g. %s)", f.badSigs, f.firstBad)
	}
}

// follow sends one signed Follow of the space from each host's actor,
// with --follow-workers at a time. Follows the node refuses are sent again
// (a new id each time), up to five rounds: this is set-up, not measured,
// but every refusal is logged.
func (b *bench) follow(ctx context.Context, node *nodeProc, fx *fixture, f *sinkFarm) error {
	inbox := node.url + "/spaces/" + fx.fanoutSpace.name + "/inbox"
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: b.o.followWorkers}}
	defer client.CloseIdleConnections()
	pending := make([]int, len(f.hosts))
	for i := range pending {
		pending[i] = i
	}
	for round := 1; len(pending) > 0; round++ {
		began := time.Now()
		failed, firstErr := b.sendFollows(ctx, client, inbox, fx, f, pending)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if len(failed) > 0 {
			b.log.Warn("fan-out: the node refused Follows", "round", round, "refused", len(failed), "sent", len(pending),
				"took", time.Since(began).Round(time.Millisecond), "example", firstErr)
			if round == 5 {
				return fmt.Errorf("%d of %d Follows still refused after %d rounds, e.g. %s", len(failed), len(f.hosts), round, firstErr)
			}
			time.Sleep(time.Second)
		}
		pending = failed
	}
	return nil
}

// sendFollows sends the Follows of the hosts at the positions given and
// returns those the node did not answer 202.
func (b *bench) sendFollows(ctx context.Context, client *http.Client, inbox string, fx *fixture, f *sinkFarm, hosts []int) ([]int, string) {
	var next atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed []int
	firstErr := ""
	for range b.o.followWorkers {
		wg.Go(func() {
			for {
				k := int(next.Add(1)) - 1
				if k >= len(hosts) || ctx.Err() != nil {
					return
				}
				i := hosts[k]
				actor := "http://" + f.hosts[i] + followerPath
				body, _ := json.Marshal(map[string]any{
					"@context": "https://www.w3.org/ns/activitystreams",
					"id":       "http://" + f.hosts[i] + "/follows/" + randomHex(6),
					"type":     "Follow",
					"actor":    actor,
					"object":   fx.fanoutSpace.uri,
				})
				req, _ := http.NewRequestWithContext(ctx, http.MethodPost, inbox, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/activity+json")
				err := httpsig.SignRequest(req, httpsig.Key{ID: actor + "#main-key", Private: f.keys[i%len(f.keys)]}, body)
				if err == nil {
					var resp *http.Response
					if resp, err = client.Do(req); err == nil {
						msg, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
						resp.Body.Close()
						if resp.StatusCode != http.StatusAccepted {
							err = fmt.Errorf("status %d: %s", resp.StatusCode, strings.TrimSpace(string(msg)))
						}
					}
				}
				if err != nil {
					mu.Lock()
					failed = append(failed, i)
					if firstErr == "" {
						firstErr = fmt.Sprintf("%s: %v", f.hosts[i], err)
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return failed, firstErr
}

// checkFollowers asks the node's database how many accepted followers the
// space has.
func checkFollowers(ctx context.Context, fx *fixture, want int) error {
	db, err := openStore(ctx, fx.env)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := db.GetActorByURI(ctx, fx.fanoutSpace.uri)
	if err != nil {
		return err
	}
	got, err := db.CountFollowers(ctx, a.ID)
	if err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("the space has %d accepted followers, want %d", got, want)
	}
	return nil
}

// createThread starts a thread in the fan-out space through the JSON API
// and returns its ActivityPub id.
func createThread(ctx context.Context, node *nodeProc, fx *fixture) (string, error) {
	body, _ := json.Marshal(map[string]string{"title": "Fan-out benchmark thread",
		"body": "Which obstacle, if removed, would help most this year?"})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, node.url+"/api/v1/spaces/"+fx.fanoutSpace.name+"/threads", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+fx.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("create thread: status %d: %s", resp.StatusCode, raw)
	}
	var out struct {
		APID string `json:"ap_id"`
	}
	if err := json.Unmarshal(raw, &out); err != nil || out.APID == "" {
		return "", errors.New("create thread: no ap_id in the answer")
	}
	return out.APID, nil
}
