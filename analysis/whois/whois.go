// Package whois asks WHOIS servers (TCP port 43, RFC 3912) who registered a
// domain, for the TLDs that have no RDAP service, and parses the answer:
// JPRS's formats for .jp and a generic "Key: value" format for the rest.
package whois

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sort"
	"strings"
	"time"

	"github.com/checkmail/checkmail/analysis/lookup/owner"
)

// DomainInfo is the owner record shared with the RDAP client.
type DomainInfo = owner.DomainInfo

// Defaults.
const (
	DefaultMaxBytes = 256 << 10
	DefaultTimeout  = 10 * time.Second
)

// Errors callers can test with errors.Is.
var (
	ErrNoServer = errors.New("no WHOIS server")
	ErrNotFound = errors.New("whois: domain not found")
	ErrTooLarge = errors.New("whois: answer too large")
	ErrGarbage  = errors.New("whois: unrecognised answer")
)

// Server is a WHOIS server and how to phrase a query for it.
type Server struct {
	Addr   string // host:port
	Format string // query format with one %s for the domain; "" = "%s"
}

// DefaultServers are the WHOIS servers of TLDs without (IANA-listed) RDAP.
// Keys are TLDs or longer suffixes ("co.jp"); the longest match wins.
func DefaultServers() map[string]Server {
	return map[string]Server{
		"jp": {Addr: "whois.jprs.jp:43", Format: "%s/e"},
		"de": {Addr: "whois.denic.de:43", Format: "-T dn,ace %s"},
		"cn": {Addr: "whois.cnnic.cn:43"},
		"kr": {Addr: "whois.kr:43"},
		"ru": {Addr: "whois.tcinet.ru:43"},
		"su": {Addr: "whois.tcinet.ru:43"},
		"рф": {Addr: "whois.tcinet.ru:43"},
		"eu": {Addr: "whois.eu:43"},
		"io": {Addr: "whois.nic.io:43"},
		"co": {Addr: "whois.nic.co:43"},
		"us": {Addr: "whois.nic.us:43"},
		"au": {Addr: "whois.auda.org.au:43"},
		"ch": {Addr: "whois.nic.ch:43"},
		"li": {Addr: "whois.nic.li:43"},
		"uk": {Addr: "whois.nic.uk:43"},
		"fr": {Addr: "whois.nic.fr:43"},
		"it": {Addr: "whois.nic.it:43"},
		"nl": {Addr: "whois.domain-registry.nl:43"},
		"be": {Addr: "whois.dns.be:43"},
		"at": {Addr: "whois.nic.at:43"},
		"se": {Addr: "whois.iis.se:43"},
		"es": {Addr: "whois.nic.es:43"},
		"pl": {Addr: "whois.dns.pl:43"},
		"tw": {Addr: "whois.twnic.net.tw:43"},
		"hk": {Addr: "whois.hkirc.hk:43"},
		"sg": {Addr: "whois.sgnic.sg:43"},
		"in": {Addr: "whois.registry.in:43"},
		"br": {Addr: "whois.registro.br:43"},
		"mx": {Addr: "whois.mx:43"},
		"ca": {Addr: "whois.cira.ca:43"},
		"cc": {Addr: "ccwhois.verisign-grs.com:43"},
		"tv": {Addr: "whois.nic.tv:43"},
		"me": {Addr: "whois.nic.me:43"},
		"vn": {Addr: "whois.vnnic.vn:43"},
		"th": {Addr: "whois.thnic.co.th:43"},
		"id": {Addr: "whois.id:43"},
		"my": {Addr: "whois.mynic.my:43"},
		"nz": {Addr: "whois.irs.net.nz:43"},
		"za": {Addr: "whois.registry.net.za:43"},
	}
}

// Client queries WHOIS servers. The zero value uses DefaultServers; a
// Client is safe for concurrent use (it holds no mutable state).
type Client struct {
	// Servers replaces DefaultServers when non-nil.
	Servers map[string]Server
	// Overrides maps a TLD or suffix to host:port (CHECKMAIL_WHOIS_SERVERS).
	// An override keeps the built-in query format of its suffix.
	Overrides map[string]string
	// Dial opens connections; nil uses net.Dialer.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// MaxBytes bounds an answer; 0 means DefaultMaxBytes.
	MaxBytes int
	// Timeout bounds one query in addition to the context; 0 means DefaultTimeout.
	Timeout time.Duration
}

