// Package dnsauth is checkmail's own DNS-based authentication check:
// DKIM re-verification (go-msgauth), the From domain's DMARC policy and
// SPF for the origin IP (blitiri.com.ar/go/spf), compared with what the
// receiving server recorded. DNS goes through a Resolver: miekg/dns
// against a configured server, or the system resolver.
package dnsauth

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// Resolver is the DNS interface SPF, DKIM and DMARC need. Errors are
// *net.DNSError with IsNotFound or IsTemporary set, as the standard
// library's, so the SPF and DKIM libraries classify them correctly.
// *net.Resolver implements it.
type Resolver interface {
	LookupTXT(ctx context.Context, name string) ([]string, error)
	LookupMX(ctx context.Context, name string) ([]*net.MX, error)
	LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error)
	LookupAddr(ctx context.Context, addr string) ([]string, error)
}

// NewResolver returns a miekg/dns resolver for addr (host:port), or the
// system resolver when addr is empty.
func NewResolver(addr string) Resolver {
	if addr == "" {
		return &net.Resolver{}
	}
	return &DNSResolver{Addr: addr}
}

// Limits of DNSResolver.
const (
	DefaultDNSTimeout = 2 * time.Second
	maxAnswers        = 64
	maxTXTBytes       = 16 << 10
)

// DNSResolver asks one DNS server over UDP, retrying over TCP when the
// answer is truncated. The zero value needs only Addr. Safe for concurrent
// use.
type DNSResolver struct {
	Addr    string
	Timeout time.Duration // per exchange; 0 = DefaultDNSTimeout
}

func (r *DNSResolver) exchange(ctx context.Context, name string, qtype uint16) ([]dns.RR, error) {
	fqdn := dns.Fqdn(strings.TrimSpace(name))
	if _, ok := dns.IsDomainName(fqdn); !ok || len(fqdn) > 254 {
		return nil, &net.DNSError{Err: "invalid domain name", Name: name, IsNotFound: true}
	}
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = DefaultDNSTimeout
	}
	m := new(dns.Msg)
	m.SetQuestion(fqdn, qtype)
	m.SetEdns0(1232, false)
	var in *dns.Msg
	var err error
	for _, network := range []string{"udp", "tcp"} {
		c := &dns.Client{Net: network, Timeout: timeout}
		in, _, err = c.ExchangeContext(ctx, m, r.Addr)
		if err != nil {
			break
		}
		if !in.Truncated {
			break
		}
	}
	if err != nil {
		timeoutErr := ctx.Err() != nil
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			timeoutErr = true
		}
		return nil, &net.DNSError{Err: err.Error(), Name: name, Server: r.Addr, IsTimeout: timeoutErr, IsTemporary: true}
	}
	switch in.Rcode {
	case dns.RcodeSuccess:
	case dns.RcodeNameError:
		return nil, &net.DNSError{Err: "no such host", Name: name, Server: r.Addr, IsNotFound: true}
	default:
		return nil, &net.DNSError{Err: "server answered " + dns.RcodeToString[in.Rcode], Name: name, Server: r.Addr, IsTemporary: in.Rcode == dns.RcodeServerFailure}
	}
	var out []dns.RR
	for _, rr := range in.Answer {
		if rr.Header().Rrtype == qtype && len(out) < maxAnswers {
			out = append(out, rr)
		}
	}
	if len(out) == 0 {
		return nil, &net.DNSError{Err: "no such host", Name: name, Server: r.Addr, IsNotFound: true}
	}
	return out, nil
}

// LookupTXT returns the TXT records of name, each record's strings joined.
func (r *DNSResolver) LookupTXT(ctx context.Context, name string) ([]string, error) {
	rrs, err := r.exchange(ctx, name, dns.TypeTXT)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(rrs))
	for _, rr := range rrs {
		s := strings.Join(rr.(*dns.TXT).Txt, "")
		if len(s) > maxTXTBytes {
			return nil, &net.DNSError{Err: fmt.Sprintf("TXT record over %d bytes", maxTXTBytes), Name: name, Server: r.Addr}
		}
		out = append(out, s)
	}
	return out, nil
}

// LookupMX returns the MX records of name.
func (r *DNSResolver) LookupMX(ctx context.Context, name string) ([]*net.MX, error) {
	rrs, err := r.exchange(ctx, name, dns.TypeMX)
	if err != nil {
		return nil, err
	}
	out := make([]*net.MX, 0, len(rrs))
	for _, rr := range rrs {
		mx := rr.(*dns.MX)
		out = append(out, &net.MX{Host: mx.Mx, Pref: mx.Preference})
	}
	return out, nil
}

// LookupIPAddr returns the A and AAAA records of host.
func (r *DNSResolver) LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error) {
	var out []net.IPAddr
	var firstErr error
	for _, t := range []uint16{dns.TypeA, dns.TypeAAAA} {
		rrs, err := r.exchange(ctx, host, t)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		for _, rr := range rrs {
			switch v := rr.(type) {
			case *dns.A:
				out = append(out, net.IPAddr{IP: v.A})
			case *dns.AAAA:
				out = append(out, net.IPAddr{IP: v.AAAA})
			}
		}
	}
	if len(out) == 0 {
		return nil, firstErr
	}
	return out, nil
}

// LookupAddr returns the PTR names of addr.
func (r *DNSResolver) LookupAddr(ctx context.Context, addr string) ([]string, error) {
	rev, err := dns.ReverseAddr(addr)
	if err != nil {
		return nil, &net.DNSError{Err: err.Error(), Name: addr}
	}
	rrs, err := r.exchange(ctx, rev, dns.TypePTR)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(rrs))
	for _, rr := range rrs {
		out = append(out, rr.(*dns.PTR).Ptr)
	}
	return out, nil
}
