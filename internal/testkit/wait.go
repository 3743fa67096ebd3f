package testkit

import (
	"testing"
	"time"
)

// Eventually retries cond until it holds or timeout passes, then fails
// the test with what. Federation is asynchronous: a test waits for an
// outcome; it never asserts how fast it came.
func Eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %s: %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
