package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"
)

// render measures the page of the thread with many replies: the time the
// node's handler takes to render it (in the node's process, without the
// network), then requests/s over HTTP from concurrent keep-alive clients.
func (b *bench) render(ctx context.Context, node *nodeProc, fx *fixture) error {
	o := b.o
	path := "/threads/" + fx.renderThread.id
	// The render time is a real render: any query keeps the page out of the
	// visitors' page cache. The load below asks for the page as visitors
	// do, cache included.
	q := url.Values{"path": {path + "?fresh=1"}, "n": {strconv.Itoa(o.renderIterations)}, "marker": {replyMarker}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, node.control+"/render?"+q.Encode(), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	var rr renderResult
	err = json.NewDecoder(resp.Body).Decode(&rr)
	resp.Body.Close()
	if err != nil {
		return fmt.Errorf("render timing: %w", err)
	}
	if rr.Status != http.StatusOK || rr.Bad > 0 {
		b.fail("render: the thread page answered %d (%d of %d renders not 200)", rr.Status, rr.Bad, rr.Iterations)
	}
	if rr.Markers != o.replies {
		b.fail("render: the thread page shows %d of its %d replies", rr.Markers, o.replies)
	}
	b.rep.ThreadRenderP50Ms = ptr(round2(rr.P50Ms))
	b.log.Info("thread render (server side)", "replies", o.replies, "iterations", rr.Iterations, "p50_ms", rr.P50Ms,
		"p99_ms", rr.P99Ms, "page_bytes", rr.Bytes)

	// Under load.
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{
		MaxIdleConns: o.renderConns, MaxIdleConnsPerHost: o.renderConns, IdleConnTimeout: time.Minute,
	}}
	defer client.CloseIdleConnections()
	page := node.url + path
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, bad := 0, map[int]int{}
	start := time.Now()
	deadline := start.Add(o.renderDuration)
	for range o.renderConns {
		wg.Go(func() {
			good, wrong := 0, map[int]int{}
			for time.Now().Before(deadline) && ctx.Err() == nil {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, page, nil)
				req.Header.Set("Accept", "text/html,application/xhtml+xml")
				resp, err := client.Do(req)
				if err != nil {
					wrong[0]++
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					good++
				} else {
					wrong[resp.StatusCode]++
				}
			}
			mu.Lock()
			defer mu.Unlock()
			ok += good
			for k, v := range wrong {
				bad[k] += v
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.rep.ThreadRPS = ptr(round2(float64(ok) / elapsed.Seconds()))
	b.log.Info("thread page under load", "connections", o.renderConns, "seconds", elapsed.Seconds(), "ok", ok, "not_ok", bad)
	if len(bad) > 0 {
		b.log.Warn("some thread page requests failed (status 0: transport error)", "statuses", bad)
	}
	return ctx.Err()
}
