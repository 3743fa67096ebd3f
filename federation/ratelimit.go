package federation

import (
	"sync"
	"time"
)

// hostLimiter is a token bucket per remote host for the inbox: a flood
// from one server is slowed down (429) without affecting the others. It
// lives in memory: several processes each apply it, which is enough to
// blunt a flood; it is a cache, not a record.
type hostLimiter struct {
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

func newHostLimiter(rate, burst float64) *hostLimiter {
	return &hostLimiter{rate: rate, burst: burst, buckets: map[string]*bucket{}}
}

// allow takes a token for host, reporting false when its bucket is empty.
func (l *hostLimiter) allow(host string, now time.Time) bool {
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
	b := l.buckets[host]
	if b == nil {
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[host] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
