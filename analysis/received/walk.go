package received

import (
	"fmt"
	"github.com/checkmail/checkmail/analysis/domain"
	"net/netip"
	"strings"
	"time"

	"github.com/checkmail/checkmail/analysis/authres"
)

// Trust describes the recipient's own infrastructure.
type Trust struct {
	// Networks are trusted address ranges (configured CIDRs of the
	// recipient's infrastructure). Private, loopback, link-local, CGNAT
	// (100.64.0.0/10) and unspecified addresses are always internal and
	// need not be listed.
	Networks []netip.Prefix
	// HostSuffixes are receiving hosts of the recipient's provider: a hop
	// whose by host matches was written by trusted infrastructure.
	// "x.com" matches x.com and its subdomains, ".x.com" and "*.x.com"
	// subdomains (see authres.MatchID).
	HostSuffixes []string
	// ProviderNetworks are a provider's own address space used between its
	// internal relays (Microsoft's 2603:1000::/24 IPv6 hops). A from address
	// in them is internal only when the from name also matches
	// ProviderHosts, because the same space hosts customer VMs.
	ProviderNetworks []netip.Prefix
	// ProviderHosts are the names of a provider's internal relays, e.g.
	// "*.prod.outlook.com". Outbound relays that hand mail to other
	// tenants ("*.outbound.protection.outlook.com") must not match.
	ProviderHosts []string
}

// DefaultTrust returns the inbound hosts of the big mailbox providers.
func DefaultTrust() Trust {
	return Trust{
		HostSuffixes: []string{
			"mx.google.com", "google.com",
			".protection.outlook.com", ".prod.outlook.com", ".outlook.office365.com", ".outlook.com",
			".prod.exchangelabs.com",
			".yahoo.com", ".yahoodns.net", ".aol.com",
			".icloud.com", ".me.com", ".mail.icloud.com",
			".messagingengine.com", // Fastmail
			".gmx.net", ".gmx.com", ".web.de",
			".protonmail.ch",
		},
		ProviderNetworks: []netip.Prefix{
			netip.MustParsePrefix("2603:1000::/24"), // Microsoft
			netip.MustParsePrefix("2a01:111::/32"),  // Microsoft (EOP)
		},
		ProviderHosts: []string{
			"*.prod.outlook.com", "*.prod.protection.outlook.com", "*.outlook.office365.com",
			"*.prod.exchangelabs.com",
		},
	}
}

// Headers gives all values of a header field, top (newest) first. It is
// satisfied by message.Header.
type Headers interface {
	Values(key string) []string
}

// Origin sources.
const (
	SourceReceived    = "received"
	SourceReceivedSPF = "received-spf"
	SourceGmail       = "gmail"
	SourceExchange    = "exchange"
)

// Chain is the walked Received chain.
type Chain struct {
	Hops []Hop // top (newest) first
	// Trusted per hop: written by the recipient's infrastructure. Hops
	// below the origin were written by the sender ("claimed").
	Trusted []bool
	// Delays per hop: this hop's time minus the time of the hop below; nil
	// when either time is unknown. Negative delays (clock skew, forged
	// dates) are kept negative.
	Delays []*time.Duration
	// Origin is the index of the origin hop, -1 when none.
	Origin   int
	OriginIP netip.Addr
	// Source says where OriginIP came from: "received" (the chain),
	// or, when the chain gave no address, "exchange", "gmail" or
	// "received-spf".
	Source string
	// Fallback is set when no hop was recognisably written by trusted
	// infrastructure and the origin is the topmost hop with a public
	// from address.
	Fallback bool
	// Checks are cross-check statements (agreements and disagreements
	// between the chain and the provider's stamps, notes on the walk).
	Checks []string
}

// special reports addresses that are internal everywhere: private,
// loopback, link-local, CGNAT (100.64.0.0/10), unspecified, unique-local.
func special(a netip.Addr) bool {
	return a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast() || a.IsUnspecified() ||
		cgnat.Contains(a) || a.IsLinkLocalMulticast() || a.IsMulticast()
}

var cgnat = netip.MustParsePrefix("100.64.0.0/10")

