package httpx

import (
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	t.Parallel()
	l := NewLimiter(10, 3)
	now := time.Unix(1000, 0)
	for i := range 3 {
		if !l.Allow("a.example", now) {
			t.Fatalf("request %d of the burst refused", i)
		}
	}
	if l.Allow("a.example", now) {
		t.Fatal("fourth request in the same instant allowed")
	}
	if !l.Allow("b.example", now) {
		t.Fatal("another host is limited by the first")
	}
	if !l.Allow("a.example", now.Add(100*time.Millisecond)) {
		t.Fatal("no token back after a tenth of a second at 10/s")
	}
}
