package main

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/protectors-portal/portal/federation/httpsig"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// TestMain lets the test binary be the node under test too: the tool
// starts its node by running its own executable with --serve-node.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == serveNodeArg {
		os.Exit(serveNode())
	}
	os.Exit(m.Run())
}

// The keys the JSON line must carry, whatever was measured.
var wantKeys = []string{
	"inbox_activities_per_s", "inbox_p50_ms", "inbox_p99_ms",
	"fanout_hosts", "fanout_seconds",
	"thread_render_p50_ms", "thread_rps",
	"idle_rss_mb", "load_rss_mb",
	"start_ms",
	"database", "cpus", "go_version", "date",
}

// TestBenchSmall runs the whole tool, much smaller, against a real node on
// each database. It checks what the tool checks — no accepted activity
// lost, every host reached, every signature good, the page complete — and
// that the JSON line is whole. It never looks at a timing.
func TestBenchSmall(t *testing.T) {
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		args := []string{"--json", "--starts=1", "--settle=100ms",
			"--actors=6", "--servers=3", "--workers=8", "--inbox-duration=1s", "--calibration=300ms",
			"--inbox-rate=200", "--paced-duration=500ms",
			"--fanout-hosts=20", "--fanout-keys=2", "--fanout-timeout=30s",
			"--replies=50", "--render-iterations=10", "--render-duration=300ms", "--render-conns=4"}
		want := "sqlite"
		if d == store.Postgres {
			args = append(args, "--database", testkit.NewDatabaseURL(t, d))
			want = "postgres"
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		var stdout, stderr bytes.Buffer
		code := run(ctx, args, &stdout, &stderr)
		if code != 0 {
			t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
		}
		lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
		var got map[string]any
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &got); err != nil {
			t.Fatalf("last line of stdout is not JSON: %v\n%s", err, stdout.String())
		}
		for _, k := range wantKeys {
			if v, ok := got[k]; !ok || v == nil {
				t.Errorf("JSON: %s is %v", k, v)
			}
		}
		if got["ok"] != true {
			t.Errorf("ok = %v, failures %v", got["ok"], got["failures"])
		}
		if got["database"] != want {
			t.Errorf("database = %v, want %s", got["database"], want)
		}
		if got["fanout_hosts"] != float64(20) {
			t.Errorf("fanout_hosts = %v, want 20", got["fanout_hosts"])
		}
		if n, _ := got["inbox_accepted"].(float64); n < 1 {
			t.Errorf("inbox_accepted = %v: the timed run stored nothing", got["inbox_accepted"])
		}
		if got["inbox_paced_rate"] != float64(200) || got["inbox_paced_p99_ms"] == nil {
			t.Errorf("paced run: rate %v, p99 %v", got["inbox_paced_rate"], got["inbox_paced_p99_ms"])
		}
		if got["inbox_refused"] != float64(0) {
			t.Errorf("inbox_refused = %v, want 0\nstderr:\n%s", got["inbox_refused"], stderr.String())
		}
		if got["inbox_space"] != "followed" {
			t.Errorf("inbox_space = %v, want followed (the default)", got["inbox_space"])
		}

		// The inbox alone, into a space of the node's own.
		args = []string{"--json", "--only=inbox", "--inbox-space=local", "--actors=4", "--servers=2", "--workers=4",
			"--inbox-duration=500ms", "--calibration=200ms", "--inbox-rate=100", "--paced-duration=300ms"}
		if d == store.Postgres {
			args = append(args, "--database", testkit.NewDatabaseURL(t, d))
		}
		stdout.Reset()
		stderr.Reset()
		if code := run(ctx, args, &stdout, &stderr); code != 0 {
			t.Fatalf("--inbox-space=local: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
		}
		lines = strings.Split(strings.TrimSpace(stdout.String()), "\n")
		got = nil
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &got); err != nil {
			t.Fatal(err)
		}
		if got["inbox_space"] != "local" || got["inbox_refused"] != float64(0) || got["ok"] != true {
			t.Errorf("--inbox-space=local: space %v, refused %v, ok %v, failures %v", got["inbox_space"], got["inbox_refused"],
				got["ok"], got["failures"])
		}
		if n, _ := got["inbox_accepted"].(float64); n < 1 {
			t.Errorf("--inbox-space=local: nothing stored")
		}
	})
}

// TestBenchOnly runs one phase and leaves the others' keys null.
func TestBenchOnly(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"--json", "--only=render", "--replies=5", "--render-iterations=3",
		"--render-duration=100ms", "--render-conns=2"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout.String(), stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	var got map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &got); err != nil {
		t.Fatal(err)
	}
	if got["thread_rps"] == nil || got["thread_render_p50_ms"] == nil {
		t.Errorf("render keys missing: %v", got)
	}
	for _, k := range []string{"inbox_activities_per_s", "fanout_seconds", "start_ms", "idle_rss_mb"} {
		if got[k] != nil {
			t.Errorf("%s = %v, want null with --only=render", k, got[k])
		}
	}
}