func inAny(a netip.Addr, ps []netip.Prefix) bool {
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func (t Trust) byTrusted(h Hop) bool {
	if h.By != "" && !strings.Contains(h.By, ":") && authres.MatchID(h.By, t.HostSuffixes) {
		return true
	}
	return h.ByIP.IsValid() && inAny(h.ByIP, t.Networks)
}

func (t Trust) providerName(h Hop) bool {
	return authres.MatchID(h.FromHost, t.ProviderHosts) || authres.MatchID(h.FromRDNS, t.ProviderHosts)
}

// fromInternal reports whether the connecting side of a hop is internal.
// A hop without a from clause (local pickup, Gmail's "by 2002:…" hops) is
// internal processing.
func (t Trust) fromInternal(h Hop) bool {
	if !h.HasFrom() {
		return true
	}
	if a := h.FromIP; a.IsValid() {
		if special(a) || inAny(a, t.Networks) {
			return true
		}
		return inAny(a, t.ProviderNetworks) && t.providerName(h)
	}
	return strings.EqualFold(h.FromHost, "localhost") || t.providerName(h)
}

// Walk parses the Received headers and picks the origin hop.
//
// From the top, hops without a from clause are skipped; a hop whose by
// host is trusted and whose from side is internal is the provider talking
// to itself; the first hop whose by is trusted and whose from is not is the
// origin. When the top hop's receiver is not recognised (a plain corporate
// Postfix, an unknown provider) or the walk leaves trusted hosts without a
// boundary, the fallback origin is the topmost hop (from where the walk
// stopped) with a public from address that is not in the trusted networks,
// and Fallback is set; hops whose receiver-recorded reverse DNS name shares
// the receiver's registered domain are skipped as the organisation's own
// relays. Configure Trust.Networks/HostSuffixes to do better.
// Hops from the top down to the origin are marked trusted.
//
// The provider's stamps then cross-check the result: Exchange's "(sender
// IP is X)" in the topmost id-less Authentication-Results, X-Sender-IP and
// X-MS-Exchange-Organization-OriginalClientIPAddress; Gmail's "designates
// X as permitted sender" in the topmost Authentication-Results when it is
// Google's; the topmost Received-SPF client-ip= (or the address its
// comment names). They only
// supply OriginIP when the chain gives none (Source says which).
func Walk(h Headers, trust Trust) Chain {
	vals := h.Values("Received")
	if len(vals) > MaxHops {
		vals = vals[:MaxHops]
	}
	c := Chain{Origin: -1}
	c.Hops = make([]Hop, len(vals))
	for i, v := range vals {
		c.Hops[i] = Parse(v)
	}
	n := len(c.Hops)
	c.Trusted = make([]bool, n)
	c.Delays = make([]*time.Duration, n)
	for i := 0; i+1 < n; i++ {
		a, b := c.Hops[i].Time, c.Hops[i+1].Time
		if !a.IsZero() && !b.IsZero() {
			d := a.Sub(b)
			c.Delays[i] = &d
		}
	}

	stop := 0 // first hop the walk did not vouch for
	entered := false
	for i, hop := range c.Hops {
		stop = i
		if !hop.HasFrom() {
			stop = i + 1
			continue
		}
		if !trust.byTrusted(hop) {
			break
		}
		entered = true
		if !trust.fromInternal(hop) {
			c.Origin = i
			break
		}
		stop = i + 1
	}
	if c.Origin < 0 {
		for i := stop; i < n; i++ {
			hop := c.Hops[i]
			if sameOrg(hop.FromRDNS, hop.By) {
				continue // a relay of the same organisation (mx01.x.com → imap.x.com)
			}
			if hop.FromIP.IsValid() && !trust.fromInternal(hop) {
				c.Origin = i
				c.Fallback = true
				break
			}
		}
		if c.Fallback {
			if entered {
				c.Checks = append(c.Checks, "the chain leaves the trusted hosts without a clear boundary: origin is the topmost public hop below them")
			} else {
				c.Checks = append(c.Checks, "no hop was written by recognised provider infrastructure: origin is the topmost hop with a public address")
			}
		}
	}
	last := stop - 1
	if c.Origin >= 0 {
		last = c.Origin
		c.OriginIP = c.Hops[c.Origin].FromIP
	}
	for i := 0; i <= last && i < n; i++ {
		c.Trusted[i] = true
	}
	if c.OriginIP.IsValid() {
		c.Source = SourceReceived
	}
	crossCheck(&c, h)
	return c
}

// sameOrg reports whether two host names share a registered domain
// (publicsuffix EffectiveTLDPlusOne). Only the receiver-recorded reverse
// DNS name is compared, never the HELO the client chose.
func sameOrg(a, b string) bool {
	if a == "" || b == "" || strings.Contains(b, ":") {
		return false
	}
	x := domain.Org(a)
	return x != "" && x == domain.Org(b)
}

type stamp struct {
	source, label string
	ip            netip.Addr
}

// stamps collects the provider's own records of the connecting IP.
func stamps(h Headers) []stamp {
	var out []stamp
	// Only the topmost Authentication-Results: lower ones were written
	// before the mail reached the recipient's provider.
	if ars := h.Values("Authentication-Results"); len(ars) > 0 {
		top := authres.Parse(ars[0])
		switch {
		case top.AuthservID == "":
			// Exchange: spf=pass (sender IP is 203.0.113.5)
			for _, r := range top.Results {
				if !strings.Contains(strings.ToLower(r.Comment), "sender ip is") {
					continue
				}
				if a, ok := authres.IPFromComment(r.Comment); ok {
					out = append(out, stamp{SourceExchange, "Exchange (sender IP is)", a})
					break
				}
			}
		case authres.MatchID(top.AuthservID, []string{"google.com"}):
			// Gmail: spf=pass (google.com: domain of x designates 192.0.2.1 as permitted sender)
			if r, ok := top.Find("spf"); ok {
				if a, ok := authres.IPFromComment(r.Comment); ok {
					out = append(out, stamp{SourceGmail, "Gmail Authentication-Results", a})
				}
			}
		}
	}
	for _, k := range []string{"X-Sender-IP", "X-MS-Exchange-Organization-OriginalClientIPAddress"} {
		if vs := h.Values(k); len(vs) > 0 {
			if a, ok := parseAddr(strings.TrimSpace(vs[0])); ok {
				out = append(out, stamp{SourceExchange, "Exchange " + k, a})
			}
		}
	}
	if vs := h.Values("Received-SPF"); len(vs) > 0 {
		spf := authres.ParseReceivedSPF(vs[0])
		if a, err := netip.ParseAddr(strings.Trim(spf.ClientIP, "[] ")); err == nil {
			out = append(out, stamp{SourceReceivedSPF, "Received-SPF client-ip", a.Unmap().WithZone("")})
		} else if a, ok := authres.IPFromComment(spf.Comment); ok {
			src := SourceReceivedSPF
			lc := strings.ToLower(spf.Comment)
			switch {
			case strings.Contains(lc, "google.com"):
				src = SourceGmail
			case strings.Contains(lc, "outlook.com"):
				src = SourceExchange
			}
			out = append(out, stamp{src, "Received-SPF", a})
		}
	}
	return out
}

func crossCheck(c *Chain, h Headers) {
	st := stamps(h)
	if !c.OriginIP.IsValid() {
		// No address from the chain: take the provider's stamp,
		// Exchange first, then Gmail, then Received-SPF.
		for _, want := range []string{SourceExchange, SourceGmail, SourceReceivedSPF} {
			for _, s := range st {
				if s.source == want {
					c.OriginIP, c.Source = s.ip, s.source
					c.Checks = append(c.Checks, fmt.Sprintf("origin IP %s taken from %s: the Received chain gives none", s.ip, s.label))
					break
				}
			}
			if c.OriginIP.IsValid() {
				break
			}
		}
	}
	seen := map[string]bool{}
	for _, s := range st {
		var msg string
		switch {
		case c.Source != SourceReceived:
			continue
		case s.ip == c.OriginIP:
			msg = s.label + " agrees"
		default:
			msg = fmt.Sprintf("%s %s differs from Received %s", s.label, s.ip, c.OriginIP)
		}
		if !seen[msg] {
			seen[msg] = true
			c.Checks = append(c.Checks, msg)
		}
	}
}
