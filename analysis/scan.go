package analysis

import (
	"context"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/checkmail/checkmail/analysis/attachments"
	"github.com/checkmail/checkmail/analysis/authres"
	"github.com/checkmail/checkmail/analysis/brands"
	"github.com/checkmail/checkmail/analysis/identity"
	"github.com/checkmail/checkmail/analysis/links"
	"github.com/checkmail/checkmail/analysis/lookup"
	"github.com/checkmail/checkmail/analysis/message"
	"github.com/checkmail/checkmail/analysis/received"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/analysis/verdict"
)

// scan holds one analysis in progress: the parsed message, the report being
// filled and the facts for the verdict.
type scan struct {
	a     *Analyzer
	msg   *message.Message
	raw   []byte
	rep   *report.Report
	facts verdict.Facts
	ids   identity.Identities
	chain received.Chain
	auth  authres.Summary
	body  string // visible text of the body, bounded, for lures
}

func (a *Analyzer) newScan(msg *message.Message, raw []byte, o Options) *scan {
	return &scan{a: a, msg: msg, raw: raw, rep: &report.Report{
		File:        o.File,
		Hops:        []report.Hop{},
		Domains:     []report.Domain{},
		Links:       []report.Link{},
		Attachments: []report.Attachment{},
		Lookups:     []report.Lookup{},
		Sender:      report.Sender{DKIMDomains: []string{}},
	}}
}

func (s *scan) collect() {
	h := s.msg.Header
	rep := s.rep
	rep.Subject = message.DecodeHeader(h.Get("Subject"))
	rep.Date = strings.TrimSpace(h.Get("Date"))
	rep.MessageID = strings.TrimSpace(h.Get("Message-ID"))
	rep.Input = report.Input{Kind: s.msg.Kind, Unwrapped: s.msg.Unwrapped, Size: s.msg.Size, HasBody: s.msg.HasBody}
	rep.Notes = append(rep.Notes, s.msg.Notes...)

	s.collectChain()
	s.collectAuth()
	s.collectSender()
	s.collectBody()
	s.collectOrigin()
	s.collectBrands()
	s.collectTricks()
	s.collectDomains()
	if len(s.chain.Hops) == 0 {
		rep.Notes = append(rep.Notes, "no Received headers: the route the mail took is unknown (a forward or a paste without them?)")
	}
}

func (s *scan) collectChain() {
	s.chain = received.Walk(s.msg.Header, s.a.deps.Trust)
	s.rep.Hops = s.chain.ReportHops()
	s.rep.Origin = s.chain.ReportOrigin()
}

func (s *scan) collectAuth() {
	trusted := append(authres.DefaultTrustedIDs(), s.a.deps.TrustedAuthserv...)
	s.auth = authres.Summarize(s.msg.Header, trusted)
	s.rep.Auth = s.auth.ReportAuth()
	s.facts.CompAuth = s.auth.CompAuth
	s.facts.Provider = providerRating(s.msg.Header, s.chain)
	s.facts.FilterFlag = filterFlag(s.msg.Header)
}

func (s *scan) collectSender() {
	s.ids = identity.Extract(s.msg.Header, message.DecodeHeader)
	id := s.ids
	s.rep.Sender = report.Sender{
		From:             id.From,
		FromDomain:       id.FromDomain,
		DisplayName:      id.DisplayName,
		Sender:           id.Sender,
		ReplyTo:          id.ReplyTo,
		ReplyToDomain:    id.ReplyToDomain,
		ReturnPath:       id.ReturnPath,
		ReturnPathDomain: id.ReturnPathDomain,
		MessageIDDomain:  id.MessageIDDomain,
		DKIMDomains:      append([]string{}, id.DKIMDomains...),
		Mismatches:       id.Mismatches(),
	}
	auth := &s.rep.Auth
	if auth.Trusted {
		auth.Aligned.SPF = auth.SPF == "pass" && identity.Aligned(auth.SPFDomain, id.FromDomain)
		for _, d := range auth.DKIMPassed {
			if identity.Aligned(d, id.FromDomain) {
				auth.Aligned.DKIM = true
			}
		}
	}
	dmarcOK := auth.DMARC == "pass" || auth.DMARC == "bestguesspass"
	if auth.Trusted && s.auth.HeaderFrom != "" && !identity.Aligned(s.auth.HeaderFrom, id.FromDomain) {
		// The recorded DMARC result is about another From than ours.
		dmarcOK = false
	}
	s.facts.Authenticated = auth.Trusted && id.FromDomain != "" && (dmarcOK || auth.Aligned.SPF || auth.Aligned.DKIM)
	s.facts.FromOrg = identity.OrgDomain(id.FromDomain)
	s.facts.Bounce = isBounce(s.msg.Header, id.From)
	s.facts.FreemailFrom = s.a.deps.Brands.IsFreemail(id.FromDomain)
	s.facts.FreemailReply = s.a.deps.Brands.IsFreemail(id.ReplyToDomain)
	if lid := s.msg.Header.Get("List-Id"); lid != "" && (s.msg.Header.Get("List-Post") != "" || s.msg.Header.Get("List-Archive") != "" || s.msg.Header.Get("List-Help") != "") {
		s.facts.ListID = listID(lid)
	}
}

