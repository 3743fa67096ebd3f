package ui

import (
	"sync"
	"time"
)

// pageCache keeps the rendered HTML of public thread pages as a signed-out
// visitor sees them, keyed by thread and valid only for the thread's
// revision (which grows with every change to it or its replies). Entries
// also expire after ttl, which bounds how long a renamed author or space
// shows its old name. It is a cache only: each process has its own, and
// losing it costs a render.
type pageCache struct {
	mu      sync.Mutex
	max     int
	ttl     time.Duration
	entries map[string]cachedPage
}

type cachedPage struct {
	rev  int64
	at   time.Time
	page *Page
	body []byte
}

func newPageCache(max int, ttl time.Duration) *pageCache {
	return &pageCache{max: max, ttl: ttl, entries: make(map[string]cachedPage, max)}
}

// get returns the page for key if it was rendered at revision rev.
func (c *pageCache) get(key string, rev int64, now time.Time) (cachedPage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || e.rev != rev || now.Sub(e.at) > c.ttl {
		return cachedPage{}, false
	}
	return e, true
}

// put stores a page, making room by dropping the oldest entry when full.
func (c *pageCache) put(key string, e cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[key]; !ok && len(c.entries) >= c.max {
		oldest, at := "", time.Time{}
		for k, v := range c.entries {
			if oldest == "" || v.at.Before(at) {
				oldest, at = k, v.at
			}
		}
		delete(c.entries, oldest)
	}
	c.entries[key] = e
}
