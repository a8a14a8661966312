// Package rdap asks RDAP servers (RFC 9082/9083) who holds an IP network
// and who registered a domain. It wraps github.com/openrdap/rdap: the
// bootstrap registry (which server is authoritative) and the JSON decoder
// come from openrdap; the HTTP exchange is ours so that answers are bounded,
// 404/429 are distinguished and redirects are limited. A Client is safe for
// concurrent use (openrdap's clients are not: the bootstrap client is only
// used under a lock).
package rdap

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/openrdap/rdap/bootstrap"

	"github.com/checkmail/checkmail/analysis/lookup/owner"
	"github.com/checkmail/checkmail/analysis/report"
)

// DomainInfo is the owner record shared with the WHOIS client.
type DomainInfo = owner.DomainInfo

// Defaults.
const (
	DefaultBootstrapURL   = bootstrap.DefaultBaseURL
	DefaultMaxBytes       = 1 << 20
	DefaultMaxBootstrap   = 4 << 20
	DefaultMaxRedirects   = 3
	DefaultRequestTimeout = 10 * time.Second
)

// Errors callers can test with errors.Is.
var (
	// ErrNoRDAP: the bootstrap registry lists no RDAP server for the
	// domain's TLD (or the address): fall back to WHOIS.
	ErrNoRDAP      = errors.New("no RDAP server")
	ErrNotFound    = errors.New("rdap: object not found")
	ErrTooLarge    = errors.New("rdap: answer too large")
	ErrBadAnswer   = errors.New("rdap: unusable answer")
	ErrRateLimited = errors.New("rate limited")
)

// RateLimitError is returned for HTTP 429; RetryAfter is the server's
// Retry-After (0 when absent or unreadable).
type RateLimitError struct {
	Server     string
	RetryAfter time.Duration
}

func (e *RateLimitError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("rate limited by %s (retry after %s)", e.Server, e.RetryAfter)
	}
	return "rate limited by " + e.Server
}

// Is makes errors.Is(err, ErrRateLimited) true.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// Config configures a Client.
type Config struct {
	BootstrapURL string       // base URL of dns.json, ipv4.json …; "" = IANA
	HTTP         *http.Client // nil = a client with DefaultRequestTimeout
	MaxBytes     int64        // cap on one answer; 0 = DefaultMaxBytes
	MaxRedirects int          // 0 = DefaultMaxRedirects
	UserAgent    string       // "" = "checkmail"
	// Now is the clock (for Retry-After dates); nil = time.Now.
	Now func() time.Time
}

// Client is a concurrency-safe RDAP client.
type Client struct {
	cfg  Config
	http *http.Client
	// bootMu serialises the openrdap bootstrap client, which mutates its
	// registries on every lookup. A channel so waiting respects contexts.
	bootMu chan struct{}
	boot   *bootstrap.Client
}

// New returns a Client. It does no network I/O.
func New(cfg Config) (*Client, error) {
	if cfg.BootstrapURL == "" {
		cfg.BootstrapURL = DefaultBootstrapURL
	}
	base, err := url.Parse(cfg.BootstrapURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("rdap: bootstrap URL %q: want http(s)://host/path/", cfg.BootstrapURL)
	}
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = DefaultMaxBytes
	}
	if cfg.MaxRedirects <= 0 {
		cfg.MaxRedirects = DefaultMaxRedirects
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "checkmail"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	hc := cfg.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: DefaultRequestTimeout}
	}
	// Our own copy: bounded redirects, only to http(s).
	own := *hc
	own.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > cfg.MaxRedirects {
			return fmt.Errorf("rdap: more than %d redirects", cfg.MaxRedirects)
		}
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return fmt.Errorf("rdap: redirect to %s scheme refused", req.URL.Scheme)
		}
		return nil
	}
	bootHTTP := own
	bootHTTP.Transport = limitTransport{base: transportOf(hc), max: DefaultMaxBootstrap}
	c := &Client{
		cfg:    cfg,
		http:   &own,
		bootMu: make(chan struct{}, 1),
		boot:   &bootstrap.Client{HTTP: &bootHTTP, BaseURL: base},
	}
	return c, nil
}

func transportOf(hc *http.Client) http.RoundTripper {
	if hc.Transport != nil {
		return hc.Transport
	}
	return http.DefaultTransport
}

// limitTransport fails a response body that grows beyond max bytes (the
// bootstrap client reads bodies with io.ReadAll).
type limitTransport struct {
	base http.RoundTripper
	max  int64
}

func (t limitTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	resp.Body = &limitedBody{rc: resp.Body, left: t.max}
	return resp, nil
}

type limitedBody struct {
	rc   io.ReadCloser
	left int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, ErrTooLarge
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }

// lookupBootstrap asks the bootstrap registry which servers answer for query.
func (c *Client) lookupBootstrap(ctx context.Context, typ bootstrap.RegistryType, query string) ([]*url.URL, error) {
	select {
	case c.bootMu <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-c.bootMu }()
	q := (&bootstrap.Question{RegistryType: typ, Query: query}).WithContext(ctx)
	ans, err := c.boot.Lookup(q)
	if err != nil {
		if ce := ctx.Err(); ce != nil {
			return nil, ce
		}
		return nil, fmt.Errorf("rdap bootstrap %s: %w", typ, err)
	}
	if ans == nil || len(ans.URLs) == 0 {
		return nil, ErrNoRDAP
	}
	// Prefer https, keep the registry's order otherwise.
	urls := make([]*url.URL, 0, len(ans.URLs))
	for _, u := range ans.URLs {
		if u.Scheme == "https" {
			urls = append(urls, u)
		}
	}
	for _, u := range ans.URLs {
		if u.Scheme == "http" {
			urls = append(urls, u)
		}
	}
	if len(urls) == 0 {
		return nil, ErrNoRDAP
	}
	return urls, nil
}

