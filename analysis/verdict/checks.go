package verdict

import (
	"fmt"
	"github.com/checkmail/checkmail/analysis/infra"
	"github.com/checkmail/checkmail/analysis/obfuscation"
	"github.com/checkmail/checkmail/analysis/scams"
	"slices"
	"strings"

	"github.com/checkmail/checkmail/analysis/brands"
	"github.com/checkmail/checkmail/analysis/claims"
	"github.com/checkmail/checkmail/analysis/domain"
	"github.com/checkmail/checkmail/analysis/evidence"
	"github.com/checkmail/checkmail/analysis/identity"
	"github.com/checkmail/checkmail/analysis/links"
	"github.com/checkmail/checkmail/analysis/ownership"
	"github.com/checkmail/checkmail/analysis/report"
)

// Each check returns the evidence its rule's sentences need, or false.

type E = evidence.Evidence

func brandName(b *brands.Brand) bilingual {
	ja := b.NameJA
	if ja == "" {
		ja = b.Name
	}
	return bilingual{b.Name, ja}
}

func senderShown(e *E) string {
	if e.Sender.Org != "" {
		return dom(e.Sender.Org)
	}
	return "(no address)"
}

// claim is the brand the mail presents itself as, with what is known of
// the sender's tie to it.
type claim struct {
	c      claims.Claim
	sender ownership.Status // does From's domain belong to the brand?
	basis  ownership.Basis
}

// mainClaim is the strongest claim that counts: a subject that only speaks
// of "your account" at a brand counts where the mail asks for credentials.
// Bounces quote other people's mail: their claims are not theirs.
func mainClaim(e *E) (claim, bool) {
	if e.Sender.Bounce {
		return claim{}, false
	}
	best := -1
	for i, c := range e.Claims {
		if !c.Where.Strong() && !e.Content.AsksCredentials() {
			continue
		}
		if best < 0 || c.Where < e.Claims[best].Where {
			best = i
		}
	}
	if best < 0 {
		return claim{}, false
	}
	cl := claim{c: e.Claims[best]}
	if f, ok := ownership.Of(e.Ownership, e.Sender.Org); ok && f.Brand == cl.c.Brand {
		cl.sender, cl.basis = f.Status, f.Basis
	}
	return cl, true
}

// throwaway: the sender's address is disposable infrastructure, or its
// domain imitates a brand.
func throwaway(e *E) bool {
	if len(e.Sender.Throwaway) > 0 {
		return true
	}
	for _, l := range e.Lookalikes {
		if l.Role == report.RoleFrom {
			return true
		}
	}
	return false
}

// brandImpersonation: the mail claims a brand, and its sender is proven not
// to be the brand's, or is disposable infrastructure nobody's brand uses.
func brandImpersonation(e *E) ([]any, bool) {
	cl, ok := mainClaim(e)
	if !ok || e.Sender.Org == "" && e.Sender.From == "" {
		return nil, false
	}
	switch {
	case cl.sender == ownership.NotBelongs:
	case cl.sender == ownership.Unknown && throwaway(e):
	default:
		return nil, false
	}
	return []any{brandName(cl.c.Brand), where(cl.c.Where), senderShown(e)}, true
}

// brandClaimUnverified: the mail claims a brand from a domain nobody has
// tied to it yet. An ownership question, not a verdict: at most suspicious.
func brandClaimUnverified(e *E) ([]any, bool) {
	cl, ok := mainClaim(e)
	if !ok || cl.sender != ownership.Unknown || throwaway(e) || e.Sender.Org == "" {
		return nil, false
	}
	return []any{brandName(cl.c.Brand), where(cl.c.Where), senderShown(e)}, true
}

func lookalike(e *E) ([]any, bool) {
	if len(e.Lookalikes) == 0 {
		return nil, false
	}
	l := e.Lookalikes[0]
	if f, ok := ownership.Of(e.Ownership, domain.Org(l.Domain)); ok && f.Status == ownership.Belongs {
		return nil, false // proven to be the brand's own
	}
	return []any{roleName(l.Role), dom(l.Domain), l.Brand, kindName(l.Kind)}, true
}

func roleName(r string) bilingual {
	switch r {
	case report.RoleFrom:
		return bilingual{"sender", "送信元"}
	case report.RoleReplyTo:
		return bilingual{"reply-to", "返信先"}
	case report.RoleReturnPath:
		return bilingual{"return-path", "Return-Path"}
	case report.RoleLink:
		return bilingual{"link", "リンク先"}
	case report.RoleDKIM:
		return bilingual{"DKIM signing", "DKIM署名"}
	}
	return bilingual{r, r}
}

