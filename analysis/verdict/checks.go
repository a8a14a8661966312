package verdict

import (
	"slices"
	"strings"

	"github.com/checkmail/checkmail/analysis/identity"
	"github.com/checkmail/checkmail/analysis/report"
)

// Each check returns the evidence its rule's sentences need, or false.

func brandName(b BrandFact) bilingual {
	ja := b.NameJA
	if ja == "" {
		ja = b.Name
	}
	return bilingual{b.Name, ja}
}

func senderShown(f *Facts) string {
	if f.FromOrg != "" {
		return dom(f.FromOrg)
	}
	return "(no address)"
}

// claimsBrand: the brand is named where a reader looks first. A subject
// alone counts only when the mail also lures or links elsewhere, so a
// discussion of a brand ("Re: Google Summer of Code") does not.
func claimsBrand(f *Facts, b BrandFact) bool {
	switch b.Where {
	case "display_name":
		return true
	case "subject":
		return len(f.Lures) > 0 || (b.LinksOther > 0 && b.LinksToBrand == 0)
	}
	return false
}

func brandImpersonation(f *Facts) ([]any, bool) {
	if f.ListID != "" {
		return nil, false
	}
	for _, b := range f.Brands {
		if !b.SenderIsBrand && claimsBrand(f, b) {
			return []any{brandName(b), where(b.Where), senderShown(f)}, true
		}
	}
	return nil, false
}