func (s *scan) collectBody() {
	res := links.Extract(s.msg.Text, s.msg.HTML, links.Options{})
	s.rep.Links = append(s.rep.Links, res.Links...)
	if res.Truncated > 0 {
		s.rep.Notes = append(s.rep.Notes, "more links than shown: "+strconv.Itoa(res.Truncated)+" not listed")
	}
	for _, p := range s.msg.Attachments {
		s.rep.Attachments = append(s.rep.Attachments, attachments.Inspect(p.Name, p.ContentType, p.Data))
	}
	s.body = visibleText(s.msg, 64<<10)
	body := s.body
	if s.facts.Bounce {
		body = "" // the lures of a bounced original are not the bounce's
	}
	for _, h := range s.a.deps.Lures.Find(s.rep.Subject, body) {
		if h.Weak {
			continue // words honest mail uses as much ("password", "invoice")
		}
		s.facts.Lures = append(s.facts.Lures, verdict.LureFact{Kind: h.Kind, Phrase: h.Phrase})
	}
}

// collectBrands finds the brands the mail names and whether the sender and
// the links belong to them, and the domains that imitate a brand.
func (s *scan) collectBrands() {
	t := s.a.deps.Brands
	from := s.facts.FromOrg
	originOrg := identity.OrgDomain(s.facts.OriginHost)
	seen := map[string]bool{}
	add := func(b *brands.Brand, where, evidence string) {
		if b == nil || seen[b.ID] {
			return
		}
		seen[b.ID] = true
		// A free-mail user is not the company that runs the free-mail
		// service: "Google Security <x@gmail.com>" is not Google.
		bf := verdict.BrandFact{ID: b.ID, Name: b.Name, NameJA: b.NameJA, Where: where,
			SenderIsBrand: from != "" && t.OwnsSender(b, from),
			OriginIsBrand: originOrg != "" && t.Owns(b, originOrg)}
		for _, l := range s.rep.Links {
			switch {
			case l.Domain == "" || t.IsESP(l.Domain):
			case t.Owns(b, l.Domain):
				bf.LinksToBrand++
			default:
				bf.LinksOther++
				if len(bf.OtherDomains) < 3 && !slices.Contains(bf.OtherDomains, l.Domain) {
					bf.OtherDomains = append(bf.OtherDomains, l.Domain)
				}
			}
		}
		s.facts.Brands = append(s.facts.Brands, bf)
		s.rep.Brands = append(s.rep.Brands, report.BrandMatch{Brand: b.Name, Where: where, Evidence: evidence, Authentic: bf.SenderIsBrand && s.facts.Authenticated})
	}
	for _, h := range t.Find(s.ids.DisplayName) {
		add(h.Brand, "display_name", h.Match)
	}
	if spaced := collapseSpaced(s.ids.DisplayName); spaced != "" {
		for _, h := range t.Find(spaced) {
			add(h.Brand, "display_name", h.Match)
		}
	}
	for _, h := range t.Find(s.rep.Subject) {
		add(h.Brand, "subject", h.Match)
	}
	if !s.facts.FreemailFrom {
		add(t.OwnerOf(from), "from_domain", from)
	}
	for _, l := range s.rep.Links {
		if l.TextDomain != "" {
			add(t.OwnerOf(l.TextDomain), "link_text", l.TextDomain)
		}
	}

	// Look-alike domains, one finding per domain.
	type roleDomain struct{ role, domain string }
	cands := []roleDomain{{report.RoleFrom, s.ids.FromDomain}, {report.RoleReplyTo, s.ids.ReplyToDomain}, {report.RoleReturnPath, s.ids.ReturnPathDomain}}
	for _, d := range s.ids.DKIMDomains {
		cands = append(cands, roleDomain{report.RoleDKIM, d})
	}
	for _, l := range s.rep.Links {
		if !l.IPLiteral {
			cands = append(cands, roleDomain{report.RoleLink, l.Domain})
		}
	}
	done := map[string]bool{}
	for _, c := range cands {
		if c.domain == "" || done[c.domain] {
			continue
		}
		done[c.domain] = true
		if looks := t.Lookalikes(c.domain); len(looks) > 0 {
			s.facts.Lookalikes = append(s.facts.Lookalikes, verdict.LookalikeFact{Domain: c.domain, Role: c.role, Brand: looks[0].Brand.Name, Kind: looks[0].Kind})
		}
		if tldAbused(c.domain) && len(s.facts.SuspiciousTLD) < 3 {
			s.facts.SuspiciousTLD = append(s.facts.SuspiciousTLD, c.domain)
		}
	}

	// Links: which mismatches matter, and whether all go to the sender.
	own, counted := true, 0
	for _, l := range s.rep.Links {
		if l.Domain == "" || t.IsESP(l.Domain) {
			continue
		}
		counted++
		if !s.linkBelongsToSender(l.Domain) {
			own = false
		} else {
			s.facts.LinksToSender++
		}
		if l.Mismatch && !t.IsESP(l.TextDomain) && !sameOwner(t, l.Domain, l.TextDomain) {
			s.facts.MismatchedLinks = append(s.facts.MismatchedLinks, l)
		}
	}
	s.facts.LinksOwn = own && counted > 0
}