func kindName(k string) bilingual {
	switch k {
	case "embedded":
		return bilingual{"the brand name is embedded in it", "ブランド名を含む別ドメイン"}
	case "edit":
		return bilingual{"one or two letters away from the real domain", "本物と1〜2文字違い"}
	case "confusable":
		return bilingual{"look-alike characters", "紛らわしい文字"}
	case "idn":
		return bilingual{"look-alike international characters", "紛らわしい国際化文字"}
	}
	return bilingual{k, k}
}

func displayNameAddress(e *E) ([]any, bool) {
	if !slices.Contains(e.Sender.Mismatches, identity.MismatchDisplayAddr) {
		return nil, false
	}
	return []any{dom(identity.DisplayNameDomain(e.Sender.DisplayName)), senderShown(e)}, true
}

// brandLinksElsewhere: the mail speaks for a brand but its links lead to
// domains that are neither the brand's nor the sender's own (when the
// sender is proven the brand's). Links to the brand beside them do not
// excuse that when the mail asks for credentials: phish mix real links
// (privacy policy) with the bad one.
func brandLinksElsewhere(e *E) ([]any, bool) {
	cl, ok := mainClaim(e)
	if !ok || cl.sender == ownership.Belongs && e.Auth.Authenticated {
		return nil, false
	}
	b := cl.c.Brand
	toBrand, other := 0, 0
	var first string
	for _, l := range e.Links.All {
		if l.Domain == "" {
			continue
		}
		if linkIsBrands(e, b, l.Domain) {
			toBrand++
			continue
		}
		if f, ok := ownership.Of(e.Ownership, domain.Org(l.Domain)); ok && f.Status == ownership.Belongs {
			toBrand++
			continue
		}
		if domain.Aligned(l.Domain, e.Sender.Org) {
			// The sender's own domain: its ownership is judged on its own.
			if cl.sender == ownership.Belongs {
				toBrand++
			}
			continue
		}
		if e.Brands.OwnerOf(l.Domain) != nil {
			continue // another brand's site (a social-media icon), not a landing page
		}
		other++
		if first == "" {
			first = l.Domain
		}
	}
	if other == 0 || toBrand > 0 && !e.Content.AsksCredentials() {
		return nil, false
	}
	return []any{brandName(b), other, dom(first)}, true
}

// linkIsBrands: the link goes to the brand (or its group), or through a
// sending service's click tracker.
func linkIsBrands(e *E, b *brands.Brand, d string) bool {
	return e.Brands.Owns(b, d) || e.Brands.IsESP(d) || e.Brands.IsTracker(d)
}

func linkTextMismatch(e *E) ([]any, bool) {
	if len(e.Links.Mismatched) == 0 {
		return nil, false
	}
	l := e.Links.Mismatched[0]
	return []any{dom(l.TextDomain), dom(l.Domain)}, true
}

func firstLink(e *E, ok func(report.Link) bool) (report.Link, bool) {
	for _, l := range e.Links.All {
		if ok(l) {
			return l, true
		}
	}
	return report.Link{}, false
}

func ipLink(e *E) ([]any, bool) {
	l, ok := firstLink(e, func(l report.Link) bool { return l.IPLiteral })
	return []any{dom(l.Domain)}, ok
}

func punycodeLink(e *E) ([]any, bool) {
	l, ok := firstLink(e, func(l report.Link) bool { return l.Punycode })
	return []any{dom(l.Domain), short(l.Unicode, 60)}, ok
}

func shortenerLink(e *E) ([]any, bool) {
	l, ok := firstLink(e, func(l report.Link) bool { return l.Shortener })
	return []any{dom(l.Domain)}, ok
}

// htmlForm: a form posting to another organization in a mail that lures
// or claims a brand. A newsletter's search box on its own site does not count.
func htmlForm(e *E) ([]any, bool) {
	if _, claims := mainClaim(e); len(e.Content.Lures) == 0 && !claims {
		return nil, false
	}
	l, ok := firstLink(e, func(l report.Link) bool {
		return l.Form && (l.Domain == "" || !domain.Aligned(l.Domain, e.Sender.Org))
	})
	target := dom(l.Domain)
	if target == "" {
		target = "(unknown)"
	}
	return []any{target}, ok
}

