package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/protectors-portal/portal/federation/httpsig"
)

// signedPost is one Create{Note} reply, signed and ready to send.
type signedPost struct {
	noteID string
	body   []byte
	header http.Header
}

// replySource makes the replies: actors in turn, threads in turn, every
// note id new.
type replySource struct {
	actors  []*remoteActor
	threads []threadRef
	inbox   string // the node's shared inbox
	seq     atomic.Uint64
}

func (s *replySource) next() (signedPost, error) {
	n := s.seq.Add(1)
	a := s.actors[n%uint64(len(s.actors))]
	t := s.threads[(n/uint64(len(s.actors)))%uint64(len(s.threads))]
	return s.sign(a, n, t.uri)
}

func (s *replySource) sign(a *remoteActor, n uint64, inReplyTo string) (signedPost, error) {
	noteID := fmt.Sprintf("%s/notes/%d", a.id, n)
	now := time.Now().UTC().Format(time.RFC3339)
	body, err := json.Marshal(map[string]any{
		"@context":  "https://www.w3.org/ns/activitystreams",
		"id":        noteID + "/activity",
		"type":      "Create",
		"actor":     a.id,
		"published": now,
		"to":        []string{asPublic},
		"cc":        []string{a.id + "/followers"},
		"object": map[string]any{
			"id":           noteID,
			"type":         "Note",
			"attributedTo": a.id,
			"inReplyTo":    inReplyTo,
			"content":      fmt.Sprintf("<p>Reply %d: what slows us down is <em>evidence</em> that moves across borders.</p>", n),
			"mediaType":    "text/html",
			"published":    now,
			"url":          noteID,
			"to":           []string{asPublic},
			"cc":           []string{a.id + "/followers"},
		},
	})
	if err != nil {
		return signedPost{}, err
	}
	req, err := http.NewRequest(http.MethodPost, s.inbox, nil)
	if err != nil {
		return signedPost{}, err
	}
	if err := httpsig.SignRequest(req, httpsig.Key{ID: a.keyID, Private: a.key}, body); err != nil {
		return signedPost{}, err
	}
	req.Header.Set("Content-Type", "application/activity+json")
	return signedPost{noteID: noteID, body: body, header: req.Header}, nil
}

// presign signs n replies ahead of time on every core: signing with
// RSA-2048 costs the sender about as much CPU as the node spends storing
// the reply, and the two share the machine.
func (s *replySource) presign(ctx context.Context, n int) ([]signedPost, error) {
	out := make([]signedPost, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, runtime.NumCPU())
	for range runtime.NumCPU() {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				sp, err := s.next()
				if err != nil {
					errs <- err
					return
				}
				out[i] = sp
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	return out, ctx.Err()
}

// postPool hands out pre-signed replies to the senders.
type postPool struct {
	items []signedPost
	next  atomic.Int64
}

func (p *postPool) take() (signedPost, bool) {
	i := int(p.next.Add(1)) - 1
	if i >= len(p.items) {
		return signedPost{}, false
	}
	sp := p.items[i]
	p.items[i] = signedPost{} // let it go once sent
	return sp, true
}

// loadResult is what a load run saw.
type loadResult struct {
	elapsed  time.Duration
	lat      []time.Duration // every request, sorted
	accepted []string        // note ids answered 202
	statuses map[int]int     // status → count; 0 is a transport error
	inline   int             // replies signed during the run
	firstBad string
}

// record counts one answer: status (0 for a transport error) after took.
func (r *loadResult) record(sp signedPost, status int, took time.Duration, detail string) {
	r.lat = append(r.lat, took)
	r.statuses[status]++
	if status == http.StatusAccepted {
		r.accepted = append(r.accepted, sp.noteID)
	} else if r.firstBad == "" {
		r.firstBad = fmt.Sprintf("status %d: %s", status, detail)
	}
}

func (r *loadResult) refused() int {
	n := 0
	for code, c := range r.statuses {
		if code != http.StatusAccepted {
			n += c
		}
	}
	return n
}

// runLoad has workers send replies until the duration is up (or, without
// inline signing, until the pool is empty).
func runLoad(ctx context.Context, client *http.Client, src *replySource, pool *postPool, workers int, d time.Duration, inline bool) *loadResult {
	start := time.Now()
	deadline := start.Add(d)
	results := make([]*loadResult, workers)
	var wg sync.WaitGroup
	for w := range workers {
		r := &loadResult{statuses: map[int]int{}}
		results[w] = r
		wg.Go(func() {
			for time.Now().Before(deadline) && ctx.Err() == nil {
				sp, ok := pool.take()
				if !ok {
					if !inline {
						return
					}
					var err error
					if sp, err = src.next(); err != nil {
						r.firstBad = err.Error()
						return
					}
					r.inline++
				}
				status, took, detail := send(ctx, client, src.inbox, sp)
				r.record(sp, status, took, detail)
			}
		})
	}
	wg.Wait()
	all := &loadResult{elapsed: time.Since(start), statuses: map[int]int{}}
	for _, r := range results {
		all.lat = append(all.lat, r.lat...)
		all.accepted = append(all.accepted, r.accepted...)
		all.inline += r.inline
		for k, v := range r.statuses {
			all.statuses[k] += v
		}
		if all.firstBad == "" {
			all.firstBad = r.firstBad
		}
	}
	slices.Sort(all.lat)
	return all
}

// pacedInterval is the time between two replies of a paced run.
func pacedInterval(rate float64) time.Duration { return time.Duration(float64(time.Second) / rate) }

// pacedSlots is how many replies a paced run sends: one at every interval
// that starts before d is over.
func pacedSlots(rate float64, d time.Duration) int { return int((d-1)/pacedInterval(rate)) + 1 }

// runPaced sends the pool's replies at rate a second for d, an open loop:
// reply i is due at start + i/rate and goes then, however slowly the node
// answers the ones before it (up to maxInFlight at once; beyond that a
// reply waits, and the wait counts). Its latency counts from when it was
// due, not from when it went, so that a node falling behind shows in the
// figures instead of slowing the senders down.
func runPaced(ctx context.Context, client *http.Client, inbox string, pool *postPool, rate float64, d time.Duration, maxInFlight int) *loadResult {
	all := &loadResult{statuses: map[int]int{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	slots := make(chan struct{}, maxInFlight)
	interval := pacedInterval(rate)
	start := time.Now()
	for i := 0; ctx.Err() == nil; i++ {
		due := start.Add(time.Duration(i) * interval)
		if due.Sub(start) >= d {
			break
		}
		if wait := time.Until(due); wait > 0 {
			time.Sleep(wait)
		}
		sp, ok := pool.take()
		if !ok {
			break // never: the pool holds a reply for every slot (pacedSlots)
		}
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			status, _, detail := send(ctx, client, inbox, sp)
			took := time.Since(due)
			mu.Lock()
			defer mu.Unlock()
			all.record(sp, status, took, detail)
		})
	}
	wg.Wait()
	all.elapsed = time.Since(start)
	slices.Sort(all.lat)
	return all
}

// send POSTs one signed reply and times it from the request to the end
// of the answer. Status 0 is a transport error.
func send(ctx context.Context, client *http.Client, inbox string, sp signedPost) (int, time.Duration, string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, inbox, bytes.NewReader(sp.body))
	if err != nil {
		return 0, 0, err.Error()
	}
	req.Header = sp.header
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, time.Since(start), err.Error()
	}
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	resp.Body.Close()
	return resp.StatusCode, time.Since(start), string(msg)
}

