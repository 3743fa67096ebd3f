package httpx

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limiter is a token bucket per key (a remote host for the inbox, a caller
// for the API): a flood from one is slowed down (429) without affecting
// the others. It lives in memory: several processes each apply it, which
// is enough to blunt a flood; it is a cache, not a record.
type Limiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	buckets map[string]*bucket
	lastGC  time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewLimiter makes a limiter that refills rate tokens a second up to burst.
func NewLimiter(rate, burst float64) *Limiter {
	return &Limiter{rate: rate, burst: burst, buckets: map[string]*bucket{}}
}

// Allow takes a token for key, reporting false when its bucket is empty.
func (l *Limiter) Allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastGC) > time.Minute {
		for h, b := range l.buckets {
			if now.Sub(b.at) > 10*time.Minute {
				delete(l.buckets, h)
			}
		}
		l.lastGC = now
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// LimitAPI applies l to the JSON API: each signed-in caller, and each
// address for anonymous callers, gets its own bucket. A caller over the
// limit gets 429 with Retry-After. Authenticate must run first.
func LimitAPI(l *Limiter, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			key := "addr:" + ClientAddr(r)
			if u := User(r.Context()); u != nil {
				key = "user:" + u.ID
			}
			if !l.Allow(key, time.Now()) {
				w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(1/l.rate))))
				WriteJSON(w, http.StatusTooManyRequests, map[string]string{"error": "Too many requests; slow down and try again shortly."})
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
