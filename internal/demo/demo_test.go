package demo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/protectors-portal/portal/internal/demo"
	"github.com/protectors-portal/portal/internal/testkit"
)

// syncBuffer is the demo's output, read while Run writes it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// listeners reserves a free port on each of 127.0.0.2–5, so that every
// node has a host of its own as in `make demo`; where such an address
// cannot be bound (not every system routes all of 127/8), 127.0.0.1.
func listeners(t *testing.T) []net.Listener {
	t.Helper()
	var lns []net.Listener
	for i := 2; i <= 5; i++ {
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.%d:0", i))
		if err != nil {
			ln = testkit.Listen(t)
		}
		lns = append(lns, ln)
	}
	return lns
}

type hubMembers struct {
	Items []struct {
		Domain  string `json:"domain"`
		Name    string `json:"name"`
		Sector  string `json:"sector"`
		Country string `json:"country"`
		Threads int    `json:"threads"`
	} `json:"items"`
}

type hubThreads struct {
	Items []struct {
		Title      string `json:"title"`
		Visibility string `json:"visibility"`
		Space      struct {
			Host string `json:"host"`
		} `json:"space"`
	} `json:"items"`
}

func getJSON(t *testing.T, c *http.Client, url string, into any) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", url, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

// The demo starts three member nodes and a hub, the hub's directory and
// thread list show all three organisations, a member signs in with the
// printed password and sees the alliance-only thread too, and cancelling
// the context stops every node.
func TestDemoAlliance(t *testing.T) {
	lns := listeners(t)
	domains := make([]string, len(lns))
	for i, ln := range lns {
		domains[i] = ln.Addr().String()
	}
	hubURL := "http://" + domains[3]

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- demo.Run(ctx, demo.Options{DataDir: t.TempDir(), Listeners: lns, Out: out,
			Logger: testkit.Logger(t), NewKeys: testkit.Keys, Wait: 45 * time.Second, ShutdownTimeout: 10 * time.Second})
	}()
	testkit.Eventually(t, 90*time.Second, "the demo to say it is running", func() bool {
		select {
		case err := <-done:
			t.Fatalf("demo stopped while starting: %v\n%s", err, out.String())
		default:
		}
		return strings.Contains(out.String(), "Press Ctrl-C to stop.")
	})
	summary := out.String()
	for _, want := range append([]string{demo.Password, "hana", "jonas", "wanjiru", "mariam", hubURL + "/api/v1/hub/members"}, domains...) {
		if !strings.Contains(summary, want) {
			t.Errorf("the summary lacks %q:\n%s", want, summary)
		}
	}

	anon := &http.Client{Timeout: 10 * time.Second}
	var members hubMembers
	getJSON(t, anon, hubURL+"/api/v1/hub/members", &members)
	want := map[string][2]string{
		domains[0]: {"Online Child Safety Authority", "government"},
		domains[1]: {"Northwind Social", "private-sector"},
		domains[2]: {"Safe Childhood Network", "civil-society"},
	}
	if len(members.Items) != len(want) {
		t.Fatalf("hub members: %+v", members.Items)
	}
	for _, m := range members.Items {
		w, ok := want[m.Domain]
		if !ok || m.Name != w[0] || m.Sector != w[1] || m.Country == "" || m.Threads == 0 {
			t.Errorf("hub member %+v, want %v", m, w)
		}
	}

	var threads hubThreads
	getJSON(t, anon, hubURL+"/api/v1/hub/threads", &threads)
	perHost := map[string]int{}
	for _, th := range threads.Items {
		perHost[th.Space.Host]++
		if th.Visibility != "public" {
			t.Errorf("anonymous visitors see the %s thread %q", th.Visibility, th.Title)
		}
	}
	for _, d := range domains[:3] {
		if perHost[d] == 0 {
			t.Errorf("the hub has no thread from %s: %v", d, perHost)
		}
	}

	// A hub member signs in with the printed password and sees the
	// enforcement space's alliance-only challenge too.
	jar, _ := cookiejar.New(nil)
	b := &testkit.Browser{Base: hubURL, Client: &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if status, body, _ := b.PostForm(t, "/signin", map[string]string{"username": "mariam", "password": demo.Password}, true); status != http.StatusSeeOther {
		t.Fatalf("sign in on the hub: %d %.300s", status, body)
	}
	var signedIn hubThreads
	getJSON(t, b.Client, hubURL+"/api/v1/hub/threads", &signedIn)
	if len(signedIn.Items) != len(threads.Items)+1 || !strings.Contains(strings.Join(titles(signedIn), "\n"), "Cross-border evidence requests") {
		t.Errorf("a signed-in member sees %d threads (visitors %d): %v", len(signedIn.Items), len(threads.Items), titles(signedIn))
	}

	// The agency's moderator signs in and finds the seeded report in the
	// queue, as the summary says.
	agencyURL := "http://" + domains[0]
	if !strings.Contains(summary, agencyURL+"/moderation") {
		t.Errorf("the summary does not point at the agency's queue:\n%s", summary)
	}
	jar, _ = cookiejar.New(nil)
	mod := &testkit.Browser{Base: agencyURL, Client: &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if status, body, _ := mod.PostForm(t, "/signin", map[string]string{"username": "rawiri", "password": demo.Password}, true); status != http.StatusSeeOther {
		t.Fatalf("sign in on the agency's node: %d %.300s", status, body)
	}
	if status, body := mod.Get(t, "/moderation"); status != http.StatusOK || !strings.Contains(body, "link the two threads") ||
		!strings.Contains(body, "Reports (1)") {
		t.Errorf("the agency's queue: %d, the seeded report shown: %v", status, strings.Contains(body, "link the two threads"))
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if !strings.HasSuffix(out.String(), "Stopped.\n") {
		t.Errorf("output ends:\n%s", out.String()[max(0, len(out.String())-200):])
	}
	for _, d := range domains {
		if c, err := net.DialTimeout("tcp", d, time.Second); err == nil {
			c.Close()
			t.Errorf("%s still accepts connections after the demo stopped", d)
		}
	}
}

func titles(p hubThreads) []string {
	var out []string
	for _, th := range p.Items {
		out = append(out, th.Title)
	}
	return out
}