func attachmentByRisk(e *E, risk string) ([]any, bool) {
	for _, a := range e.Attachments {
		if a.Risk == risk {
			reasons := strings.Join(a.RiskReasons, ", ")
			if reasons == "" {
				reasons = risk + " risk"
			}
			return []any{short(a.Name, 80), reasons}, true
		}
	}
	return nil, false
}

func attachmentHighRisk(e *E) ([]any, bool) { return attachmentByRisk(e, "high") }

func attachmentRisky(e *E) ([]any, bool) {
	if _, high := attachmentByRisk(e, "high"); high {
		return nil, false
	}
	return attachmentByRisk(e, "medium")
}

func encryptedWithPassword(e *E) ([]any, bool) {
	if e.AttachmentPassword == "" {
		return nil, false
	}
	for _, a := range e.Attachments {
		if a.Encrypted != "" {
			return []any{short(a.Name, 80), short(e.AttachmentPassword, 20)}, true
		}
	}
	return nil, false
}

func lure(kinds ...evidence.LureKind) func(e *E) ([]any, bool) {
	return func(e *E) ([]any, bool) {
		for _, l := range e.Content.Lures {
			if slices.Contains(kinds, l.Kind) {
				return []any{short(l.Phrase, 60)}, true
			}
		}
		return nil, false
	}
}

// fraudOffer: the subject sells it, or the body does twice. One word in
// running text is a mention (a thread about spam says "viagra").
func fraudOffer(e *E) ([]any, bool) {
	var body []string
	for _, l := range e.Content.Lures {
		if l.Kind != evidence.LureOffer {
			continue
		}
		if l.InSubject {
			return []any{short(l.Phrase, 60)}, true
		}
		body = append(body, l.Phrase)
	}
	if len(body) < 2 {
		return nil, false
	}
	return []any{short(body[0]+", "+body[1], 60)}, true
}

func replyToFreemail(e *E) ([]any, bool) {
	if !e.Sender.FreemailReply || !slices.Contains(e.Sender.Mismatches, identity.MismatchReplyTo) {
		return nil, false
	}
	return []any{dom(e.Sender.ReplyTo), senderShown(e)}, true
}

func replyToElsewhere(e *E) ([]any, bool) {
	if e.Sender.FreemailReply || e.Sender.ListID != "" || !slices.Contains(e.Sender.Mismatches, identity.MismatchReplyTo) {
		return nil, false
	}
	return []any{dom(e.Sender.ReplyToDomain), senderShown(e)}, true
}

func suspiciousTLD(e *E) ([]any, bool) {
	if len(e.Content.SuspiciousTLD) == 0 {
		return nil, false
	}
	return []any{dom(e.Content.SuspiciousTLD[0])}, true
}

func dmarcFail(e *E) ([]any, bool) {
	a := e.Auth.Recorded
	if !a.Trusted || e.Sender.ListID != "" {
		return nil, false // a mailing list rewrites mail and breaks DMARC for honest reasons
	}
	switch {
	case a.DMARC == "fail":
		return []any{"fail", senderShown(e)}, true
	case e.Auth.CompAuth == "fail":
		return []any{bilingual{"fail (Microsoft compauth)", "fail（Microsoft compauth）"}, senderShown(e)}, true
	}
	return nil, false
}

func authFail(e *E) ([]any, bool) {
	a := e.Auth.Recorded
	if !a.Trusted || e.Auth.Authenticated || a.DMARC == "fail" || e.Auth.CompAuth == "fail" {
		return nil, false
	}
	spfBad := a.SPF == "fail" || a.SPF == "softfail"
	if !spfBad || a.DKIM == "pass" {
		return nil, false
	}
	dkim := a.DKIM
	if dkim == "" {
		dkim = "none"
	}
	return []any{a.SPF, dkim, senderShown(e)}, true
}

func providerPhish(e *E) ([]any, bool) {
	p := e.Provider
	switch strings.ToUpper(p.Category) {
	case "PHSH", "HPHSH", "HPHISH", "SPOOF", "MALW":
		return []any{p.Source, bilingual{"phishing or spoofing (" + p.Category + ")", "フィッシングまたはなりすまし（" + p.Category + "）"}, p.SCL}, true
	}
	return nil, false
}

// providerSpamAt: Microsoft's spam confidence level in [lo, hi] (5 and
// up means the mail went to the junk folder; 7 and up, high confidence).
func providerSpamAt(lo, hi int) func(e *E) ([]any, bool) {
	return func(e *E) ([]any, bool) {
		if _, phish := providerPhish(e); phish || e.Provider.SCL < lo || e.Provider.SCL > hi {
			return nil, false
		}
		return []any{e.Provider.Source, e.Provider.SCL}, true
	}
}

