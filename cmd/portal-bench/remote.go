package main

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/protectors-portal/portal/federation/httpsig"
)

// asPublic is the ActivityStreams public collection.
const asPublic = "https://www.w3.org/ns/activitystreams#Public"

// remoteServer is a simulated fediverse server on loopback: it serves its
// actors' documents, which the node fetches to check signatures, and
// accepts whatever is delivered to it.
type remoteServer struct {
	base string // http://127.0.0.1:port
	srv  *http.Server

	mu   sync.RWMutex
	docs map[string][]byte // path → JSON document
	gets atomic.Int64      // actor fetches
}

func newRemoteServer() (*remoteServer, error) {
	ln, err := listenLoopback()
	if err != nil {
		return nil, err
	}
	s := &remoteServer{base: "http://" + ln.Addr().String(), docs: map[string][]byte{}}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

func (s *remoteServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
	if r.Method == http.MethodPost {
		w.WriteHeader(http.StatusAccepted)
		return
	}
	s.mu.RLock()
	doc := s.docs[r.URL.Path]
	s.mu.RUnlock()
	if doc == nil {
		http.NotFound(w, r)
		return
	}
	s.gets.Add(1)
	w.Header().Set("Content-Type", "application/activity+json")
	_, _ = w.Write(doc)
}

func (s *remoteServer) serve(path string, doc []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[path] = doc
}

func (s *remoteServer) close() { _ = s.srv.Close() }

// remoteActor is a Person on a simulated server, with its signing key.
type remoteActor struct {
	id, keyID string
	key       *rsa.PrivateKey
	server    *remoteServer
}

// actorDoc is a Person document as Mastodon-like servers publish it.
func actorDoc(base, path, name string, key *rsa.PublicKey) ([]byte, error) {
	return actorDocOf("Person", base, path, name, key)
}

// actorDocOf is an actor document of type typ (Person, Group…).
func actorDocOf(typ, base, path, name string, key *rsa.PublicKey) ([]byte, error) {
	pemText, err := httpsig.EncodePublicPEM(key)
	if err != nil {
		return nil, err
	}
	id := base + path
	return json.Marshal(map[string]any{
		"@context":          []string{"https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"},
		"id":                id,
		"type":              typ,
		"preferredUsername": name,
		"name":              name,
		"inbox":             id + "/inbox",
		"outbox":            id + "/outbox",
		"followers":         id + "/followers",
		"following":         id + "/following",
		"endpoints":         map[string]any{"sharedInbox": base + "/inbox"},
		"publicKey":         map[string]any{"id": id + "#main-key", "owner": id, "publicKeyPem": pemText},
	})
}

// generateKeys makes n RSA-2048 keys on every core.
func generateKeys(ctx context.Context, n int) ([]*rsa.PrivateKey, error) {
	keys := make([]*rsa.PrivateKey, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for range min(n, runtime.NumCPU()) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				k, err := httpsig.GenerateKey()
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					return
				}
				keys[i] = k
			}
		})
	}
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return keys, firstErr
}

// newInboxActors starts the inbox's simulated servers and makes their
// actors, each with its own key. None of this is timed.
func (b *bench) newInboxActors(ctx context.Context) ([]*remoteActor, error) {
	began := time.Now()
	keys, err := generateKeys(ctx, b.o.actors)
	if err != nil {
		return nil, err
	}
	servers := make([]*remoteServer, b.o.servers)
	for i := range servers {
		if servers[i], err = newRemoteServer(); err != nil {
			for _, s := range servers[:i] {
				s.close()
			}
			return nil, err
		}
	}
	actors := make([]*remoteActor, b.o.actors)
	for i, k := range keys {
		s := servers[i%len(servers)]
		name := fmt.Sprintf("actor%d", i)
		path := "/users/" + name
		doc, err := actorDoc(s.base, path, name, &k.PublicKey)
		if err != nil {
			return nil, err
		}
		s.serve(path, doc)
		actors[i] = &remoteActor{id: s.base + path, keyID: s.base + path + "#main-key", key: k, server: s}
	}
	b.log.Info("inbox actors ready", "actors", len(actors), "servers", len(servers), "took", time.Since(began).Round(time.Millisecond))
	return actors, nil
}

// closeServers stops the servers of actors.
func closeServers(actors []*remoteActor) {
	seen := map[*remoteServer]bool{}
	for _, a := range actors {
		if !seen[a.server] {
			seen[a.server] = true
			a.server.close()
		}
	}
}
