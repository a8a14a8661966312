// Package lookup runs the network lookups of one mail concurrently under
// one deadline: GeoIP of the origin IP (local files), RDAP for the origin
// network, RDAP-or-WHOIS for the owners of the domains involved, and the
// DNS checks (DKIM, DMARC, SPF). Answers are cached, identical concurrent
// lookups are collapsed and per-server rates kept polite. Every lookup,
// done or not, is listed with its status and duration; failures leave a
// partial result, never a hang.
package lookup

import (
	"context"
	"errors"
	"fmt"
	"github.com/checkmail/checkmail/analysis/domain"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/checkmail/checkmail/analysis/dnsauth"
	"github.com/checkmail/checkmail/analysis/geoip"
	"github.com/checkmail/checkmail/analysis/lookup/owner"
	"github.com/checkmail/checkmail/analysis/rdap"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/analysis/whois"
)

// Lookup kinds.
const (
	KindGeoIP = "geoip"
	KindRDAP  = "rdap"
	KindWHOIS = "whois"
	KindDNS   = "dns"
)

// Defaults.
const (
	DefaultTimeout    = 5 * time.Second
	DefaultMaxDomains = 8
	DefaultAnswerTTL  = 6 * time.Hour
	DefaultFailureTTL = time.Minute
	DefaultCacheSize  = 4096
	DefaultRate       = 5 // requests per second per server
	DefaultBurst      = 5
)

// Config configures a Service. Zero values mean the defaults.
type Config struct {
	Offline       bool
	Timeout       time.Duration     // overall deadline for one Run
	GeoIPCity     string            // mmdb paths; "" = the database embedded in the binary
	GeoIPASN      string            //
	RDAPBootstrap string            // base URL of the IANA bootstrap files; "" = IANA's
	WHOISServers  map[string]string // overrides: tld or suffix → host:port
	DNS           string            // resolver host:port; "" = system resolver
	HTTPClient    *http.Client      // optional
	Now           func() time.Time  // clock for ages and cache expiry
	MaxDomains    int               // cap on domain owner lookups per mail

	AnswerTTL  time.Duration // how long RDAP/WHOIS answers are cached
	FailureTTL time.Duration // how long failures are cached (429: Retry-After if longer)
	CacheSize  int           // entries
	Rate       float64       // requests per second per server (<0: unlimited)
	Burst      int

	// Dial opens WHOIS connections (tests); nil = net.Dialer.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Resolver replaces the DNS resolver built from DNS (tests).
	Resolver dnsauth.Resolver
	// NoEmbeddedGeoIP: a GeoIP path left empty means no database, not the
	// one embedded in the binary (tests).
	NoEmbeddedGeoIP bool
}

// Service runs lookups. It is safe for concurrent use and holds the caches,
// the rate limiters and the open GeoIP databases.
type Service struct {
	cfg     Config
	geo     *geoip.Reader
	geoErr  error
	rdap    *rdap.Client
	whois   *whois.Client
	checker *dnsauth.Checker
	cache   *cache
	flight  *flight
	limit   *limiter
	base    context.Context
	stop    context.CancelFunc
	closeMu sync.Mutex
	closed  bool
}

// New builds a Service. A GeoIP database that cannot be opened is not an
// error here: Run reports it in the lookups list. A malformed RDAP
// bootstrap URL is.
func New(c Config) (*Service, error) {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.MaxDomains <= 0 {
		c.MaxDomains = DefaultMaxDomains
	}
	if c.AnswerTTL <= 0 {
		c.AnswerTTL = DefaultAnswerTTL
	}
	if c.FailureTTL <= 0 {
		c.FailureTTL = DefaultFailureTTL
	}
	if c.CacheSize <= 0 {
		c.CacheSize = DefaultCacheSize
	}
	if c.Rate == 0 {
		c.Rate = DefaultRate
	}
	if c.Burst <= 0 {
		c.Burst = DefaultBurst
	}
	s := &Service{cfg: c, cache: newCache(c.CacheSize), flight: newFlight(), limit: newLimiter(c.Rate, c.Burst, time.Now)}
	s.base, s.stop = context.WithCancel(context.Background())
	switch {
	case !c.NoEmbeddedGeoIP:
		// Opening reads none of the embedded data: that happens on the
		// first lookup, once per process.
		s.geo, s.geoErr = geoip.OpenDefault(c.GeoIPCity, c.GeoIPASN)
	case c.GeoIPCity != "" || c.GeoIPASN != "":
		s.geo, s.geoErr = geoip.Open(c.GeoIPCity, c.GeoIPASN)
	}
	hc := c.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: c.Timeout}
	}
	polite := *hc
	polite.Transport = politeTransport{base: transportOf(hc), limit: s.limit}
	rc, err := rdap.New(rdap.Config{BootstrapURL: c.RDAPBootstrap, HTTP: &polite, Now: c.Now})
	if err != nil {
		s.Close()
		return nil, err
	}
	s.rdap = rc
	dial := c.Dial
	if dial == nil {
		var d net.Dialer
		dial = d.DialContext
	}
	s.whois = &whois.Client{
		Overrides: c.WHOISServers,
		Timeout:   c.Timeout,
		Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if err := s.limit.wait(ctx, addr); err != nil {
				return nil, err
			}
			return dial(ctx, network, addr)
		},
	}
	res := c.Resolver
	if res == nil {
		res = dnsauth.NewResolver(c.DNS)
	}
	s.checker = &dnsauth.Checker{Resolver: res}
	return s, nil
}