// youngDomainDays: younger than this is "young".
const youngDomainDays = 90

func youngDomain(e *E) ([]any, bool) {
	best := -1
	name := ""
	for _, d := range e.Domains {
		if d.AgeDays == nil || *d.AgeDays >= youngDomainDays || slices.Equal(d.Roles, []string{report.RoleMessageID}) {
			continue
		}
		if best < 0 || *d.AgeDays < best {
			best, name = *d.AgeDays, d.Name
		}
	}
	return []any{dom(name), best}, best >= 0
}

// registrantUnrelated: a domain of the mail other than the sender's,
// registered to someone who is not the brand the mail claims.
func registrantUnrelated(e *E) ([]any, bool) {
	for _, f := range e.Ownership {
		// Return-Path and DKIM domains are often the sending service's.
		speaks := slices.Contains(f.Roles, report.RoleLink) || slices.Contains(f.Roles, report.RoleReplyTo)
		if f.Basis == ownership.RegistrantOther && f.Domain != e.Sender.Org && speaks {
			return []any{dom(f.Domain), short(f.Registrant, 80), f.Brand.Name}, true
		}
	}
	return nil, false
}

func ownDKIMFail(e *E) ([]any, bool) {
	if e.Own == nil {
		return nil, false
	}
	for _, d := range e.Own.DKIM {
		if d.Result == "fail" {
			return []any{dom(d.Domain)}, true
		}
	}
	return nil, false
}

func brandDMARCNone(e *E) ([]any, bool) {
	if e.Own == nil || e.Own.DMARCPolicy != "none" {
		return nil, false
	}
	if cl, ok := mainClaim(e); ok && cl.sender == ownership.Belongs {
		return []any{dom(e.Sender.Org)}, true
	}
	return nil, false
}

// senderBrand is the brand the authenticated sender's domain belongs to:
// the claimed brand when ownership proves it, else the brand table's owner
// of the domain (rakuten.co.jp is Rakuten's even when the mail says
// SMARTalk).
func senderBrand(e *E) (*brands.Brand, ownership.Basis) {
	if cl, ok := mainClaim(e); ok && cl.sender == ownership.Belongs {
		if owner := e.Brands.OwnerOf(e.Sender.Org); cl.basis == ownership.BrandTable && owner != nil {
			return owner, cl.basis // rakuten.co.jp is Rakuten's, for a mail that says SMARTalk
		}
		return cl.c.Brand, cl.basis
	}
	if e.Sender.Freemail || e.Sender.Hosted {
		return nil, 0
	}
	if b := e.Brands.OwnerOf(e.Sender.Org); b != nil {
		return b, ownership.BrandTable
	}
	return nil, 0
}

// senderIsBrands: the From domain belongs to a brand (by the table or by
// ownership) and is not spoofed as far as anyone recorded.
func senderIsBrands(e *E) bool {
	b, _ := senderBrand(e)
	if b == nil {
		return false
	}
	_, spoofed := brandOriginUnrelated(e)
	_, failed := dmarcFail(e)
	return !spoofed && !failed
}

// authenticBrand: authenticated as a domain that belongs to a brand.
func authenticBrand(e *E) ([]any, bool) {
	if !e.Auth.Authenticated {
		return nil, false
	}
	b, _ := senderBrand(e)
	if b == nil {
		return nil, false
	}
	return []any{dom(e.Sender.Org), brandName(b)}, true
}

// teamLegitimate: the team decided earlier mails from this sender domain
// were legitimate, and none phishing.
func teamLegitimate(e *E) ([]any, bool) {
	for _, f := range e.Ownership {
		if f.Domain == e.Sender.Org && f.Team.Legitimate > 0 && f.Team.Phishing == 0 {
			return []any{dom(f.Domain), f.Team.Legitimate}, true
		}
	}
	return nil, false
}

// teamPhishing: the team decided earlier mails with one of these domains
// were phishing.
func teamPhishing(e *E) ([]any, bool) {
	for _, f := range e.Ownership {
		if f.Team.Phishing > f.Team.Legitimate {
			return []any{dom(f.Domain), f.Team.Phishing}, true
		}
	}
	return nil, false
}

func linksMatchSender(e *E) ([]any, bool) {
	return []any{e.Links.Counted}, e.Links.AllToSender()
}