func (s *scan) linkBelongsToSender(d string) bool {
	if identity.Aligned(d, s.facts.FromOrg) {
		return true
	}
	owner := s.a.deps.Brands.OwnerOf(d)
	return owner != nil && s.facts.FromOrg != "" && s.a.deps.Brands.Owns(owner, s.facts.FromOrg)
}

func sameOwner(t *brands.Table, a, b string) bool {
	if identity.Aligned(a, b) {
		return true
	}
	oa := t.OwnerOf(a)
	return oa != nil && t.Owns(oa, b)
}

// collectDomains lists the organizational domains involved, most relevant
// first: those that speak for the sender, then links.
func (s *scan) collectDomains() {
	index := map[string]int{}
	add := func(d, role string) {
		org := identity.OrgDomain(d)
		if org == "" || strings.IndexByte(org, '.') < 0 {
			return
		}
		if _, err := netip.ParseAddr(org); err == nil {
			return
		}
		i, ok := index[org]
		if !ok {
			if len(s.rep.Domains) >= maxDomains {
				return
			}
			i = len(s.rep.Domains)
			index[org] = i
			s.rep.Domains = append(s.rep.Domains, report.Domain{Name: org, Roles: []string{}})
		}
		if !slices.Contains(s.rep.Domains[i].Roles, role) {
			s.rep.Domains[i].Roles = append(s.rep.Domains[i].Roles, role)
		}
	}
	add(s.ids.FromDomain, report.RoleFrom)
	add(s.ids.ReplyToDomain, report.RoleReplyTo)
	add(s.ids.ReturnPathDomain, report.RoleReturnPath)
	for _, d := range s.ids.DKIMDomains {
		add(d, report.RoleDKIM)
	}
	for _, l := range s.facts.MismatchedLinks {
		add(l.Domain, report.RoleLink)
	}
	for _, l := range s.rep.Links {
		if !s.a.deps.Brands.IsESP(l.Domain) {
			add(l.Domain, report.RoleLink)
		}
	}
	add(s.ids.MessageIDDomain, report.RoleMessageID)
}

// maxDomains caps the domains listed in a report.
const maxDomains = 20

func (s *scan) lookups(ctx context.Context, l Lookuper, offline bool) {
	req := lookup.Request{
		OriginIP:   s.chain.OriginIP,
		Raw:        s.raw,
		FromDomain: s.ids.FromDomain,
		MailFrom:   s.ids.ReturnPath,
		Recorded:   s.rep.Auth,
		Offline:    offline,
	}
	req.BodyMissing = !s.msg.HasBody
	if s.chain.Origin >= 0 && s.chain.Origin < len(s.chain.Hops) {
		req.Helo = s.chain.Hops[s.chain.Origin].Helo
	}
	for _, d := range s.rep.Domains {
		req.Domains = append(req.Domains, lookup.DomainRequest{Name: d.Name, Roles: d.Roles})
	}
	res := l.Run(ctx, req)
	if s.rep.Origin != nil {
		s.rep.Origin.Geo, s.rep.Origin.ASN, s.rep.Origin.Network = res.Geo, res.ASN, res.Network
	}
	for _, d := range res.Domains {
		for i := range s.rep.Domains {
			if s.rep.Domains[i].Name == d.Name {
				roles := s.rep.Domains[i].Roles
				s.rep.Domains[i] = d
				s.rep.Domains[i].Roles = roles
			}
		}
	}
	s.rep.Auth.Own = res.Own
	s.rep.Lookups = append(s.rep.Lookups, res.Lookups...)
	s.facts.Domains = s.rep.Domains
	s.facts.Own = res.Own
	s.collectRegistrants()
}

