// Package transport is the HTTP client that federation uses to reach other
// servers: it signs requests, refuses non-public addresses (checked on the
// address actually dialled, so DNS and redirects cannot get round it), limits
// time and response size, reuses connections, and reports HTTP failures in a
// form a delivery job can act on.
package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"time"

	"github.com/protectors-portal/portal/federation/httpsig"
)

// Defaults for the zero values of Config.
const (
	DefaultTimeout   = 10 * time.Second
	DefaultMaxBody   = 1 << 20
	DefaultUserAgent = "Portal (+https://github.com/protectors-portal/portal)"
	// DefaultAccept asks for ActivityStreams in both of its media types.
	DefaultAccept = `application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"`
	// ContentType is sent with every POST.
	ContentType = "application/activity+json"

	maxRedirects = 3
	// Error responses are kept for logging, cut to this size rather than
	// refused, so that a large error page still yields its status.
	maxErrorBody = 64 << 10
)

var (
	// ErrForbiddenAddress: the host resolved to a loopback, private,
	// link-local or otherwise non-public address and Config.AllowPrivate is off.
	ErrForbiddenAddress = errors.New("transport: refusing non-public address")
	// ErrTooLarge: a successful response's body exceeded Config.MaxBody.
	ErrTooLarge = errors.New("transport: response body too large")
	// ErrBadURL: not an absolute http or https URL.
	ErrBadURL = errors.New("transport: unsupported URL")
	// ErrBadRedirect: a redirect to a scheme other than http or https, or
	// from https down to http.
	ErrBadRedirect = errors.New("transport: refused redirect")
	// ErrTooManyRedirects: more than three redirects.
	ErrTooManyRedirects = errors.New("transport: too many redirects")
)

// Config sets up a Client. Zero values take the defaults above.
type Config struct {
	// AllowPrivate lets the client reach loopback and private addresses:
	// for local runs and tests only.
	AllowPrivate bool
	// Timeout bounds a whole exchange, redirects and body included.
	Timeout time.Duration
	// MaxBody is the largest successful response body accepted, in bytes.
	MaxBody int64
	// UserAgent is sent with every request.
	UserAgent string
}

// Client makes federation requests. It is safe for concurrent use; make one
// per process so that connections are shared.
type Client struct {
	cfg       Config
	hc        *http.Client
	tr        *http.Transport
	allowAddr func(netip.Addr) bool
}

// Response is a response read in full.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	// FinalURL is the URL that answered, after any redirects.
	FinalURL string
}

// StatusError is returned, with the Response, for any status outside 2xx.
type StatusError struct {
	Code int
	// RetryAfter is the delay the server asked for in Retry-After (as
	// seconds or a date), or zero.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("transport: HTTP %d (retry after %s)", e.Code, e.RetryAfter)
	}
	return fmt.Sprintf("transport: HTTP %d", e.Code)
}

// IsPermanent reports whether retrying the request cannot help: a 4xx status
// other than 408 (Request Timeout) and 429 (Too Many Requests), a URL or
// redirect this client refuses, or a host that resolves to a refused
// address. Network errors, timeouts, 3xx and 5xx are temporary.
func IsPermanent(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code >= 400 && se.Code < 500 &&
			se.Code != http.StatusRequestTimeout && se.Code != http.StatusTooManyRequests
	}
	return errors.Is(err, ErrForbiddenAddress) || errors.Is(err, ErrBadURL) || errors.Is(err, ErrBadRedirect)
}

// New returns a Client for cfg.
func New(cfg Config) *Client {
	allow := isPublic
	if cfg.AllowPrivate {
		allow = func(netip.Addr) bool { return true }
	}
	return newClient(cfg, allow)
}

func newClient(cfg Config, allow func(netip.Addr) bool) *Client {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	c := &Client{cfg: cfg, allowAddr: allow}
	dialer := &net.Dialer{
		Timeout:   cfg.Timeout,
		KeepAlive: 30 * time.Second,
		Control:   c.control,
	}
	c.tr = &http.Transport{
		// No proxy from the environment: a proxy would resolve and connect
		// on our behalf, out of reach of the address check.
		Proxy:                  nil,
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           256,
		MaxIdleConnsPerHost:    16,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  cfg.Timeout,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 64 << 10,
	}
	c.hc = &http.Client{
		Transport:     c.tr,
		Timeout:       cfg.Timeout,
		CheckRedirect: checkRedirect,
	}
	return c
}

// CloseIdleConnections closes connections kept for reuse (at shutdown).
func (c *Client) CloseIdleConnections() { c.tr.CloseIdleConnections() }