func authenticatedSender(e *E) ([]any, bool) {
	if _, brand := authenticBrand(e); brand {
		return nil, false
	}
	return []any{senderShown(e)}, e.Auth.Authenticated
}

func establishedDomain(e *E) ([]any, bool) {
	for _, d := range e.Domains {
		if d.AgeDays != nil && *d.AgeDays >= 2*365 && slices.Contains(d.Roles, report.RoleFrom) {
			return []any{dom(d.Name), *d.AgeDays / 365}, true
		}
	}
	return nil, false
}

// trick returns the first trick of a kind the text plays.
func trick(e *E, k obfuscation.Kind) (obfuscation.Hit, bool) {
	for _, h := range e.Tricks {
		if h.Kind == k {
			return h, true
		}
	}
	return obfuscation.Hit{}, false
}

func trickCheck(k obfuscation.Kind) func(e *E) ([]any, bool) {
	return func(e *E) ([]any, bool) {
		h, ok := trick(e, k)
		return []any{fieldName(h.Field), short(h.Evidence, 40)}, ok
	}
}

// recipientIn: the recipient's own address or name where a mass mailing
// personalizes its copies (the subject, or the greeting in the body).
func recipientIn(f obfuscation.Field) func(e *E) ([]any, bool) {
	return func(e *E) ([]any, bool) {
		h, ok := trick(e, obfuscation.RecipientInSubject)
		return []any{short(h.Evidence, 40)}, ok && h.Field == f
	}
}

func fieldName(f obfuscation.Field) bilingual {
	switch f {
	case obfuscation.InSubject:
		return bilingual{"subject", "件名"}
	case obfuscation.InDisplayName:
		return bilingual{"display name", "表示名"}
	}
	return bilingual{"body", "本文"}
}

func mixedScript(e *E) ([]any, bool) {
	h, ok := trick(e, obfuscation.HomoglyphWord)
	return []any{short(h.Evidence, 40)}, ok
}

// scamFromFreemail: a scam story (money, a job, a wallet, gift cards)
// whose sender or reply address is a free-mail account.
func scamFromFreemail(e *E) ([]any, bool) {
	var addr string
	switch {
	case e.Sender.Freemail:
		addr = e.Sender.From
	case e.Sender.FreemailReply:
		addr = e.Sender.ReplyTo
	default:
		return nil, false
	}
	// Any scam that counts as one (a callback beside the sender's own
	// links does not).
	for _, h := range e.Scams {
		if _, ok := scamCheck(h.Kind)(e); ok {
			return []any{dom(addr)}, true
		}
	}
	return nil, false
}

func scamCheck(k scams.Kind) func(e *E) ([]any, bool) {
	return func(e *E) ([]any, bool) {
		for _, h := range e.Scams {
			if h.Kind != k {
				continue
			}
			// A callback number beside links to the sender's own site, or
			// from a brand's own domain, is a real company's support line:
			// the scam gives a number and no legitimate link.
			if k == scams.Callback && (e.Links.ToSender > 0 && !throwaway(e) || senderIsBrands(e)) {
				return nil, false
			}
			return []any{short(h.Evidence, 80)}, true
		}
		return nil, false
	}
}

// freeServiceLink: a link to a form, file, site-builder or tunnel service
// anyone can publish on. Free blog and app subdomains are common in honest
// mail: they count only where the mail asks for credentials or claims a brand.
func freeServiceLink(e *E) ([]any, bool) {
	_, claims := mainClaim(e)
	for _, l := range e.FreeLinks {
		if l.Kind == infra.FreeSubdomainHost && !claims && !e.Content.AsksCredentials() {
			continue
		}
		if domain.Aligned(l.Domain, e.Sender.FromDomain) {
			continue // the sender's own site: throwaway_sender says it once
		}
		return []any{dom(l.Domain), l.Service}, true
	}
	return nil, false
}

// throwawaySender: the sender address is machine-made or on free hosting.
func throwawaySender(e *E) ([]any, bool) {
	for _, t := range e.Sender.Throwaway {
		switch t {
		case evidence.ThrowawayMachineLocal, evidence.ThrowawayMachineDomain:
			return []any{dom(senderAsWritten(e)), bilingual{"looks machine-generated", "機械的に生成されたもののようです"}}, true
		case evidence.ThrowawayFreeHost:
			return []any{dom(e.Sender.From), bilingual{"is on a free hosting service anyone can use", "誰でも使える無料ホスティング上のものです"}}, true
		}
	}
	return nil, false
}