// ServerFor picks the server for domain: the longest suffix in Overrides
// or the table. The query format comes from the table.
func (c *Client) ServerFor(domain string) (Server, bool) {
	domain = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(domain)), ".")
	table := c.Servers
	if table == nil {
		table = DefaultServers()
	}
	labels := strings.Split(domain, ".")
	for i := range labels { // longest suffix first
		suffix := strings.Join(labels[i:], ".")
		addr, over := c.Overrides[suffix]
		s, inTable := table[suffix]
		if !over && !inTable {
			continue
		}
		if over {
			s.Addr = addr
			if !inTable {
				s.Format = formatFor(table, labels[i:])
			}
		}
		return s, true
	}
	return Server{}, false
}

// formatFor finds the query format of the nearest table suffix of labels.
func formatFor(table map[string]Server, labels []string) string {
	for i := range labels {
		if s, ok := table[strings.Join(labels[i:], ".")]; ok {
			return s.Format
		}
	}
	return ""
}

// Suffixes returns the configured suffixes, longest first (for docs and tests).
func (c *Client) Suffixes() []string {
	seen := map[string]bool{}
	table := c.Servers
	if table == nil {
		table = DefaultServers()
	}
	for k := range table {
		seen[k] = true
	}
	for k := range c.Overrides {
		seen[k] = true
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		li, lj := strings.Count(out[i], "."), strings.Count(out[j], ".")
		if li != lj {
			return li > lj
		}
		return out[i] < out[j]
	})
	return out
}

// Query sends query to addr and returns the answer, read until the server
// closes the connection, MaxBytes is exceeded (ErrTooLarge, with the bytes
// read so far) or the deadline passes.
func (c *Client) Query(ctx context.Context, addr, query string) ([]byte, error) {
	if strings.ContainsAny(query, "\r\n") {
		return nil, errors.New("whois: query contains a line break")
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	dial := c.Dial
	if dial == nil {
		var d net.Dialer
		dial = d.DialContext
	}
	conn, err := dial(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("whois %s: %w", addr, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	// Close the connection when the context ends, so a cancel (not only a
	// deadline) interrupts a blocked read.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if _, err := io.WriteString(conn, query+"\r\n"); err != nil {
		return nil, fmt.Errorf("whois %s: %w", addr, ctxErr(ctx, err))
	}
	max := c.MaxBytes
	if max <= 0 {
		max = DefaultMaxBytes
	}
	b, err := io.ReadAll(io.LimitReader(conn, int64(max)+1))
	if len(b) > max {
		return b[:max], fmt.Errorf("whois %s: %w (over %d bytes)", addr, ErrTooLarge, max)
	}
	if err != nil {
		return b, fmt.Errorf("whois %s: %w", addr, ctxErr(ctx, err))
	}
	return b, nil
}

// ctxErr prefers the context's error (deadline/cancel) over the I/O error
// it caused.
func ctxErr(ctx context.Context, err error) error {
	if ce := ctx.Err(); ce != nil {
		return ce
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return context.DeadlineExceeded
	}
	return err
}

// Domain looks up who registered name (a registrable domain such as
// "rakuten.co.jp").
func (c *Client) Domain(ctx context.Context, name string) (DomainInfo, error) {
	name = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".")
	if name == "" || strings.ContainsAny(name, " \t\r\n/") {
		return DomainInfo{}, fmt.Errorf("whois: bad domain %q", name)
	}
	srv, ok := c.ServerFor(name)
	if !ok {
		tld := name[strings.LastIndexByte(name, '.')+1:]
		return DomainInfo{}, fmt.Errorf("%w for .%s", ErrNoServer, tld)
	}
	format := srv.Format
	if format == "" || strings.Count(format, "%s") != 1 {
		format = "%s"
	}
	ans, err := c.Query(ctx, srv.Addr, fmt.Sprintf(format, name))
	if err != nil {
		return DomainInfo{}, err
	}
	info, err := Parse(ans)
	info.Server = srv.Addr
	return info, err
}
