package analysis

import (
	"context"
	"github.com/checkmail/checkmail/analysis/infra"
	"github.com/checkmail/checkmail/analysis/obfuscation"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/checkmail/checkmail/analysis/attachments"
	"github.com/checkmail/checkmail/analysis/authres"
	"github.com/checkmail/checkmail/analysis/brands"
	"github.com/checkmail/checkmail/analysis/brands/phrase"
	"github.com/checkmail/checkmail/analysis/claims"
	"github.com/checkmail/checkmail/analysis/domain"
	"github.com/checkmail/checkmail/analysis/evidence"
	"github.com/checkmail/checkmail/analysis/identity"
	"github.com/checkmail/checkmail/analysis/links"
	"github.com/checkmail/checkmail/analysis/lookup"
	"github.com/checkmail/checkmail/analysis/message"
	"github.com/checkmail/checkmail/analysis/received"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/analysis/team"
)

// Each stage takes explicit inputs and returns one typed result. Data flows
// one way: parse → identities, chain, auth, body → claims → domains →
// lookups → ownership → Evidence → verdict → Report.

// identityStage reads the sender identities.
func identityStage(h message.Header) identity.Identities {
	return identity.Extract(h, message.DecodeHeader)
}

// authStage reads what the recipient's provider recorded and whether it
// vouches for From.
func authStage(h message.Header, ids identity.Identities, trusted []string) evidence.Auth {
	sum := authres.Summarize(h, trusted)
	rec := sum.ReportAuth()
	if rec.Trusted {
		rec.Aligned.SPF = rec.SPF == "pass" && domain.Aligned(rec.SPFDomain, ids.FromDomain)
		for _, d := range rec.DKIMPassed {
			if domain.Aligned(d, ids.FromDomain) {
				rec.Aligned.DKIM = true
			}
		}
	}
	dmarcOK := rec.DMARC == "pass" || rec.DMARC == "bestguesspass"
	if rec.Trusted && sum.HeaderFrom != "" && !domain.Aligned(sum.HeaderFrom, ids.FromDomain) {
		dmarcOK = false // the recorded DMARC result is about another From
	}
	return evidence.Auth{
		Recorded:      rec,
		CompAuth:      sum.CompAuth,
		Authenticated: rec.Trusted && ids.FromDomain != "" && (dmarcOK || rec.Aligned.SPF || rec.Aligned.DKIM),
	}
}

// senderStage describes the sender from its identities; rcpts are the To
// and Cc addresses (recipients), which say whether From is the reader's own.
func senderStage(h message.Header, ids identity.Identities, rcpts []string, t *brands.Table) evidence.Sender {
	s := evidence.Sender{
		Identities:    ids,
		Org:           domain.Org(ids.FromDomain),
		Mismatches:    ids.Mismatches(),
		Freemail:      t.IsFreemail(ids.FromDomain),
		Hosted:        t.IsHosted(ids.FromDomain),
		FreemailReply: t.IsFreemail(ids.ReplyToDomain),
		Bounce:        isBounce(h, ids.From, ids.DisplayName),
	}
	if !s.Bounce {
		own := fromRecipient(rcpts, ids.From)
		s.FromDefect = fromDefect(h, ids, own)
		if s.FromDefect == evidence.AddressUsable && !own {
			s.FromFlaw = identity.CheckFrom(h.Get("From"))
		}
	}
	if lid := h.Get("List-Id"); lid != "" && (h.Get("List-Post") != "" || h.Get("List-Archive") != "" || h.Get("List-Help") != "") {
		s.ListID = listID(lid)
	}
	return s
}

// fromDefect says whether the From address is one no mail system sends
// from. An address that is the recipient's own is not judged: it is the
// reader's own domain (or an archive's placeholder for it); own says it is.
func fromDefect(h message.Header, ids identity.Identities, own bool) evidence.AddressDefect {
	if strings.TrimSpace(h.Get("From")) == "" {
		return evidence.AddressUsable // no From at all is a parsing matter, not a forged sender
	}
	if ids.From == "" {
		if identity.NullSenderName(ids.DisplayName) == "" {
			return evidence.AddressUsable // "From: <>" names no one to impersonate
		}
		return evidence.AddressMissing
	}
	if domain.Registrable(ids.FromDomain) || own {
		return evidence.AddressUsable
	}
	return evidence.AddressNoDomain
}

