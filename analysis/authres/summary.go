package authres

import (
	"github.com/checkmail/checkmail/analysis/domain"
	"net/netip"
	"strings"
)

// Headers gives all values of a header field, top (newest) first. It is
// satisfied by message.Header and by received.Headers implementations.
type Headers interface {
	Values(key string) []string
}

// maxHeaders bounds how many Authentication-Results are read per message.
const maxHeaders = 50

// Summary is the authentication verdict recorded by one provider.
type Summary struct {
	AuthservID string
	// Trusted: the results come from a trusted authserv-id (the recipient's
	// provider), or from Microsoft's id-less header at the top carrying
	// Exchange markers. When false, the other fields come from the topmost
	// Authentication-Results, which anyone on the path (including the
	// sender) may have written: show them as claimed, never rely on them.
	Trusted     bool
	SPF         string   // result value, "" when absent
	SPFDomain   string   // smtp.mailfrom domain (or smtp.helo)
	DKIM        string   // best DKIM result: pass if any pass, else the first
	DKIMPassed  []string // domains of passing signatures (header.d, or header.i=@domain)
	DKIMDomains []string // every DKIM domain mentioned
	DMARC       string
	DMARCPolicy string // published policy (p= / policy.published-domain-policy), lower-case
	DMARCAction string // Microsoft's action= (what was done), lower-case
	HeaderFrom  string // header.from, lower-case
	ARC         string // arc= from the trusted header, else from the top ARC-Authentication-Results
	CompAuth    string // Microsoft compauth=
	// CompAuthReason is Microsoft's compauth reason code (e.g. "001", "109").
	CompAuthReason string
	// SenderIP is from "(sender IP is X)" or "designates X as permitted
	// sender" in the chosen header; zero if none.
	SenderIP netip.Addr
	// Results are the results the summary was built from.
	Results []Result
}

// DefaultTrustedIDs are the authserv-ids of the big mailbox providers.
// A pattern "*.x.com" matches subdomains of x.com; a plain "x.com" matches
// x.com itself and its subdomains.
func DefaultTrustedIDs() []string {
	return []string{
		"mx.google.com", "google.com",
		"*.protection.outlook.com", "outlook.com", "mx.microsoft.com",
		"*.yahoo.com", "*.yahoodns.net", "*.aol.com",
		"icloud.com", "me.com",
		"messagingengine.com", // Fastmail
		"gmx.net", "gmx.com", "web.de",
		"zohomail.com", "zoho.com",
		"protonmail.ch",
	}
}

// MatchID reports whether an authserv-id (or host name) matches one of the
// patterns: "*.x.com" matches strict subdomains, "x.com" (or ".x.com")
// matches x.com and its subdomains. Comparison ignores case and a trailing dot.
func MatchID(id string, patterns []string) bool {
	id = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(id)), ".")
	if id == "" {
		return false
	}
	for _, p := range patterns {
		p = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(p)), ".")
		switch {
		case p == "" || p == "*" || p == "*.":
			continue
		case strings.HasPrefix(p, "*."):
			if strings.HasSuffix(id, p[1:]) {
				return true
			}
		case strings.HasPrefix(p, "."):
			if id == p[1:] || strings.HasSuffix(id, p) {
				return true
			}
		default:
			if id == p || strings.HasSuffix(id, "."+p) {
				return true
			}
		}
	}
	return false
}

// exchangeMarked reports whether an id-less header looks like Exchange
// Online's: a "sender IP is" comment or a compauth result.
func exchangeMarked(h Header) bool {
	for _, r := range h.Results {
		if r.Method == "compauth" || strings.Contains(strings.ToLower(r.Comment), "sender ip is") {
			return true
		}
	}
	return false
}

// Summarize picks the Authentication-Results written by the recipient's
// provider and summarizes it.
//
// Trust rule: walking the headers top first, the first one whose
// authserv-id matches trustedIDs is chosen. Microsoft writes no
// authserv-id: an id-less header counts only when it is the topmost
// Authentication-Results and carries Exchange markers ("sender IP is" or
// compauth=). Headers further down were written before the mail reached
// the provider (by the sender or a relay) and are ignored, so a forged
// "dkim=pass header.d=paypal.com" below the provider's header never counts.
// Providers that split results over several headers with distinct ids
// (iCloud: spf.icloud.com, dkim-verifier.icloud.com, dmarc.icloud.com) are
// merged while the following headers are trusted, share the registered
// domain and repeat no id or method already seen.
//
// When no header is trusted, the summary is built from the topmost
// Authentication-Results with Trusted false.
func Summarize(h Headers, trustedIDs []string) Summary {
	vals := h.Values("Authentication-Results")
	if len(vals) > maxHeaders {
		vals = vals[:maxHeaders]
	}
	parsed := make([]Header, len(vals))
	for i, v := range vals {
		parsed[i] = Parse(v)
	}
	var s Summary
	chosen := -1
	for i, p := range parsed {
		if p.AuthservID != "" && MatchID(p.AuthservID, trustedIDs) {
			chosen = i
			break
		}
		if i == 0 && p.AuthservID == "" && exchangeMarked(p) {
			chosen = i
			break
		}
	}
	var results []Result
	switch {
	case chosen >= 0:
		s.Trusted = true
		s.AuthservID = parsed[chosen].AuthservID
		results = append(results, parsed[chosen].Results...)
		results = mergeSplit(results, parsed, chosen, trustedIDs)
	case len(parsed) > 0:
		s.AuthservID = parsed[0].AuthservID
		results = parsed[0].Results
	}
	s.Results = results
	fill(&s, results)
	if s.ARC == "" {
		s.ARC = topARC(h)
	}
	return s
}

