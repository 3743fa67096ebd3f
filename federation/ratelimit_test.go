package federation

import (
	"testing"
	"time"
)

func TestHostLimiter(t *testing.T) {
	t.Parallel()
	l := newHostLimiter(10, 3)
	now := time.Unix(1000, 0)
	for i := range 3 {
		if !l.allow("a.example", now) {
			t.Fatalf("request %d of the burst refused", i)
		}
	}
	if l.allow("a.example", now) {
		t.Fatal("fourth request in the same instant allowed")
	}
	if !l.allow("b.example", now) {
		t.Fatal("another host is limited by the first")
	}
	if !l.allow("a.example", now.Add(100*time.Millisecond)) {
		t.Fatal("no token back after a tenth of a second at 10/s")
	}
}