// senderAsWritten is the From address with its local part as the sender
// wrote it: the random case of "JndLebIg@…" is what shows a program made it.
func senderAsWritten(e *E) string {
	if e.Sender.FromLocal == "" || e.Sender.FromDomain == "" {
		return e.Sender.From
	}
	return e.Sender.FromLocal + "@" + e.Sender.FromDomain
}

func senderAddressForged(e *E) ([]any, bool) {
	switch e.Sender.FromDefect {
	case evidence.AddressMissing:
		name := links.DefangText(short(identity.NullSenderName(e.Sender.DisplayName), 60))
		return []any{fmt.Sprintf("%q <>", name), bilingual{"has a name but no address", "名前だけでアドレスがありません"}}, true
	case evidence.AddressNoDomain:
		return []any{dom(e.Sender.From), bilingual{"has no real domain after the @", "@の後ろが実在するドメインではありません"}}, true
	}
	return nil, false
}

// fromFlaws says in words how a From header is malformed.
var fromFlaws = map[identity.FromFlaw]bilingual{
	identity.FromStrayPart:    {"holds a name set apart from the address by a comma", "アドレスとは別に、カンマで区切られた名前や文字列を含んでいます"},
	identity.FromSeveral:      {"names more than one sender", "複数の差出人を並べています"},
	identity.FromBadAddress:   {"holds something that is not an address in the angle brackets", "山括弧の中にメールアドレスではないものを入れています"},
	identity.FromBadDomain:    {"gives a domain with characters no domain name has", "ドメイン名に使えない文字を含むドメインを書いています"},
	identity.FromNameSpecials: {"puts an address or a colon in the display name without quotes", "引用符なしの表示名にアドレスやコロンを入れています"},
	identity.FromUnclosed:     {"leaves a quote or bracket unclosed", "引用符や括弧を閉じていません"},
}

// fromHeaderCrafted: the From header breaks the mailbox syntax in a way no
// mail program does.
func fromHeaderCrafted(e *E) ([]any, bool) {
	how, ok := fromFlaws[e.Sender.FromFlaw]
	if !ok {
		return nil, false
	}
	return []any{how}, true
}

func filterFlagged(e *E) ([]any, bool) {
	return []any{short(e.Provider.FilterFlag, 60)}, e.Provider.FilterFlag != ""
}

// brandOriginUnrelated: From is the brand's own domain, but nothing vouches
// for it and the server that handed the mail over is not the brand's.
func brandOriginUnrelated(e *E) ([]any, bool) {
	if e.Auth.Authenticated || !e.Origin.Known || e.Origin.ESP {
		return nil, false
	}
	cl, ok := mainClaim(e)
	if !ok || cl.sender != ownership.Belongs {
		return nil, false
	}
	if e.Brands.Owns(cl.c.Brand, e.Origin.Host) {
		return nil, false
	}
	host := e.Origin.Host
	if host == "" {
		host = "no reverse DNS"
	}
	return []any{senderShown(e), dom(host), brandName(cl.c.Brand)}, true
}

func randomTokenCheck(e *E) ([]any, bool) {
	return []any{short(e.Content.RandomToken, 40)}, e.Content.RandomToken != ""
}

func freemailOrganization(e *E) ([]any, bool) {
	if e.Content.FreemailOrg == "" || e.Sender.Bounce {
		return nil, false
	}
	if _, brand := brandImpersonation(e); brand {
		return nil, false // the brand rule already says it
	}
	return []any{e.Content.FreemailOrg, senderShown(e)}, true
}

// senderUnauthenticated: the provider checked and nothing vouches for From.
// DMARC or compauth failures have their own, stronger rule.
func senderUnauthenticated(e *E) ([]any, bool) {
	if !e.Auth.Recorded.Trusted || e.Auth.Authenticated || e.Sender.Org == "" {
		return nil, false
	}
	if _, failed := dmarcFail(e); failed {
		return nil, false
	}
	return []any{senderShown(e)}, true
}

func linksElsewhereUnauthenticated(e *E) ([]any, bool) {
	if !e.Auth.Recorded.Trusted || e.Auth.Authenticated || e.Sender.ListID != "" || e.Sender.Org == "" || len(e.Links.All) == 0 || e.Links.ToSender > 0 {
		return nil, false
	}
	return []any{len(e.Links.All), senderShown(e)}, true
}

func hashBusterCheck(e *E) ([]any, bool) {
	return []any{short(e.Content.HashBuster, 24)}, e.Content.HashBuster != ""
}