// TestCheckStoredFails makes sure that an activity answered 202 but not
// stored fails the run: the check compares ids, not counts.
func TestCheckStoredFails(t *testing.T) {
	o, err := parseOptions([]string{"--only=inbox", "--inbox-space=local"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	b := &bench{o: o, log: slog.New(slog.NewTextHandler(io.Discard, nil)), stderr: io.Discard, rep: &report{}}
	ctx := context.Background()
	fx, err := b.prepare(ctx, "127.0.0.1:9", testkit.NewDatabaseURL(t, store.SQLite), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.checkStored(ctx, fx, nil); err != nil || len(b.rep.Failures) != 0 {
		t.Fatalf("nothing accepted: err %v, failures %v", err, b.rep.Failures)
	}
	if err := b.checkStored(ctx, fx, []string{"http://127.0.0.1:1/users/actor0/notes/1"}); err != nil {
		t.Fatal(err)
	}
	if len(b.rep.Failures) != 1 || !strings.Contains(b.rep.Failures[0], "1 of 1 accepted replies are not stored") {
		t.Errorf("failures = %q", b.rep.Failures)
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--only=inbox,nonsense"},
		{"--database=sqlite:/tmp/x.db"},
		{"--follows=carrier-pigeon"},
		{"--workers=0"},
		{"--inbox-rate=-5"},
		{"--inbox-space=elsewhere"},
		{"stray"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestThreadOf(t *testing.T) {
	const page = "http://node.example/threads/1"
	for _, tc := range []struct{ raw, want string }{
		{`"` + page + `"`, page},
		{`{"id":"` + page + `","type":"Page"}`, page},
		{`{"type":"Create","id":"http://node.example/activities/2","object":{"id":"` + page + `","type":"Page"}}`, page},
		{`{"type":"Create","object":"` + page + `"}`, page},
		{`42`, ""},
		{`not json`, ""},
	} {
		if got := threadOf(json.RawMessage(tc.raw)); got != tc.want {
			t.Errorf("threadOf(%s) = %q, want %q", tc.raw, got, tc.want)
		}
	}
}

func TestPercentile(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	for _, tc := range []struct {
		p    float64
		want time.Duration
	}{{50, 50 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {0, time.Millisecond}} {
		if got := percentile(ds, tc.p); got != tc.want {
			t.Errorf("p%v = %v, want %v", tc.p, got, tc.want)
		}
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("p50 of nothing = %v", got)
	}
}

// TestFanoutJudgesTheSinks makes sure that the fan-out fails when a host
// misses the post, when one is sent an Announce of something else, and
// when a delivery's signature does not verify: the sinks check each
// signature against the sender's published key.
func TestFanoutJudgesTheSinks(t *testing.T) {
	o, err := parseOptions([]string{"--only=fanout", "--fanout-hosts=3", "--fanout-keys=1"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	b := &bench{o: o, log: slog.New(slog.NewTextHandler(io.Discard, nil)), stderr: io.Discard, rep: &report{}}
	ctx := context.Background()
	f, err := b.newSinkFarm(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.close()

	// The node: one actor whose key the sinks fetch, and one stranger who
	// signs with a key that is not the one published.
	keys, err := generateKeys(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	node := httptest.NewServer(nil)
	defer node.Close()
	doc, err := actorDoc(node.URL, "/spaces/bench", "bench", &keys[0].PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	node.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/activity+json")
		_, _ = w.Write(doc)
	})
	space := node.URL + "/spaces/bench"
	deliver := func(host string, key *rsa.PrivateKey, about string) int {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"type": "Announce", "actor": space, "object": about})
		req, _ := http.NewRequest(http.MethodPost, "http://"+host+"/inbox", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/activity+json")
		if err := httpsig.SignRequest(req, httpsig.Key{ID: space + "#main-key", Private: key}, body); err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	const post = "http://node.example/threads/1"
	t0 := time.Now()
	if code := deliver(f.hosts[0], keys[0], post); code != http.StatusAccepted {
		t.Fatalf("good delivery: %d", code)
	}
	if code := deliver(f.hosts[1], keys[1], post); code != http.StatusUnauthorized {
		t.Fatalf("delivery signed with the wrong key: %d, want 401", code)
	}
	if code := deliver(f.hosts[1], keys[0], "http://node.example/threads/2"); code != http.StatusAccepted {
		t.Fatalf("delivery of another post: %d", code)
	}
	b.judgeFanout(f, post, t0)
	want := []string{"1 of 3 hosts did not receive the Announce", "1 hosts received an Announce of something other than",
		"1 deliveries failed signature verification"}
	if len(b.rep.Failures) != len(want) {
		t.Fatalf("failures = %q, want %d", b.rep.Failures, len(want))
	}
	for i, w := range want {
		if !strings.Contains(b.rep.Failures[i], w) {
			t.Errorf("failure %d = %q, want it to say %q", i, b.rep.Failures[i], w)
		}
	}
	if b.rep.FanoutSeconds != nil {
		t.Errorf("fanout_seconds = %v although a host missed the post", *b.rep.FanoutSeconds)
	}

	// Every host reached, each with the right post: no failure.
	if code := deliver(f.hosts[2], keys[0], post); code != http.StatusAccepted {
		t.Fatalf("good delivery: %d", code)
	}
	f.mu.Lock()
	f.about[1], f.badSigs = post, 0
	f.mu.Unlock()
	b.rep = &report{}
	b.judgeFanout(f, post, t0)
	if len(b.rep.Failures) != 0 || b.rep.FanoutSeconds == nil {
		t.Errorf("all reached: failures %q, fanout_seconds %v", b.rep.Failures, b.rep.FanoutSeconds)
	}
}

// TestPacedSlots checks that the paced run's pool is sized for exactly the
// replies its loop sends: one for every interval that starts before the
// end, whatever rounding the interval had.
func TestPacedSlots(t *testing.T) {
	for _, tc := range []struct {
		rate float64
		d    time.Duration
	}{{2000, 5 * time.Second}, {7, time.Second}, {3, time.Second}, {200, 300 * time.Millisecond}, {0.7, 10 * time.Second}, {1e9, time.Millisecond}} {
		interval := pacedInterval(tc.rate)
		sent := 0
		for i := 0; time.Duration(i)*interval < tc.d; i++ {
			sent++
		}
		if got := pacedSlots(tc.rate, tc.d); got != sent {
			t.Errorf("pacedSlots(%v, %v) = %d, the loop sends %d", tc.rate, tc.d, got, sent)
		}
	}
}