// Get fetches rawURL with the given Accept header (DefaultAccept when empty),
// signed with key when key is not nil — as GoToSocial requires, and as
// authorised fetch on Mastodon does.
func (c *Client) Get(ctx context.Context, rawURL, accept string, key *httpsig.Key) (*Response, error) {
	if accept == "" {
		accept = DefaultAccept
	}
	req, err := c.newRequest(ctx, http.MethodGet, rawURL, nil, key)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", accept)
	if key != nil {
		if err := httpsig.SignRequest(req, *key, nil); err != nil {
			return nil, fmt.Errorf("transport: GET %s: %w", rawURL, err)
		}
	}
	return c.do(req)
}

// Post sends body (an activity) to rawURL, signed with key, as
// application/activity+json. A 307 or 308 redirect is followed with the body
// re-signed for its new target; any other redirect is returned as a
// StatusError rather than turned into a GET.
func (c *Client) Post(ctx context.Context, rawURL string, body []byte, key httpsig.Key) (*Response, error) {
	req, err := c.newRequest(ctx, http.MethodPost, rawURL, body, &key)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", ContentType)
	if err := httpsig.SignRequest(req, key, body); err != nil {
		return nil, fmt.Errorf("transport: POST %s: %w", rawURL, err)
	}
	return c.do(req)
}

// signing is what a redirect needs to sign its new request. It travels in
// the request's context, which net/http hands to CheckRedirect.
type signing struct {
	key  *httpsig.Key
	body []byte
}

type signingKey struct{}

func (c *Client) newRequest(ctx context.Context, method, rawURL string, body []byte, key *httpsig.Key) (*http.Request, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadURL, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%w: %q", ErrBadURL, rawURL)
	}
	ctx = context.WithValue(ctx, signingKey{}, signing{key: key, body: body})
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadURL, err)
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	return req, nil
}

// checkRedirect allows up to three redirects to http or https, never from
// https to http, and signs each new request afresh: net/http copies the
// original headers, whose signature names the original target. Addresses are
// checked when the new request dials, as for any other request.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > maxRedirects {
		return fmt.Errorf("%w (%d)", ErrTooManyRedirects, maxRedirects)
	}
	if s := req.URL.Scheme; s != "http" && s != "https" {
		return fmt.Errorf("%w: to scheme %q", ErrBadRedirect, s)
	}
	if via[len(via)-1].URL.Scheme == "https" && req.URL.Scheme == "http" {
		return fmt.Errorf("%w: from https to http (%s)", ErrBadRedirect, req.URL.Redacted())
	}
	if via[0].Method != req.Method {
		// A 301, 302 or 303 answer to a POST: net/http would repeat it as a
		// bodiless GET, whose 200 would pass for a delivery. Stop and return
		// the redirect itself.
		return http.ErrUseLastResponse
	}
	for _, h := range []string{"Signature", "Authorization", "Digest", "Date", "Host"} {
		req.Header.Del(h)
	}
	s, _ := req.Context().Value(signingKey{}).(signing)
	if s.key == nil {
		return nil
	}
	if err := httpsig.SignRequest(req, *s.key, s.body); err != nil {
		return fmt.Errorf("transport: re-signing redirect: %w", err)
	}
	return nil
}

func (c *Client) do(req *http.Request) (*Response, error) {
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("transport: %w", err)
	}
	defer resp.Body.Close()

	ok := resp.StatusCode >= 200 && resp.StatusCode < 300
	limit := c.cfg.MaxBody
	if !ok {
		limit = min(limit, maxErrorBody)
	}
	if ok && resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: %d bytes declared, limit %d (%s)", ErrTooLarge, resp.ContentLength, limit, req.URL.Redacted())
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("transport: %s %s: reading body: %w", req.Method, req.URL.Redacted(), err)
	}
	if int64(len(body)) > limit {
		if ok {
			return nil, fmt.Errorf("%w: over %d bytes (%s)", ErrTooLarge, limit, req.URL.Redacted())
		}
		body = body[:limit]
	}
	out := &Response{
		StatusCode: resp.StatusCode,
		Header:     resp.Header,
		Body:       body,
		FinalURL:   resp.Request.URL.String(),
	}
	if !ok {
		return out, &StatusError{Code: resp.StatusCode, RetryAfter: retryAfter(resp.Header.Get("Retry-After"), time.Now())}
	}
	return out, nil
}

// retryAfter reads a Retry-After value: delay-seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(min(secs, int64(30*24*time.Hour/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