// collectRegistrants compares domain owners with the brands the mail names.
func (s *scan) collectRegistrants() {
	t := s.a.deps.Brands
	var claimed []*brands.Brand
	for _, bf := range s.facts.Brands {
		if b := t.ByID(bf.ID); b != nil && (bf.Where == "display_name" || bf.Where == "subject" || bf.Where == "link_text") {
			claimed = append(claimed, b)
		}
	}
	if len(claimed) == 0 {
		return
	}
	for _, d := range s.facts.Domains {
		if d.Registrant == "" || redacted(d.Registrant) || slices.Equal(d.Roles, []string{report.RoleMessageID}) {
			continue
		}
		if t.IsESP(d.Name) {
			continue
		}
		b := claimed[0]
		if registrantIs(d.Registrant, b) || t.Owns(b, d.Name) && registrantIsGroup(t, d.Registrant, b) {
			s.facts.RegistrantMatches = append(s.facts.RegistrantMatches, verdict.Registration{Domain: d.Name, Registrant: d.Registrant, Brand: b.Name})
		} else if !t.Owns(b, d.Name) {
			s.facts.RegistrantForeign = append(s.facts.RegistrantForeign, verdict.Registration{Domain: d.Name, Registrant: d.Registrant, Brand: b.Name})
		}
	}
}

func registrantIs(registrant string, b *brands.Brand) bool {
	r := strings.ToLower(registrant)
	for _, n := range append([]string{b.Name, b.NameJA}, b.Names...) {
		if n = strings.ToLower(n); len(n) >= 3 && strings.Contains(r, n) {
			return true
		}
	}
	return false
}

// registrantIsGroup: the registrant is the brand's parent group.
func registrantIsGroup(t *brands.Table, registrant string, b *brands.Brand) bool {
	p := t.ByID(b.Parent)
	return p != nil && registrantIs(registrant, p)
}

func redacted(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "redacted") || strings.Contains(l, "not disclosed") || strings.Contains(l, "data protected")
}

func (s *scan) decide() {
	s.facts.Sender = s.rep.Sender
	s.facts.Auth = s.rep.Auth
	s.facts.Links = s.rep.Links
	s.facts.Attachments = s.rep.Attachments
	if s.facts.Domains == nil {
		s.facts.Domains = s.rep.Domains
	}
	s.rep.Verdict = verdict.Decide(&s.facts)
}

func notConfigured(offline bool) []report.Lookup {
	reason := "lookups are not configured"
	if offline {
		reason = "offline"
	}
	var out []report.Lookup
	for _, k := range []string{"geoip", "rdap", "whois", "dns"} {
		out = append(out, report.Lookup{Kind: k, Status: report.StatusSkipped, Error: reason})
	}
	return out
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func listID(v string) string {
	if i := strings.IndexByte(v, '<'); i >= 0 {
		v = v[i+1:]
		if j := strings.IndexByte(v, '>'); j >= 0 {
			v = v[:j]
		}
	}
	return strings.TrimSpace(v)
}

// collectOrigin notes who the origin host is.
func (s *scan) collectOrigin() {
	if o := s.rep.Origin; o != nil {
		s.facts.HasOrigin = true
		s.facts.OriginHost = o.Host
		s.facts.OriginESP = s.a.deps.Brands.IsESP(o.Host)
	}
}

// collectTricks notes the tricks mass mailings use to slip past filters.
func (s *scan) collectTricks() {
	s.facts.MixedScript = firstNonEmpty(mixedScriptWord(s.rep.Subject), mixedScriptWord(s.ids.DisplayName))
	s.facts.RandomToken = randomToken(s.rep.Subject)
	s.facts.HashBuster = hashBuster(s.body)
	// A tenant of a hosting platform (x.onmicrosoft.com) is as open to
	// anyone as a free-mail address.
	if s.facts.FreemailFrom || s.a.deps.Brands.IsHosted(s.ids.FromDomain) {
		s.facts.FreemailOrg = orgDisplayName(s.ids.DisplayName)
	}
}