// inbox measures how many signed replies the node takes per second.
func (b *bench) inbox(ctx context.Context, node *nodeProc, fx *fixture, actors []*remoteActor) error {
	o := b.o
	src := &replySource{actors: actors, threads: fx.inboxThreads, inbox: node.url + "/inbox"}
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{
		MaxIdleConns: 2 * o.workers, MaxIdleConnsPerHost: 2 * o.workers, IdleConnTimeout: time.Minute,
		DisableCompression: true,
	}}
	defer client.CloseIdleConnections()
	rss := sampleRSS(node.pid())
	defer rss.stop()
	var accepted []string
	refused := 0

	// Warm-up: one reply from each actor, so that the node fetches and
	// stores every actor's key before anything is timed.
	warm := &postPool{}
	for i, a := range actors {
		sp, err := src.sign(a, uint64(1_000_000_000+i), fx.inboxThreads[i%len(fx.inboxThreads)].uri)
		if err != nil {
			return err
		}
		warm.items = append(warm.items, sp)
	}
	wr := runLoad(ctx, client, src, warm, min(8, len(actors)), time.Hour, false)
	accepted = append(accepted, wr.accepted...)
	if len(wr.accepted) != len(actors) {
		return fmt.Errorf("warm-up: %d of %d actors' first replies accepted (%v); first refusal: %s",
			len(wr.accepted), len(actors), wr.statuses, wr.firstBad)
	}
	fetches := 0
	for _, s := range serversOf(actors) {
		fetches += int(s.gets.Load())
	}
	b.log.Info("inbox warm-up done: every actor's key known to the node", "actors", len(actors), "actor_fetches", fetches)

	// Calibration: untimed load from a small pre-signed pool, to size the
	// pool of the timed run.
	calN := max(int(o.calibration.Seconds()*2500), 4*o.workers)
	cal, err := src.presign(ctx, calN)
	if err != nil {
		return err
	}
	cr := runLoad(ctx, client, src, &postPool{items: cal}, o.workers, o.calibration, false)
	accepted = append(accepted, cr.accepted...)
	refused += cr.refused()
	rate := float64(len(cr.accepted)) / cr.elapsed.Seconds()
	budget := min(int(rate*1.5*o.inboxDuration.Seconds())+4*o.workers, o.presignMax)
	b.log.Info("inbox calibration", "accepted_per_s", int(rate), "statuses", cr.statuses, "presign", budget)

	began := time.Now()
	items, err := src.presign(ctx, budget)
	if err != nil {
		return err
	}
	b.log.Info("inbox replies signed ahead", "count", budget, "took", time.Since(began).Round(time.Millisecond))

	// The timed run.
	var profDone chan error
	if o.cpuProfile != "" {
		profDone = make(chan error, 1)
		go func() { profDone <- fetchProfile(ctx, node, o.cpuProfile, o.inboxDuration) }()
	}
	r := runLoad(ctx, client, src, &postPool{items: items}, o.workers, o.inboxDuration, true)
	items = nil
	accepted = append(accepted, r.accepted...)
	refused += r.refused() + wr.refused()
	if profDone != nil {
		if err := <-profDone; err != nil {
			b.log.Warn("CPU profile not written", "error", err)
		} else {
			b.log.Info("CPU profile of the node written", "file", o.cpuProfile)
		}
	}
	var pr *loadResult
	if o.inboxRate > 0 {
		n := pacedSlots(o.inboxRate, o.pacedDuration)
		items, err := src.presign(ctx, n)
		if err != nil {
			return err
		}
		pr = runPaced(ctx, client, src.inbox, &postPool{items: items}, o.inboxRate, o.pacedDuration, 2*o.workers)
		accepted = append(accepted, pr.accepted...)
		refused += pr.refused()
		b.rep.InboxPacedRate = ptr(o.inboxRate)
		b.rep.InboxPacedPerS = ptr(round2(float64(len(pr.accepted)) / pr.elapsed.Seconds()))
		b.rep.InboxPacedP50Ms = ptr(round2(ms(percentile(pr.lat, 50))))
		b.rep.InboxPacedP99Ms = ptr(round2(ms(percentile(pr.lat, 99))))
		b.log.Info("inbox paced run", "rate", o.inboxRate, "accepted", len(pr.accepted), "seconds", pr.elapsed.Seconds(),
			"statuses", pr.statuses)
	}
	peak, rssErr := rss.stop()
	if !node.alive() {
		return fmt.Errorf("the node died during the run\n%s", tail(node.logPath, 20))
	}

	rate = float64(len(r.accepted)) / r.elapsed.Seconds()
	b.rep.InboxSpace = o.inboxSpace
	b.rep.InboxActivitiesPerS = ptr(round2(rate))
	b.rep.InboxP50Ms = ptr(round2(ms(percentile(r.lat, 50))))
	b.rep.InboxP99Ms = ptr(round2(ms(percentile(r.lat, 99))))
	b.rep.InboxAccepted = ptr(len(r.accepted))
	b.rep.InboxRefused = ptr(refused)
	b.rep.InboxSignedInline = ptr(r.inline)
	if rssErr == nil {
		b.rep.LoadRSSMB = ptr(round2(peak))
	} else {
		b.log.Warn("memory under load not measured", "error", rssErr)
	}
	b.log.Info("inbox run", "accepted", len(r.accepted), "seconds", r.elapsed.Seconds(), "statuses", r.statuses,
		"signed_inline", r.inline)
	if refused > 0 {
		example := r.firstBad
		if example == "" {
			example = cr.firstBad
		}
		if example == "" && pr != nil {
			example = pr.firstBad
		}
		b.log.Warn("the node refused some replies", "count", refused, "example", example)
	}
	if r.inline > 0 {
		b.log.Warn("the pre-signed pool ran out: the rest was signed during the run, on the node's CPUs", "signed_inline", r.inline)
	}
	return b.checkStored(ctx, fx, accepted)
}