// fromRecipient: the From address is one the mail is addressed to.
func fromRecipient(rcpts []string, from string) bool {
	if from == "" {
		return false
	}
	for _, r := range rcpts {
		if strings.EqualFold(r, from) {
			return true
		}
	}
	return false
}

// recipients are the To and Cc addresses.
func recipients(h message.Header) []string {
	var rcpt []string
	for _, k := range []string{"To", "Cc"} {
		for _, a := range identity.Addresses(h.Get(k)) {
			rcpt = append(rcpt, a.Addr)
		}
	}
	return rcpt
}

// body is what the body holds.
type body struct {
	links       []report.Link
	truncated   int
	attachments []report.Attachment
	text        string // visible text, bounded
	// password is a password the body gives for an encrypted attachment.
	password string
}

// bodyStage reads the body's text and links and inspects the attachments.
// URLs an attachment holds (an HTML form's action, a QR code) join the
// links, to be judged like any other and never opened.
func bodyStage(msg *message.Message) body {
	b := body{text: message.VisibleText(msg, 64<<10), attachments: []report.Attachment{}}
	var extra []links.Labelled
	encrypted := false
	for _, p := range msg.Attachments {
		a, d := attachments.InspectWith(p.Name, p.ContentType, p.Data, attachments.DefaultOptions())
		b.attachments = append(b.attachments, a)
		encrypted = encrypted || a.Encrypted != ""
		for _, u := range d.URLs {
			if u.Host != "" && len(extra) < maxAttachmentURLs {
				extra = append(extra, links.Labelled{URL: u.URL, Label: attachmentURLLabel(u.Role)})
			}
		}
	}
	if encrypted {
		b.password, _ = attachments.PasswordInBody(b.text)
	}
	res := links.ExtractWith(msg.Text, msg.HTML, extra, links.Options{})
	b.links, b.truncated = res.Links, res.Truncated
	if b.links == nil {
		b.links = []report.Link{}
	}
	return b
}

// maxAttachmentURLs bounds the URLs taken from attachments.
const maxAttachmentURLs = 20

func attachmentURLLabel(r report.URLRole) string {
	switch r {
	case report.URLQR:
		return "[QR code]"
	case report.URLFormAction:
		return "[attachment form]"
	}
	return "[attachment]"
}

// contentStage reads what the mail's preview and text do: lures and filter
// tricks. folded is text folded for the phrase matchers, or nil.
func contentStage(a *Analyzer, seen preview, text string, folded *phrase.Folded, s evidence.Sender) evidence.Content {
	var c evidence.Content
	if s.Bounce {
		// The lures of a bounced original, its text and its files, are not
		// the bounce's.
		text, seen.attachments = "", nil
	}
	for _, h := range a.deps.Lures.FindFolded(seen.text(), text, folded) {
		if h.Weak {
			continue // words honest mail uses as much ("password", "invoice")
		}
		c.Lures = append(c.Lures, evidence.Lure{Kind: evidence.LureKind(h.Kind), Phrase: h.Phrase, InSubject: h.InSubject})
	}
	c.RandomToken = randomToken(seen.subject)
	c.HashBuster = hashBuster(text)
	// A tenant of a hosting platform (x.onmicrosoft.com) is as open to
	// anyone as a free-mail address.
	if s.Freemail || s.Hosted {
		c.FreemailOrg = orgDisplayName(seen.displayName)
	}
	return c
}

// preview is what the reader sees of a mail before opening it: the
// sender's display name and the subject beside it in the inbox, and the
// names of the attachments under it. Mass mailers write their pitch in all
// three ("Herzlichen Glückwunsch!", "Casino for you",
// "Bitcoin__Transfer__0.7495.pdf"), so their lures count as the subject's.
type preview struct {
	subject, displayName string
	attachments          []report.Attachment
}

// maxPreviewNames bounds the attachment names read as part of the preview.
const maxPreviewNames = 10

// text joins the preview for the lure search, the subject first: a long
// display name does not push the subject out of what the search reads.
func (p preview) text() string {
	var b strings.Builder
	b.WriteString(p.subject)
	b.WriteString(" \u2014 ")
	b.WriteString(p.displayName)
	for i, a := range p.attachments {
		if i == maxPreviewNames {
			break
		}
		b.WriteString(" \u2014 ")
		// Words in file names are joined by dots, dashes and underscores.
		b.WriteString(strings.Map(func(r rune) rune {
			if r == '_' || r == '.' || r == '-' {
				return ' '
			}
			return r
		}, a.Name))
	}
	return b.String()
}