// Close stops lookups still in flight and closes the GeoIP databases.
func (s *Service) Close() error {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	s.stop()
	return s.geo.Close()
}

func transportOf(hc *http.Client) http.RoundTripper {
	if hc.Transport != nil {
		return hc.Transport
	}
	return http.DefaultTransport
}

// politeTransport waits for the host's rate-limit token before each request.
type politeTransport struct {
	base  http.RoundTripper
	limit *limiter
}

func (t politeTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := t.limit.wait(r.Context(), r.URL.Host); err != nil {
		return nil, err
	}
	return t.base.RoundTrip(r)
}

// DomainRequest is one organizational domain and the roles it plays,
// most relevant first.
type DomainRequest struct {
	Name  string
	Roles []string
}

// Request is what Run looks up for one mail.
type Request struct {
	OriginIP netip.Addr // may be invalid (no origin)
	Domains  []DomainRequest
	Raw      []byte // the full raw message for DKIM; nil: DKIM not re-verified
	// BodyMissing: Raw holds headers only, so DKIM signatures are reported
	// "unverifiable" without a lookup.
	BodyMissing bool
	FromDomain  string      // for DMARC
	MailFrom    string      // Return-Path address (SPF)
	Helo        string      //
	Recorded    report.Auth // what the receiving server recorded
	// Offline switches network lookups off for this request only (GeoIP
	// files are still read), as Config.Offline does for all.
	Offline bool
}

// Result is what Run found.
type Result struct {
	Geo     *report.Geo
	ASN     *report.ASN
	Network *report.Network
	Domains []report.Domain // in request order (merged by organizational domain)
	Own     *report.OwnAuth // nil when DNS lookups did not run
	Lookups []report.Lookup
	// GeoJA holds the Japanese country and city names when the database
	// has them (for --lang ja).
	GeoJA *report.Geo
}

// Run does every lookup for req concurrently under the configured
// deadline (or ctx's, if sooner). It always returns; what failed or was
// skipped is in Lookups and in each Domain's Error.
func (s *Service) Run(ctx context.Context, req Request) Result {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	var (
		res  Result
		mu   sync.Mutex
		wg   sync.WaitGroup
		geoL []report.Lookup
		netL []report.Lookup
		dnsL []report.Lookup
	)
	domains := s.normalise(req.Domains)
	res.Domains = make([]report.Domain, len(domains))
	domL := make([][]report.Lookup, len(domains))

	// GeoIP: local files, also offline.
	geoL = s.runGeo(req.OriginIP, &res)

	if s.cfg.Offline || req.Offline {
		if req.OriginIP.IsValid() {
			netL = append(netL, skipped(KindRDAP, req.OriginIP.String(), "offline"))
		}
		for i, d := range domains {
			res.Domains[i] = report.Domain{Name: d.Name, Roles: d.Roles}
			domL[i] = []report.Lookup{skipped(KindRDAP, d.Name, "offline")}
		}
		if s.wantsDNS(req) {
			dnsL = append(dnsL, skipped(KindDNS, "dkim/spf/dmarc", "offline"))
		}
		res.Lookups = concat(geoL, netL, domL, dnsL)
		return res
	}

	if req.OriginIP.IsValid() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, l := s.runNetwork(ctx, req.OriginIP)
			mu.Lock()
			res.Network, netL = n, l
			mu.Unlock()
		}()
	}
	for i, d := range domains {
		if i >= s.cfg.MaxDomains {
			res.Domains[i] = report.Domain{Name: d.Name, Roles: d.Roles, Error: fmt.Sprintf("not looked up: over the limit of %d domains", s.cfg.MaxDomains)}
			domL[i] = []report.Lookup{skipped(KindRDAP, d.Name, "over the domain limit")}
			continue
		}
		wg.Add(1)
		go func(i int, d DomainRequest) {
			defer wg.Done()
			dom, l := s.runDomain(ctx, d)
			mu.Lock()
			res.Domains[i], domL[i] = dom, l
			mu.Unlock()
		}(i, d)
	}
	if s.wantsDNS(req) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			own, l := s.runDNS(ctx, req)
			mu.Lock()
			res.Own, dnsL = own, l
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.Lookups = concat(geoL, netL, domL, dnsL)
	return res
}