// mergeSplit appends the results of the headers following chosen that
// belong to the same provider (see Summarize).
func mergeSplit(results []Result, parsed []Header, chosen int, trustedIDs []string) []Result {
	base := domain.Org(parsed[chosen].AuthservID)
	if base == "" {
		return results
	}
	ids := map[string]bool{parsed[chosen].AuthservID: true}
	methods := map[string]bool{}
	for _, r := range results {
		methods[r.Method] = true
	}
	for _, p := range parsed[chosen+1:] {
		if p.AuthservID == "" || ids[p.AuthservID] || !MatchID(p.AuthservID, trustedIDs) || domain.Org(p.AuthservID) != base {
			break
		}
		for _, r := range p.Results {
			if methods[r.Method] {
				return results
			}
		}
		ids[p.AuthservID] = true
		for _, r := range p.Results {
			methods[r.Method] = true
		}
		results = append(results, p.Results...)
	}
	return results
}

// topARC returns the arc= result of the ARC-Authentication-Results with the
// highest instance (the newest).
func topARC(h Headers) string {
	vals := h.Values("ARC-Authentication-Results")
	if len(vals) > maxHeaders {
		vals = vals[:maxHeaders]
	}
	best, bestI := "", -1
	for _, v := range vals {
		p := Parse(v)
		if r, ok := p.Find("arc"); ok && p.Instance > bestI {
			best, bestI = r.Value, p.Instance
		}
	}
	return best
}

func fill(s *Summary, results []Result) {
	seenD := map[string]bool{}
	seenP := map[string]bool{}
	for _, r := range results {
		switch r.Method {
		case "spf":
			if s.SPF != "" {
				continue
			}
			s.SPF = r.Value
			if d := domainOf(r.Props["smtp.mailfrom"]); d != "" {
				s.SPFDomain = d
			} else {
				s.SPFDomain = domainOf(r.Props["smtp.helo"])
			}
		case "dkim":
			if s.DKIM == "" || (r.Value == "pass" && s.DKIM != "pass") {
				s.DKIM = r.Value
			}
			d := domainOf(r.Props["header.d"])
			if d == "" {
				d = domainOf(r.Props["header.i"])
			}
			if d == "" {
				continue
			}
			if !seenD[d] && len(s.DKIMDomains) < 32 {
				seenD[d] = true
				s.DKIMDomains = append(s.DKIMDomains, d)
			}
			if r.Value == "pass" && !seenP[d] && len(s.DKIMPassed) < 32 {
				seenP[d] = true
				s.DKIMPassed = append(s.DKIMPassed, d)
			}
		case "dmarc":
			if s.DMARC != "" {
				continue
			}
			s.DMARC = r.Value
			s.DMARCPolicy = strings.ToLower(firstNonEmpty(r.Props["policy.published-domain-policy"], r.Props["p"], commentValue(r.Comment, "p")))
			s.DMARCAction = strings.ToLower(r.Props["action"])
			if hf := domainOf(r.Props["header.from"]); hf != "" {
				s.HeaderFrom = hf
			}
		case "arc":
			if s.ARC == "" {
				s.ARC = r.Value
			}
		case "compauth":
			if s.CompAuth == "" {
				s.CompAuth = r.Value
				s.CompAuthReason = r.Reason
			}
		}
		if s.HeaderFrom == "" {
			s.HeaderFrom = domainOf(r.Props["header.from"])
		}
		if !s.SenderIP.IsValid() && r.Comment != "" {
			if a, ok := IPFromComment(r.Comment); ok {
				s.SenderIP = a
			}
		}
	}
}

// domainOf returns the lower-case domain of "user@domain", "@domain" or
// "domain"; "" for empty values and Microsoft's "none".
func domainOf(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.LastIndexByte(v, '@'); i >= 0 {
		v = v[i+1:]
	}
	v = strings.ToLower(strings.Trim(v, "<>.\" "))
	if v == "none" || v == "" || len(v) > 253 || strings.ContainsAny(v, " \t()") {
		return ""
	}
	return v
}

// commentValue finds key=value inside comment text, e.g. p=REJECT in
// Gmail's "(p=REJECT sp=REJECT dis=NONE)".
func commentValue(c, key string) string {
	for _, f := range strings.FieldsFunc(c, func(r rune) bool { return r == ' ' || r == ';' || r == ',' }) {
		k, v, ok := strings.Cut(f, "=")
		if ok && strings.EqualFold(k, key) {
			return v
		}
	}
	return ""
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