// throwawayStage lists what makes the sender's address disposable. It reads
// the claims: a local part that spells a brand the domain does not belong to.
func throwawayStage(s evidence.Sender, cs []claims.Claim, t *brands.Table) []evidence.Throwaway {
	var out []evidence.Throwaway
	local, _, _ := strings.Cut(s.From, "@")
	for _, c := range cs {
		if c.Where == claims.FromAddress && c.Text == local && !t.Owns(c.Brand, s.FromDomain) {
			out = append(out, evidence.ThrowawayBrandLocalPart)
			break
		}
	}
	// Letters in random case are a program's choice (JndLebIg). A name
	// with a serial number is a free-mail user's choice when the
	// name was taken; at an organization's own domain it is a mass mailer's
	// generated sender (smith_thomas_40941@ali001.example.shop).
	if infra.MachineMade(local) || infra.RandomCase(s.FromLocal) || !s.Freemail && !s.Hosted && infra.NumberedName(local) {
		out = append(out, evidence.ThrowawayMachineLocal)
	}
	if infra.MachineMadeHost(s.FromDomain) != "" {
		out = append(out, evidence.ThrowawayMachineDomain)
	}
	if infra.AbusedTLD(s.FromDomain) {
		out = append(out, evidence.ThrowawayAbusedTLD)
	}
	if infra.Classify(s.FromDomain) != infra.None {
		out = append(out, evidence.ThrowawayFreeHost)
	}
	if s.Freemail || s.Hosted {
		out = append(out, evidence.ThrowawayFreemail)
	}
	return out
}

// originStage says who handed the mail over.
func originStage(o *report.Origin, t *brands.Table) evidence.Origin {
	if o == nil {
		return evidence.Origin{}
	}
	return evidence.Origin{Known: true, Host: o.Host, ESP: t.IsESP(o.Host)}
}

// linksStage relates the links to the sender: which go to the sender's own
// domain and which show one domain while leading to another.
func linksStage(all []report.Link, senderOrg string, t *brands.Table) evidence.Links {
	l := evidence.Links{All: all}
	toSender := map[string]bool{} // belongsToSender by domain: links repeat their domains
	for _, k := range all {
		if k.Domain == "" || t.IsESP(k.Domain) || t.IsTracker(k.Domain) {
			continue
		}
		l.Counted++
		own, ok := toSender[k.Domain]
		if !ok {
			own = belongsToSender(t, k.Domain, senderOrg)
			toSender[k.Domain] = own
		}
		if own {
			l.ToSender++
		}
		if k.Mismatch && !t.IsESP(k.TextDomain) && !sameOwner(t, k.Domain, k.TextDomain) && !ownRedirect(t, k, senderOrg) {
			l.Mismatched = append(l.Mismatched, k)
		}
	}
	return l
}

// ownRedirect: the link leads to the sender's own domain while its text
// shows a domain that is no brand's ("dhs.gov/real-id" through the
// airline's own click tracker). A sender pointing at itself deceives
// nobody about where the link goes; text showing a brand's domain still
// counts.
func ownRedirect(t *brands.Table, k report.Link, senderOrg string) bool {
	return senderOrg != "" && domain.Aligned(k.Domain, senderOrg) && t.OwnerOf(k.TextDomain) == nil && len(t.Lookalikes(k.TextDomain)) == 0
}

func belongsToSender(t *brands.Table, d, senderOrg string) bool {
	if senderOrg == "" {
		return false
	}
	if domain.Aligned(d, senderOrg) {
		return true
	}
	owner := t.OwnerOf(d)
	return owner != nil && t.Owns(owner, senderOrg)
}

func sameOwner(t *brands.Table, a, b string) bool {
	if domain.Aligned(a, b) {
		return true
	}
	oa := t.OwnerOf(a)
	return oa != nil && t.Owns(oa, b)
}

