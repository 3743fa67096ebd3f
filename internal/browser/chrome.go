// Package browser drives Debian's headless Chromium through the real pages
// of a running node, for end-to-end tests of the web UI. One Browser is one
// Chromium process with one tab, kept for the whole test; every step runs
// under a timeout, so a browser that stops answering fails the test
// instead of hanging it.
package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// RequireEnv names the variable that turns a missing Chromium from a skip
// into a failure (CI sets it to 1).
const RequireEnv = "PORTAL_REQUIRE_BROWSER"

// StepTimeout bounds every single action: a page load, a click, a query.
const StepTimeout = 60 * time.Second

// lifetime bounds the whole browser, should a test forget to end it.
const lifetime = 5 * time.Minute

// Chromium returns the path of Debian's Chromium found on PATH, or "".
func Chromium() string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Need returns Chromium's path, or skips the test with one line (fails it
// when PORTAL_REQUIRE_BROWSER=1). New calls it; a test calls it first to
// skip before it builds anything.
func Need(t testing.TB) string {
	t.Helper()
	p := Chromium()
	if p != "" {
		return p
	}
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("browser tests need Chromium (%s=1) but there is no chromium on PATH; install Debian's chromium", RequireEnv)
	}
	t.Skip("SKIP browser tests: no chromium on PATH; install Debian's chromium or set PORTAL_REQUIRE_BROWSER=1 to fail")
	return ""
}

// Document is one page the tab loaded (after redirects): where from, its
// status and its Content-Security-Policy header.
type Document struct {
	URL    string
	Status int
	CSP    string
}

// Browser is a headless Chromium with one tab, pointed at one site.
type Browser struct {
	ctx  context.Context // the tab; lives until the test ends
	base *url.URL

	mu        sync.Mutex
	requests  []string   // every URL the tab asked for, whatever the reason
	resources []string   // every src/href of a page element that loads something
	documents []Document // every page loaded, in order
}

// New starts Chromium for a test against the site at base (a URL such as
// http://127.0.0.1:1234). It skips the test when there is no Chromium.
// The browser stops when the test ends.
func New(t testing.TB, base string) *Browser {
	t.Helper()
	exe := Need(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("browser: base URL %q: %v", base, err)
	}
	dataDir := t.TempDir()

	root, stop := context.WithTimeout(context.Background(), lifetime)
	allocCtx, stopAlloc := chromedp.NewExecAllocator(root,
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(dataDir),
		// The network here is closed: without these Chromium waits for
		// services it will never reach.
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.WindowSize(1280, 900),
	)
	ctx, stopTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		stopTab()
		stopAlloc() // waits for the process to exit
		stop()
		// Helpers of the browser may still write to its profile for a
		// moment after it exits; empty it before the test's own cleanup.
		for range 50 {
			if os.RemoveAll(dataDir) == nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	})

	b := &Browser{ctx: ctx, base: u}
	// The first call starts the process and opens the tab. It must run on
	// the tab's own context (a timeout there would end the browser), so a
	// watchdog ends everything if the start stalls.
	watchdog := time.AfterFunc(StepTimeout, stop)
	err = chromedp.Listen(ctx, b.record)
	if !watchdog.Stop() {
		t.Fatalf("browser: %s did not start within %s: %v", exe, StepTimeout, err)
	}
	if err != nil {
		t.Fatalf("browser: start %s: %v", exe, err)
	}
	return b
}

// record keeps what the tab fetched; it runs on the browser's reading
// loop, so it only appends.
func (b *Browser) record(ev any) {
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		if e.Request != nil {
			b.mu.Lock()
			b.requests = append(b.requests, e.Request.URL)
			b.mu.Unlock()
		}
	case *network.EventResponseReceived:
		if e.Type != network.ResourceTypeDocument || e.Response == nil {
			return
		}
		d := Document{URL: e.Response.URL, Status: int(e.Response.Status)}
		for k, v := range e.Response.Headers {
			if strings.EqualFold(k, "Content-Security-Policy") {
				d.CSP = fmt.Sprint(v)
			}
		}
		b.mu.Lock()
		b.documents = append(b.documents, d)
		b.mu.Unlock()
	}
}