// objectURL joins a service base URL and "domain/example.com".
func objectURL(base *url.URL, path string) string {
	b := *base
	if !strings.HasSuffix(b.Path, "/") {
		b.Path += "/"
	}
	ref := &url.URL{Path: path}
	return b.ResolveReference(ref).String()
}

// fetch GETs one RDAP URL and returns the bounded body of a 2xx answer.
func (c *Client) fetch(ctx context.Context, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, http.NoBody)
	if err != nil {
		return nil, fmt.Errorf("rdap: %w", err)
	}
	req.Header.Set("Accept", "application/rdap+json, application/json")
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	resp, err := c.http.Do(req)
	if err != nil {
		if ce := ctx.Err(); ce != nil {
			return nil, ce
		}
		return nil, fmt.Errorf("rdap: %w", err)
	}
	defer resp.Body.Close()
	host := resp.Request.URL.Host
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return nil, fmt.Errorf("%w (%s)", ErrNotFound, host)
	case resp.StatusCode == http.StatusTooManyRequests:
		return nil, &RateLimitError{Server: host, RetryAfter: retryAfter(resp.Header.Get("Retry-After"), c.cfg.Now())}
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return nil, fmt.Errorf("rdap: %s answered HTTP %d", host, resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, c.cfg.MaxBytes+1))
	if err != nil {
		if ce := ctx.Err(); ce != nil {
			return nil, ce
		}
		return nil, fmt.Errorf("rdap: reading %s: %w", host, err)
	}
	if int64(len(b)) > c.cfg.MaxBytes {
		return nil, fmt.Errorf("%w from %s (over %d bytes)", ErrTooLarge, host, c.cfg.MaxBytes)
	}
	return b, nil
}

// retryAfter reads a Retry-After header (seconds or an HTTP date), capped
// at one hour.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.Atoi(v); err == nil && n > 0 {
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	if d < 0 {
		return 0
	}
	return min(d, time.Hour)
}

// fetchFirst tries each server in turn; "not found" and rate limits end
// the search (another mirror of the same registry will say the same).
func (c *Client) fetchFirst(ctx context.Context, bases []*url.URL, path string) ([]byte, string, error) {
	var lastErr error
	for _, base := range bases {
		u := objectURL(base, path)
		b, err := c.fetch(ctx, u)
		if err == nil {
			return b, u, nil
		}
		lastErr = err
		if ctx.Err() != nil || errors.Is(err, ErrNotFound) || errors.Is(err, ErrRateLimited) {
			break
		}
	}
	return nil, "", lastErr
}

// IP returns the network holding addr.
func (c *Client) IP(ctx context.Context, addr netip.Addr) (report.Network, error) {
	if !addr.IsValid() {
		return report.Network{}, errors.New("rdap: invalid address")
	}
	addr = addr.Unmap()
	typ := bootstrap.IPv4
	if addr.Is6() {
		typ = bootstrap.IPv6
	}
	bases, err := c.lookupBootstrap(ctx, typ, addr.String())
	if err != nil {
		return report.Network{}, err
	}
	body, u, err := c.fetchFirst(ctx, bases, "ip/"+addr.String())
	if err != nil {
		return report.Network{}, err
	}
	return NetworkFromJSON(body, u)
}

// Domain returns who registered name. When the registry's answer has no
// registrant and links to the registrar's RDAP record, that record is
// fetched too (fail-soft: its errors leave the registry's facts).
func (c *Client) Domain(ctx context.Context, name string) (DomainInfo, error) {
	name = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".")
	if name == "" || strings.ContainsAny(name, "/?#% \t\r\n") {
		return DomainInfo{}, fmt.Errorf("rdap: bad domain %q", name)
	}
	bases, err := c.lookupBootstrap(ctx, bootstrap.DNS, name)
	if err != nil {
		if errors.Is(err, ErrNoRDAP) {
			return DomainInfo{}, fmt.Errorf("%w for .%s", ErrNoRDAP, name[strings.LastIndexByte(name, '.')+1:])
		}
		return DomainInfo{}, err
	}
	body, u, err := c.fetchFirst(ctx, bases, "domain/"+name)
	if err != nil {
		return DomainInfo{}, err
	}
	info, links, err := DomainFromJSON(body)
	if err != nil {
		return DomainInfo{}, err
	}
	info.Server = u
	if info.Registrant != "" {
		return info, nil
	}
	for _, l := range links {
		if l == u {
			continue
		}
		rb, err := c.fetch(ctx, l)
		if err != nil {
			break
		}
		reg, _, err := DomainFromJSON(rb)
		if err != nil {
			break
		}
		info = merge(info, reg)
		break // one hop only
	}
	return info, nil
}

// merge completes the registry's record with the registrar's.
func merge(registry, registrar DomainInfo) DomainInfo {
	out := registry
	if out.Registrant == "" {
		out.Registrant = registrar.Registrant
	}
	if out.Registrar == "" {
		out.Registrar = registrar.Registrar
	}
	if out.Created.IsZero() {
		out.Created = registrar.Created
	}
	if len(out.Status) == 0 {
		out.Status = registrar.Status
	}
	return out
}