// lookalikeStage finds domains of the mail that imitate a brand, and those
// under abused TLDs.
func lookalikeStage(ids identity.Identities, all []report.Link, t *brands.Table) ([]evidence.Lookalike, []string) {
	type roleDomain struct{ role, domain string }
	cands := []roleDomain{{report.RoleFrom, ids.FromDomain}, {report.RoleReplyTo, ids.ReplyToDomain}, {report.RoleReturnPath, ids.ReturnPathDomain}}
	for _, d := range ids.DKIMDomains {
		cands = append(cands, roleDomain{report.RoleDKIM, d})
	}
	for _, l := range all {
		if !l.IPLiteral {
			cands = append(cands, roleDomain{report.RoleLink, l.Domain})
		}
	}
	var looks []evidence.Lookalike
	var abused []string
	done := map[string]bool{}
	for _, c := range cands {
		if c.domain == "" || done[c.domain] || !domain.Valid(c.domain) {
			continue
		}
		done[c.domain] = true
		// A domain of the brand table is nobody's look-alike.
		if l := t.Lookalikes(c.domain); len(l) > 0 && t.OwnerOf(c.domain) == nil {
			looks = append(looks, evidence.Lookalike{Domain: c.domain, Role: c.role, Brand: l[0].Brand.Name, Kind: l[0].Kind})
		}
		if infra.AbusedTLD(c.domain) && len(abused) < 3 {
			abused = append(abused, c.domain)
		}
	}
	return looks, abused
}

// maxDomains caps the domains listed in a report.
const maxDomains = 20

// domainsStage lists the organizational domains involved, most relevant
// first: those that speak for the sender, then links.
func domainsStage(ids identity.Identities, lk evidence.Links, t *brands.Table) []report.Domain {
	out := []report.Domain{}
	index := map[string]int{}
	orgs := map[string]string{} // domain.Org by name: links repeat their domains
	add := func(d, role string) {
		org, ok := orgs[d]
		if !ok {
			org = domain.Org(d)
			orgs[d] = org
		}
		if org == "" || domain.IsIP(org) {
			return
		}
		i, ok := index[org]
		if !ok {
			if len(out) >= maxDomains {
				return
			}
			i = len(out)
			index[org] = i
			out = append(out, report.Domain{Name: org, Roles: []string{}})
		}
		if !slices.Contains(out[i].Roles, role) {
			out[i].Roles = append(out[i].Roles, role)
		}
	}
	add(ids.FromDomain, report.RoleFrom)
	add(ids.ReplyToDomain, report.RoleReplyTo)
	add(ids.ReturnPathDomain, report.RoleReturnPath)
	for _, d := range ids.DKIMDomains {
		add(d, report.RoleDKIM)
	}
	for _, l := range lk.Mismatched {
		add(l.Domain, report.RoleLink)
	}
	for _, l := range lk.All {
		if !t.IsESP(l.Domain) && !t.IsTracker(l.Domain) {
			add(l.Domain, report.RoleLink)
		}
	}
	add(ids.MessageIDDomain, report.RoleMessageID)
	return out
}

// looked is what the network lookups and the team's history gave.
type looked struct {
	res      lookup.Result
	ran      bool // lookups were configured and online
	team     map[string]team.Record
	teamLogs []report.Lookup
}

// lookupStage runs the network lookups and asks the team's history about
// the sender's and the links' domains.
func (a *Analyzer) lookupStage(ctx context.Context, raw []byte, msg *message.Message, ids identity.Identities, chain received.Chain, rec report.Auth, domains []report.Domain, offline bool) looked {
	var lk looked
	if a.deps.Lookups == nil || ctx.Err() != nil {
		lk.res.Lookups = notConfigured(offline)
	} else {
		req := lookup.Request{
			OriginIP:    chain.OriginIP,
			Raw:         raw,
			BodyMissing: !msg.HasBody,
			FromDomain:  ids.FromDomain,
			MailFrom:    ids.ReturnPath,
			Recorded:    rec,
			Offline:     offline,
		}
		if chain.Origin >= 0 && chain.Origin < len(chain.Hops) {
			req.Helo = chain.Hops[chain.Origin].Helo
		}
		for _, d := range domains {
			req.Domains = append(req.Domains, lookup.DomainRequest{Name: d.Name, Roles: d.Roles})
		}
		lk.res = a.deps.Lookups.Run(ctx, req)
		lk.ran = !offline && ownerLookupRan(lk.res.Lookups)
	}
	if a.deps.Team != nil {
		lk.team, lk.teamLogs = teamStage(ctx, a.deps.Team, domains)
	}
	return lk
}