// checkStored fails the run for every accepted reply the node did not
// store.
func (b *bench) checkStored(ctx context.Context, fx *fixture, accepted []string) error {
	db, err := openStore(ctx, fx.env)
	if err != nil {
		return err
	}
	defer db.Close()
	stored := map[string]bool{}
	for _, t := range fx.inboxThreads {
		posts, err := db.ListPostsByThread(ctx, t.id)
		if err != nil {
			return err
		}
		for _, p := range posts {
			stored[p.URI] = true
		}
	}
	var missing []string
	for _, id := range accepted {
		if !stored[id] {
			missing = append(missing, id)
		}
	}
	b.log.Info("inbox check", "accepted", len(accepted), "stored", len(stored), "missing", len(missing))
	if len(missing) > 0 {
		b.fail("inbox: %d of %d accepted replies are not stored (e.g. %s)", len(missing), len(accepted), missing[0])
	}
	return nil
}

func serversOf(actors []*remoteActor) []*remoteServer {
	m := map[*remoteServer]bool{}
	for _, a := range actors {
		m[a.server] = true
	}
	return slices.Collect(maps.Keys(m))
}

// fetchProfile takes a CPU profile of the node for about d.
func fetchProfile(ctx context.Context, node *nodeProc, path string, d time.Duration) error {
	secs := max(1, int(d.Seconds()))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", node.control, secs), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		return fmt.Errorf("profile: status %d: %s", resp.StatusCode, msg)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