func lookalike(f *Facts) ([]any, bool) {
	if len(f.Lookalikes) == 0 {
		return nil, false
	}
	l := f.Lookalikes[0]
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

func displayNameAddress(f *Facts) ([]any, bool) {
	if !slices.Contains(f.Sender.Mismatches, identity.MismatchDisplayAddr) {
		return nil, false
	}
	return []any{dom(identity.DisplayNameDomain(f.Sender.DisplayName)), senderShown(f)}, true
}

// brandLinksElsewhere: the mail speaks for a brand but links elsewhere.
// Links to the brand beside them do not excuse that when the mail also asks
// for credentials: phish mix real links (privacy policy) with the bad one.
func brandLinksElsewhere(f *Facts) ([]any, bool) {
	asks := false
	for _, l := range f.Lures {
		asks = asks || l.Kind == "credential" || l.Kind == "account"
	}
	for _, b := range f.Brands {
		if b.Where == "body" || b.LinksOther == 0 || len(b.OtherDomains) == 0 || (b.LinksToBrand > 0 && !asks) {
			continue
		}
		if b.SenderIsBrand && f.Authenticated {
			continue
		}
		return []any{brandName(b), b.LinksOther, dom(b.OtherDomains[0])}, true
	}
	return nil, false
}

func linkTextMismatch(f *Facts) ([]any, bool) {
	if len(f.MismatchedLinks) == 0 {
		return nil, false
	}
	l := f.MismatchedLinks[0]
	return []any{dom(l.TextDomain), dom(l.Domain)}, true
}

func firstLink(f *Facts, ok func(report.Link) bool) (report.Link, bool) {
	for _, l := range f.Links {
		if ok(l) {
			return l, true
		}
	}
	return report.Link{}, false
}

func ipLink(f *Facts) ([]any, bool) {
	l, ok := firstLink(f, func(l report.Link) bool { return l.IPLiteral })
	return []any{dom(l.Domain)}, ok
}

func punycodeLink(f *Facts) ([]any, bool) {
	l, ok := firstLink(f, func(l report.Link) bool { return l.Punycode })
	return []any{dom(l.Domain), short(l.Unicode, 60)}, ok
}

func shortenerLink(f *Facts) ([]any, bool) {
	l, ok := firstLink(f, func(l report.Link) bool { return l.Shortener })
	return []any{dom(l.Domain)}, ok
}

// FormText marks a link that is an HTML form's action.
const FormText = "[form]"

// htmlForm: a form posting to another organization in a mail that lures
// or names a brand. A newsletter's search box on its own site does not count.
func htmlForm(f *Facts) ([]any, bool) {
	if len(f.Lures) == 0 && !claimsAnyBrand(f) {
		return nil, false
	}
	l, ok := firstLink(f, func(l report.Link) bool {
		return l.Text == FormText && (l.Domain == "" || l.Domain != f.FromOrg)
	})
	target := dom(l.Domain)
	if target == "" {
		target = "(unknown)"
	}
	return []any{target}, ok
}

func attachmentByRisk(f *Facts, risk string) ([]any, bool) {
	for _, a := range f.Attachments {
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

func attachmentHighRisk(f *Facts) ([]any, bool) { return attachmentByRisk(f, "high") }

func attachmentRisky(f *Facts) ([]any, bool) {
	if _, high := attachmentByRisk(f, "high"); high {
		return nil, false
	}
	return attachmentByRisk(f, "medium")
}

func lure(kinds ...string) func(f *Facts) ([]any, bool) {
	return func(f *Facts) ([]any, bool) {
		for _, l := range f.Lures {
			if slices.Contains(kinds, l.Kind) {
				return []any{short(l.Phrase, 60)}, true
			}
		}
		return nil, false
	}
}

func replyToFreemail(f *Facts) ([]any, bool) {
	if !f.FreemailReply || !slices.Contains(f.Sender.Mismatches, identity.MismatchReplyTo) {
		return nil, false
	}
	return []any{dom(f.Sender.ReplyTo), senderShown(f)}, true
}

func replyToElsewhere(f *Facts) ([]any, bool) {
	if f.FreemailReply || f.ListID != "" || !slices.Contains(f.Sender.Mismatches, identity.MismatchReplyTo) {
		return nil, false
	}
	return []any{dom(f.Sender.ReplyToDomain), senderShown(f)}, true
}

func suspiciousTLD(f *Facts) ([]any, bool) {
	if len(f.SuspiciousTLD) == 0 {
		return nil, false
	}
	return []any{dom(f.SuspiciousTLD[0])}, true
}

func dmarcFail(f *Facts) ([]any, bool) {
	if !f.Auth.Trusted {
		return nil, false
	}
	switch {
	case f.Auth.DMARC == "fail":
		return []any{"fail", senderShown(f)}, true
	case f.CompAuth == "fail":
		return []any{bilingual{"fail (Microsoft compauth)", "fail（Microsoft compauth）"}, senderShown(f)}, true
	}
	return nil, false
}

func authFail(f *Facts) ([]any, bool) {
	if !f.Auth.Trusted || f.Authenticated || f.Auth.DMARC == "fail" || f.CompAuth == "fail" {
		return nil, false
	}
	spfBad := f.Auth.SPF == "fail" || f.Auth.SPF == "softfail"
	if !spfBad || f.Auth.DKIM == "pass" {
		return nil, false
	}
	dkim := f.Auth.DKIM
	if dkim == "" {
		dkim = "none"
	}
	return []any{f.Auth.SPF, dkim, senderShown(f)}, true
}

func providerPhish(f *Facts) ([]any, bool) {
	switch strings.ToUpper(f.Provider.Category) {
	case "PHSH", "HPHSH", "HPHISH", "SPOOF", "MALW":
		return []any{f.Provider.Source, bilingual{"phishing or spoofing (" + f.Provider.Category + ")", "フィッシングまたはなりすまし（" + f.Provider.Category + "）"}, f.Provider.SCL}, true
	}
	return nil, false
}

// providerSpamAt: Microsoft's spam confidence level in [lo, hi] (5 and
// up means the mail went to the junk folder; 7 and up, high confidence).
func providerSpamAt(lo, hi int) func(f *Facts) ([]any, bool) {
	return func(f *Facts) ([]any, bool) {
		if _, phish := providerPhish(f); phish || f.Provider.SCL < lo || f.Provider.SCL > hi {
			return nil, false
		}
		return []any{f.Provider.Source, f.Provider.SCL}, true
	}
}

// youngDomainDays: younger than this is "young".
const youngDomainDays = 90

func youngDomain(f *Facts) ([]any, bool) {
	best := -1
	name := ""
	for _, d := range f.Domains {
		if d.AgeDays == nil || *d.AgeDays >= youngDomainDays || slices.Equal(d.Roles, []string{report.RoleMessageID}) {
			continue
		}
		if best < 0 || *d.AgeDays < best {
			best, name = *d.AgeDays, d.Name
		}
	}
	return []any{dom(name), best}, best >= 0
}

func registrantUnrelated(f *Facts) ([]any, bool) {
	if len(f.RegistrantForeign) == 0 {
		return nil, false
	}
	r := f.RegistrantForeign[0]
	return []any{dom(r.Domain), short(r.Registrant, 80), r.Brand}, true
}

func registrantMatches(f *Facts) ([]any, bool) {
	if len(f.RegistrantMatches) == 0 || len(f.RegistrantForeign) > 0 {
		return nil, false
	}
	r := f.RegistrantMatches[0]
	return []any{dom(r.Domain), short(r.Registrant, 80)}, true
}

func ownDKIMFail(f *Facts) ([]any, bool) {
	if f.Own == nil {
		return nil, false
	}
	for _, d := range f.Own.DKIM {
		if d.Result == "fail" {
			return []any{dom(d.Domain)}, true
		}
	}
	return nil, false
}

func brandDMARCNone(f *Facts) ([]any, bool) {
	if f.Own == nil || f.Own.DMARCPolicy != "none" {
		return nil, false
	}
	for _, b := range f.Brands {
		if b.SenderIsBrand {
			return []any{dom(f.FromOrg)}, true
		}
	}
	return nil, false
}

// authenticBrand names the owner of the sender's domain when it is known
// (rakuten.co.jp belongs to Rakuten, even when the mail says SMARTalk).
func authenticBrand(f *Facts) ([]any, bool) {
	if !f.Authenticated {
		return nil, false
	}
	var found *BrandFact
	for i, b := range f.Brands {
		if b.SenderIsBrand && (found == nil || b.Where == "from_domain") {
			found = &f.Brands[i]
		}
	}
	if found == nil {
		return nil, false
	}
	return []any{dom(f.FromOrg), brandName(*found)}, true
}

func linksMatchSender(f *Facts) ([]any, bool) {
	return []any{len(f.Links)}, f.LinksOwn && len(f.Links) > 0
}

func authenticatedSender(f *Facts) ([]any, bool) {
	if _, brand := authenticBrand(f); brand {
		return nil, false
	}
	return []any{senderShown(f)}, f.Authenticated
}

func mailingList(f *Facts) ([]any, bool) {
	return []any{dom(short(f.ListID, 80))}, f.ListID != ""
}

func establishedDomain(f *Facts) ([]any, bool) {
	for _, d := range f.Domains {
		if d.AgeDays != nil && *d.AgeDays >= 2*365 && slices.Contains(d.Roles, report.RoleFrom) {
			return []any{dom(d.Name), *d.AgeDays / 365}, true
		}
	}
	return nil, false
}

func mixedScript(f *Facts) ([]any, bool) {
	return []any{short(f.MixedScript, 40)}, f.MixedScript != ""
}

func claimsAnyBrand(f *Facts) bool {
	for _, b := range f.Brands {
		if b.Where != "body" {
			return true
		}
	}
	return false
}

func filterFlagged(f *Facts) ([]any, bool) {
	return []any{short(f.FilterFlag, 60)}, f.FilterFlag != ""
}

func brandOriginUnrelated(f *Facts) ([]any, bool) {
	if f.Authenticated || !f.HasOrigin || f.OriginESP {
		return nil, false
	}
	for _, b := range f.Brands {
		if !b.SenderIsBrand || b.OriginIsBrand {
			continue
		}
		host := f.OriginHost
		if host == "" {
			host = "no reverse DNS"
		}
		return []any{senderShown(f), dom(host), brandName(b)}, true
	}
	return nil, false
}

func randomTokenCheck(f *Facts) ([]any, bool) {
	return []any{short(f.RandomToken, 40)}, f.RandomToken != ""
}

func freemailOrganization(f *Facts) ([]any, bool) {
	if f.FreemailOrg == "" || f.Bounce {
		return nil, false
	}
	if _, brand := brandImpersonation(f); brand {
		return nil, false // the brand rule already says it
	}
	return []any{f.FreemailOrg, senderShown(f)}, true
}

// senderUnauthenticated: the provider checked and nothing vouches for From.
// DMARC or compauth failures have their own, stronger rule.
func senderUnauthenticated(f *Facts) ([]any, bool) {
	if !f.Auth.Trusted || f.Authenticated || f.FromOrg == "" {
		return nil, false
	}
	if _, failed := dmarcFail(f); failed {
		return nil, false
	}
	return []any{senderShown(f)}, true
}

func linksElsewhereUnauthenticated(f *Facts) ([]any, bool) {
	if !f.Auth.Trusted || f.Authenticated || f.FromOrg == "" || len(f.Links) == 0 || f.LinksToSender > 0 {
		return nil, false
	}
	return []any{len(f.Links), senderShown(f)}, true
}

func hashBusterCheck(f *Facts) ([]any, bool) {
	return []any{short(f.HashBuster, 24)}, f.HashBuster != ""
}