func (s *Service) wantsDNS(req Request) bool {
	return len(req.Raw) > 0 || req.FromDomain != "" || (req.OriginIP.IsValid() && (req.MailFrom != "" || req.Helo != ""))
}

func concat(geo, netw []report.Lookup, doms [][]report.Lookup, dns []report.Lookup) []report.Lookup {
	out := append([]report.Lookup{}, geo...)
	out = append(out, netw...)
	for _, d := range doms {
		out = append(out, d...)
	}
	return append(out, dns...)
}

func skipped(kind, target, why string) report.Lookup {
	return report.Lookup{Kind: kind, Target: target, Status: report.StatusSkipped, Error: why}
}

// normalise maps names to their organizational domain (IDNs to punycode),
// merges duplicates (roles united, first position kept) and drops names
// that are not domains.
func (s *Service) normalise(in []DomainRequest) []DomainRequest {
	var out []DomainRequest
	idx := map[string]int{}
	for _, d := range in {
		name := domain.Org(d.Name)
		if name == "" || domain.IsIP(name) || !strings.Contains(name, ".") {
			continue
		}
		if i, ok := idx[name]; ok {
			for _, r := range d.Roles {
				if !contains(out[i].Roles, r) {
					out[i].Roles = append(out[i].Roles, r)
				}
			}
			continue
		}
		idx[name] = len(out)
		out = append(out, DomainRequest{Name: name, Roles: append([]string(nil), d.Roles...)})
	}
	return out
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func (s *Service) runGeo(ip netip.Addr, res *Result) []report.Lookup {
	if !ip.IsValid() {
		return nil
	}
	l := report.Lookup{Kind: KindGeoIP, Target: ip.String()}
	switch {
	case s.geo == nil && s.geoErr == nil:
		l.Status, l.Error = report.StatusSkipped, "no GeoIP database configured"
		return []report.Lookup{l}
	case s.geoErr != nil:
		l.Status, l.Error = report.StatusError, s.geoErr.Error()
		return []report.Lookup{l}
	}
	start := time.Now()
	g, a, err := s.geo.Lookup(ip)
	l.MS = time.Since(start).Milliseconds()
	var missing []string
	if !s.geo.HasCity() {
		missing = append(missing, "no City database configured")
	}
	if !s.geo.HasASN() {
		missing = append(missing, "no ASN database configured")
	}
	if err != nil && !errors.Is(err, geoip.ErrNotConfigured) {
		l.Status, l.Error = report.StatusError, err.Error()
		return []report.Lookup{l}
	}
	l.Status = report.StatusOK
	l.Error = strings.Join(missing, "; ")
	if g.Country != "" || g.City != "" {
		res.Geo = &report.Geo{Country: g.Country, CountryName: g.CountryName, City: g.City, Source: geoSource(g.Source)}
		if g.CountryJA != "" || g.CityJA != "" {
			res.GeoJA = &report.Geo{Country: g.Country, CountryName: g.CountryJA, City: g.CityJA, Source: geoSource(g.Source)}
		}
	}
	if a.Number != 0 || a.Org != "" {
		res.ASN = &report.ASN{Number: a.Number, Org: a.Org, Source: geoSource(a.Source)}
	}
	return []report.Lookup{l}
}

// geoSource is the report's name for the database that answered.
func geoSource(s geoip.Source) *report.GeoSource {
	if s.Database == "" {
		return nil
	}
	r := &report.GeoSource{Database: s.Database, Version: s.Version, Embedded: s.Embedded}
	if !s.Built.IsZero() {
		r.Built = s.Built.UTC().Format("2006-01-02")
	}
	return r
}

// cached runs fn through the cache and the flight group. ttl decides how
// long the answer (or failure) is kept; context errors are never cached.
func (s *Service) cached(ctx context.Context, key string, fn func(context.Context) (any, error)) (val any, err error, hit bool) {
	if v, err, ok := s.cache.get(key, s.cfg.Now()); ok {
		return v, err, true
	}
	v, err, _ := s.flight.do(ctx, s.base, s.cfg.Timeout, key, func(fctx context.Context) (any, error) {
		if v, err, ok := s.cache.get(key, s.cfg.Now()); ok { // filled while we queued
			return v, err
		}
		v, err := fn(fctx)
		if ttl := s.ttl(err); ttl > 0 {
			s.cache.put(key, v, err, s.cfg.Now().Add(ttl))
		}
		return v, err
	})
	return v, err, false
}

func (s *Service) ttl(err error) time.Duration {
	var rl *rdap.RateLimitError
	switch {
	case err == nil, errors.Is(err, rdap.ErrNoRDAP), errors.Is(err, whois.ErrNoServer),
		errors.Is(err, rdap.ErrNotFound), errors.Is(err, whois.ErrNotFound):
		return s.cfg.AnswerTTL
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return 0
	case errors.As(err, &rl) && rl.RetryAfter > s.cfg.FailureTTL:
		return rl.RetryAfter
	default:
		return s.cfg.FailureTTL
	}
}

// sharedSpace is RFC 6598 carrier-grade NAT space.
var sharedSpace = netip.MustParsePrefix("100.64.0.0/10")

// public reports whether ip is a globally routable unicast address (the
// only kind the RIRs can say anything about).
func public(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsGlobalUnicast() && !ip.IsPrivate() && !sharedSpace.Contains(ip)
}

func (s *Service) runNetwork(ctx context.Context, ip netip.Addr) (*report.Network, []report.Lookup) {
	l := report.Lookup{Kind: KindRDAP, Target: ip.String()}
	if !public(ip) {
		l.Status, l.Error = report.StatusSkipped, "not a public address"
		return nil, []report.Lookup{l}
	}
	start := time.Now()
	v, err, hit := s.cached(ctx, "rdap-ip:"+ip.String(), func(c context.Context) (any, error) {
		return s.rdap.IP(c, ip)
	})
	l.MS, l.Cached = time.Since(start).Milliseconds(), hit
	if err != nil {
		l.Status, l.Error = status(err), describe(err, ip.String())
		if errors.Is(err, rdap.ErrNoRDAP) {
			l.Status, l.Error = report.StatusSkipped, "no RDAP server for this address"
		}
		return nil, []report.Lookup{l}
	}
	l.Status = report.StatusOK
	n := v.(report.Network)
	return &n, []report.Lookup{l}
}

func (s *Service) runDomain(ctx context.Context, d DomainRequest) (report.Domain, []report.Lookup) {
	dom := report.Domain{Name: d.Name, Roles: d.Roles}
	var ls []report.Lookup
	l := report.Lookup{Kind: KindRDAP, Target: d.Name}
	start := time.Now()
	v, err, hit := s.cached(ctx, "rdap-domain:"+d.Name, func(c context.Context) (any, error) {
		return s.rdap.Domain(c, d.Name)
	})
	l.MS, l.Cached = time.Since(start).Milliseconds(), hit
	if err == nil {
		l.Status = report.StatusOK
		return s.fill(dom, v.(owner.DomainInfo)), append(ls, l)
	}
	if !errors.Is(err, rdap.ErrNoRDAP) {
		l.Status, l.Error = status(err), describe(err, d.Name)
		dom.Error = l.Error
		return dom, append(ls, l)
	}
	l.Status, l.Error = report.StatusSkipped, describe(err, d.Name)
	ls = append(ls, l)

	w := report.Lookup{Kind: KindWHOIS, Target: d.Name}
	start = time.Now()
	v, err, hit = s.cached(ctx, "whois:"+d.Name, func(c context.Context) (any, error) {
		return s.whois.Domain(c, d.Name)
	})
	w.MS, w.Cached = time.Since(start).Milliseconds(), hit
	if err != nil {
		w.Status, w.Error = status(err), describe(err, d.Name)
		if errors.Is(err, whois.ErrNoServer) {
			w.Status = report.StatusSkipped
			w.Error = "no RDAP or WHOIS server for ." + tld(d.Name)
		}
		dom.Error = w.Error
		return dom, append(ls, w)
	}
	w.Status = report.StatusOK
	return s.fill(dom, v.(owner.DomainInfo)), append(ls, w)
}

func (s *Service) fill(dom report.Domain, info owner.DomainInfo) report.Domain {
	dom.Registrar = info.Registrar
	dom.Registrant = info.Registrant
	dom.Status = info.Status
	dom.Source = info.Source
	if !info.Created.IsZero() {
		dom.Created = info.Created.Format("2006-01-02")
		age := int(s.cfg.Now().Sub(info.Created).Hours() / 24)
		if age < 0 {
			age = 0
		}
		dom.AgeDays = &age
	}
	return dom
}

func tld(name string) string { return name[strings.LastIndexByte(name, '.')+1:] }

// status maps an error to a lookup status.
func status(err error) string {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return report.StatusTimeout
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return report.StatusTimeout
	}
	return report.StatusError
}