// ownerLookupRan: an RDAP or WHOIS lookup was attempted (not skipped).
func ownerLookupRan(ls []report.Lookup) bool {
	for _, l := range ls {
		if (l.Kind == "rdap" || l.Kind == "whois") && l.Status != report.StatusSkipped {
			return true
		}
	}
	return false
}

// teamTimeout bounds the team-history queries of one mail.
const teamTimeout = 2 * time.Second

// teamStage reads the team's earlier decisions for the sender's and the
// links' domains. A failing store is reported, never taken as a decision.
func teamStage(ctx context.Context, h team.History, domains []report.Domain) (map[string]team.Record, []report.Lookup) {
	ctx, cancel := context.WithTimeout(ctx, teamTimeout)
	defer cancel()
	out := map[string]team.Record{}
	var logs []report.Lookup
	for _, d := range domains {
		if slices.Equal(d.Roles, []string{report.RoleMessageID}) {
			continue
		}
		start := time.Now()
		r, err := safeDecisions(ctx, h, d.Name)
		ms := time.Since(start).Milliseconds()
		if err != nil {
			logs = append(logs, report.Lookup{Kind: "team", Target: d.Name, Status: report.StatusError, Error: err.Error(), MS: ms})
			continue
		}
		if r.Decided() {
			out[d.Name] = r
		}
	}
	if len(logs) == 0 {
		logs = append(logs, report.Lookup{Kind: "team", Target: strconv.Itoa(len(domains)) + " domains", Status: report.StatusOK})
	}
	return out, logs
}

// safeDecisions calls the store and turns a panic into an error.
func safeDecisions(ctx context.Context, h team.History, d string) (r team.Record, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &panicError{p}
		}
	}()
	return h.Decisions(ctx, d)
}

type panicError struct{ v any }

func (p *panicError) Error() string { return "team history failed" }

// primaryClaim is the brand the mail most clearly presents itself as: the
// strongest place, and among equals the first found.
func primaryClaim(cs []claims.Claim) *brands.Brand {
	best := -1
	for i, c := range cs {
		if best < 0 || c.Where < cs[best].Where {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	return cs[best].Brand
}

// mergeDomains fills the listed domains with what lookups found.
func mergeDomains(listed, found []report.Domain) []report.Domain {
	out := slices.Clone(listed)
	for _, d := range found {
		for i := range out {
			if out[i].Name == d.Name {
				roles := out[i].Roles
				out[i] = d
				out[i].Roles = roles
			}
		}
	}
	return out
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

func listID(v string) string {
	if i := strings.IndexByte(v, '<'); i >= 0 {
		v = v[i+1:]
		if j := strings.IndexByte(v, '>'); j >= 0 {
			v = v[:j]
		}
	}
	return strings.TrimSpace(v)
}

// maxFreeLinks bounds the free-service links kept.
const maxFreeLinks = 5

// freeLinksStage finds links to services anyone can publish on for free:
// form and file hosts, site builders, free subdomains, tunnels.
func freeLinksStage(all []report.Link) []evidence.FreeLink {
	var out []evidence.FreeLink
	seen := map[string]bool{}
	for _, l := range all {
		if len(out) >= maxFreeLinks {
			break
		}
		f := infra.ClassifyURL(links.Refang(l.URL))
		if f.Kind == infra.None || seen[f.Host] {
			continue
		}
		seen[f.Host] = true
		out = append(out, evidence.FreeLink{Domain: f.Host, Kind: f.Kind, Service: f.Service})
	}
	return out
}

// tricksStage finds the ways the text hides from filters and readers.
func tricksStage(h message.Header, rcpts []string, subject, displayName, from, text string) []obfuscation.Hit {
	return obfuscation.Find(obfuscation.Input{Subject: subject, DisplayName: displayName, From: from, Body: text,
		Recipients: rcpts, ListAddress: listPost(h.Get("List-Post"))})
}

// listPost is the address of a List-Post header ("<mailto:list@example.org>"),
// or "".
func listPost(v string) string {
	if a := identity.Addresses(v); len(a) > 0 {
		return a[0].Addr
	}
	return ""
}