// Run runs one action under StepTimeout and returns its value; on error
// it fails the test, saying what was being done and where.
func Run[T any](t testing.TB, b *Browser, what string, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, StepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("browser: %s: %v%s", what, err, b.where())
	}
	return v
}

// where describes the page the tab is on, for failure messages.
func (b *Browser) where() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return ""
	}
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector("main") || document.body || {innerText: ""}).innerText`))
	if r := []rune(text); len(r) > 400 {
		text = string(r[:400]) + "…"
	}
	return fmt.Sprintf("\n  page: %s\n  main: %s", loc, strings.ReplaceAll(text, "\n", " | "))
}

// Open loads a path of the site (it may carry a query) and returns the
// HTTP status of the page it ends on.
func (b *Browser) Open(t testing.TB, path string) int {
	t.Helper()
	ref, err := url.Parse(path)
	if err != nil {
		t.Fatalf("browser: path %q: %v", path, err)
	}
	resp := Run(t, b, "open "+path, chromedp.NavigateResponse(b.base.ResolveReference(ref).String()))
	b.scan(t)
	return int(resp.Status)
}

// follow runs an action that leads to another page (a click on a link or
// a submit button), waits for that page and returns its status.
func (b *Browser) follow(t testing.TB, what string, a chromedp.Action[chromedp.Void]) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, StepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, a)
	if err != nil {
		t.Fatalf("browser: %s: %v%s", what, err, b.where())
	}
	b.scan(t)
	return int(resp.Status)
}

// js quotes s as a JavaScript string literal.
func js(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

// Press clicks the one button whose visible text is text (inside scope, a
// CSS selector; "" for the whole page), waits for the page it leads to
// and returns that page's status.
func (b *Browser) Press(t testing.TB, scope, text string) int {
	t.Helper()
	if scope == "" {
		scope = "html"
	}
	list := fmt.Sprintf(`Array.from(document.querySelectorAll(%s)).filter(e => e.innerText.trim() === %s)`,
		js(scope+" button, "+scope+" input[type=submit]"), js(text))
	if n := Run(t, b, "count buttons "+text, chromedp.Evaluate[int](list+".length")); n != 1 {
		t.Fatalf("browser: %d buttons %q in %s, want 1%s", n, text, scope, b.where())
	}
	return b.follow(t, "press "+text, chromedp.Click(chromedp.JSPath(list)))
}

// Follow clicks the link matched by the CSS selector and returns the
// status of the page it leads to.
func (b *Browser) Follow(t testing.TB, selector string) int {
	t.Helper()
	return b.follow(t, "follow "+selector, chromedp.Click(chromedp.CSS(selector)))
}

// labelled finds the form control that the label with exactly this text
// names (through its for attribute) and returns the control's id.
func (b *Browser) labelled(t testing.TB, label string) string {
	t.Helper()
	expr := fmt.Sprintf(`(() => {
		const ls = Array.from(document.querySelectorAll("label")).filter(l => l.innerText.trim() === %s);
		if (ls.length !== 1) return "labels:" + ls.length;
		const c = ls[0].control;
		if (!c || !c.id) return "no control for the label";
		return "#" + c.id;
	})()`, js(label))
	got := Run(t, b, "find field "+label, chromedp.Evaluate[string](expr))
	if !strings.HasPrefix(got, "#") {
		t.Fatalf("browser: field labelled %q: %s%s", label, got, b.where())
	}
	return got[1:]
}

// Fill types value into the field whose label reads label; for a select
// it chooses the option with that value.
func (b *Browser) Fill(t testing.TB, label, value string) {
	t.Helper()
	id := b.labelled(t, label)
	tag := Run(t, b, "field "+label, chromedp.Evaluate[string](fmt.Sprintf(`document.getElementById(%s).tagName`, js(id))))
	if tag == "SELECT" {
		Run(t, b, "choose "+label, chromedp.SetValue(chromedp.ID(id), value))
	} else {
		Run(t, b, "type into "+label, chromedp.SendKeys(chromedp.ID(id), value))
	}
	if got := Run(t, b, "read "+label, chromedp.Value(chromedp.ID(id))); got != value {
		t.Fatalf("browser: field %q holds %q after filling in %q", label, got, value)
	}
}

// Eval evaluates a JavaScript expression in the page and decodes its
// value.
func Eval[T any](t testing.TB, b *Browser, expr string) T {
	t.Helper()
	return Run(t, b, "evaluate "+expr, chromedp.Evaluate[T](expr))
}

// Text is the visible text of the first element matching the CSS
// selector, or "" when there is none (it does not wait).
func (b *Browser) Text(t testing.TB, selector string) string {
	t.Helper()
	return Eval[string](t, b, fmt.Sprintf(`(document.querySelector(%s) || {innerText: ""}).innerText.trim()`, js(selector)))
}

// Texts is the visible text of every element matching the CSS selector.
func (b *Browser) Texts(t testing.TB, selector string) []string {
	t.Helper()
	return Eval[[]string](t, b, fmt.Sprintf(`Array.from(document.querySelectorAll(%s)).map(e => e.innerText.trim())`, js(selector)))
}

// Attrs is the attribute name of every element matching the CSS selector
// ("" where it is missing).
func (b *Browser) Attrs(t testing.TB, selector, name string) []string {
	t.Helper()
	return Eval[[]string](t, b, fmt.Sprintf(`Array.from(document.querySelectorAll(%s)).map(e => e.getAttribute(%s) || "")`, js(selector), js(name)))
}

// Path is the path, query and fragment of the page the tab is on.
func (b *Browser) Path(t testing.TB) string {
	t.Helper()
	return Eval[string](t, b, `location.pathname + location.search + location.hash`)
}

// scan notes every address the page's elements load from (scripts,
// styles and other links, images, frames, media), even ones the browser
// refused to fetch.
func (b *Browser) scan(t testing.TB) {
	t.Helper()
	urls := Eval[[]string](t, b, `Array.from(document.querySelectorAll(
		"script[src], link[href], img[src], img[srcset], iframe[src], frame[src], embed[src], object[data], source[src], source[srcset], video[src], video[poster], audio[src], track[src], input[type=image][src]"
	)).flatMap(e => {
		const set = (e.getAttribute("srcset") || "").split(",").map(s => s.trim().split(/\s+/)[0]).filter(s => s);
		return [e.getAttribute("src"), e.getAttribute("href"), e.getAttribute("data"), e.getAttribute("poster"), ...set]
			.filter(v => v).map(v => new URL(v, document.baseURI).href);
	})`)
	b.mu.Lock()
	b.resources = append(b.resources, urls...)
	b.mu.Unlock()
}

// Requests is every URL the tab asked for so far.
func (b *Browser) Requests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.requests...)
}

// Documents is every page the tab loaded so far.
func (b *Browser) Documents() []Document {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Document(nil), b.documents...)
}

// Foreign lists the requests and page resources that point anywhere but
// the site (data: URLs and about:blank are local).
func (b *Browser) Foreign() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, raw := range append(append([]string(nil), b.requests...), b.resources...) {
		u, err := url.Parse(raw)
		switch {
		case err != nil:
			out = append(out, raw)
		case u.Scheme == "data" || raw == "about:blank":
		case u.Scheme != b.base.Scheme || u.Host != b.base.Host:
			out = append(out, raw)
		}
	}
	return out
}

// Screenshot captures the whole page as a PNG into dir, checks that it
// is a real picture (large enough, more than one colour) and returns the
// file's path.
func (b *Browser) Screenshot(t testing.TB, dir, name string) string {
	t.Helper()
	shot := Run(t, b, "screenshot", chromedp.FullScreenshot(100))
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("browser: screenshot is not a PNG (%d bytes): %v", len(shot), err)
	}
	if r := img.Bounds(); r.Dx() < 320 || r.Dy() < 200 || len(shot) < 5000 {
		t.Fatalf("browser: screenshot too small: %dx%d, %d bytes", r.Dx(), r.Dy(), len(shot))
	}
	if n := colours(img, 8); n < 8 {
		t.Fatalf("browser: screenshot shows %d colours; the page did not render", n)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// colours counts the distinct colours of img, stopping at limit.
func colours(img image.Image, limit int) int {
	seen := map[[4]uint32]bool{}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y += 3 {
		for x := r.Min.X; x < r.Max.X; x += 3 {
			c0, c1, c2, c3 := img.At(x, y).RGBA()
			seen[[4]uint32{c0, c1, c2, c3}] = true
			if len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}