// describe turns an error into the short text shown in the report.
func describe(err error, target string) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return "timeout"
	case errors.Is(err, rdap.ErrNoRDAP):
		return "no RDAP server for ." + tld(target)
	case errors.Is(err, rdap.ErrNotFound), errors.Is(err, whois.ErrNotFound):
		return "not found (not registered, or deleted)"
	case errors.Is(err, rdap.ErrRateLimited):
		return err.Error()
	case errors.Is(err, rdap.ErrTooLarge), errors.Is(err, whois.ErrTooLarge):
		return "answer too large"
	case errors.Is(err, rdap.ErrBadAnswer), errors.Is(err, whois.ErrGarbage):
		return "unusable answer"
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timeout"
	}
	msg := err.Error()
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return msg
}

func (s *Service) runDNS(ctx context.Context, req Request) (*report.OwnAuth, []report.Lookup) {
	start := time.Now()
	own, errs := s.checker.Check(ctx, dnsauth.Input{
		Raw: req.Raw, BodyMissing: req.BodyMissing, FromDomain: req.FromDomain,
		OriginIP: req.OriginIP, MailFrom: req.MailFrom, Helo: req.Helo, Recorded: req.Recorded,
	})
	ms := time.Since(start).Milliseconds()
	var ls []report.Lookup
	if len(req.Raw) > 0 {
		l := report.Lookup{Kind: KindDNS, Target: "dkim", Status: report.StatusOK, MS: ms}
		var doms []string
		for _, c := range own.DKIM {
			doms = append(doms, c.Domain)
			if c.Result == dnsauth.DKIMUnverifiable && strings.Contains(c.Error, "timeout") {
				l.Status, l.Error = report.StatusTimeout, "timeout"
			}
		}
		if len(doms) > 0 {
			l.Target = "dkim:" + strings.Join(doms, ",")
		} else {
			l.Status, l.Error = report.StatusSkipped, "no DKIM signature"
		}
		if ctx.Err() != nil && l.Status == report.StatusOK {
			l.Status, l.Error = report.StatusTimeout, "timeout"
		}
		ls = append(ls, l)
	}
	if req.FromDomain != "" {
		l := report.Lookup{Kind: KindDNS, Target: "dmarc:" + req.FromDomain, Status: report.StatusOK, MS: ms}
		if err := errs["dmarc"]; err != nil {
			if errors.Is(err, dnsauth.ErrNoDMARC) {
				l.Error = "no DMARC record"
			} else {
				l.Status, l.Error = dnsStatus(ctx, err), dnsDescribe(ctx, err)
			}
		}
		ls = append(ls, l)
	}
	if req.OriginIP.IsValid() && (req.MailFrom != "" || req.Helo != "") {
		dom := req.MailFrom
		if i := strings.LastIndexByte(dom, '@'); i >= 0 {
			dom = strings.Trim(dom[i+1:], "<> ")
		}
		if dom == "" {
			dom = req.Helo
		}
		l := report.Lookup{Kind: KindDNS, Target: "spf:" + dom + " " + req.OriginIP.String(), Status: report.StatusOK, MS: ms}
		if err := errs["spf"]; err != nil {
			l.Status, l.Error = dnsStatus(ctx, err), dnsDescribe(ctx, err)
		}
		ls = append(ls, l)
	}
	return &own, ls
}

func dnsStatus(ctx context.Context, err error) string {
	var de *net.DNSError
	if ctx.Err() != nil || (errors.As(err, &de) && de.IsTimeout) || strings.Contains(err.Error(), "timeout") {
		return report.StatusTimeout
	}
	return report.StatusError
}

func dnsDescribe(ctx context.Context, err error) string {
	if dnsStatus(ctx, err) == report.StatusTimeout {
		return "timeout"
	}
	msg := err.Error()
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return msg
}
