// Package render turns an analysis report into what the Slack bot posts:
// Block Kit blocks, the plain notification text, the vote tally and the
// chat.postMessage payload, in English or Japanese.
//
// Everything taken from the mail goes through Escape (and URLs, domains and
// IPs through the defang helpers) before it reaches a text object; every
// mrkdwn text object is verbatim, so Slack neither auto-links nor parses
// mentions; and a final pass enforces Slack's limits (50 blocks, 3000
// characters per section, 150 per header, 10 fields, 75 per button).
package render

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/store"
)

// Options change what Blocks renders.
type Options struct {
	Lang     string // en|ja (a Slack locale such as "ja-JP" works too)
	CaseID   int64  // > 0: add the tally and the vote / full report buttons
	Tally    *store.Tally
	Related  []store.Related
	MaxLinks int // default 10
}

// Block and action IDs the bot matches on.
const (
	BlockTally           = "tally"
	BlockActions         = "actions"
	ActionVotePhishing   = "vote_phishing"
	ActionVoteLegitimate = "vote_legitimate"
	ActionVoteNotSure    = "vote_not_sure"
	ActionFullReport     = "full_report"
)

// ChoiceForAction maps a vote action_id to its store choice ("" if none).
func ChoiceForAction(actionID string) string {
	switch actionID {
	case ActionVotePhishing:
		return store.Phishing
	case ActionVoteLegitimate:
		return store.Legitimate
	case ActionVoteNotSure:
		return store.NotSure
	}
	return ""
}

const (
	maxReasons     = 5
	maxDomains     = 15
	maxAttachments = 10
	maxRelated     = 5
	maxLookups     = 10
	maxNotes       = 5
	maxURLRunes    = 200
	maxShortRunes  = 100
	maxSubject     = 300
)

// Blocks renders the whole reply for a report: verdict, reasons, origin,
// sender and authentication, domain owners, links, attachments, related
// earlier cases, unavailable lookups, and — when o.CaseID > 0 — the tally
// and the buttons. A nil report renders as an empty one.
func Blocks(r *report.Report, o Options) []slack.Block {
	if r == nil {
		r = &report.Report{}
	}
	m := Messages(o.Lang)
	var bs []slack.Block

	bs = append(bs, slack.NewHeaderBlock(plain(header(r, m)), slack.HeaderBlockOptionBlockID("verdict")))
	bs = append(bs, section("summary", summary(r, m)))
	if notes := notesText(r, m); notes != "" {
		bs = append(bs, contextBlock("notes", notes))
	}
	if t := providerText(r, o.Lang, m); t != "" {
		bs = append(bs, contextBlock("provider", t))
	}
	bs = append(bs, slack.NewDividerBlock())
	if t := claimsText(r, o.Lang, m); t != "" {
		bs = append(bs, section("claims", t))
	}
	bs = append(bs, originBlocks(r, m)...)
	bs = append(bs, section("sender", senderText(r, m)))
	if t := domainsText(r, m); t != "" {
		bs = append(bs, section("domains", t))
	}
	if t := linksText(r, m, o.MaxLinks); t != "" {
		bs = append(bs, section("links", t))
	}
	if t := attachmentsText(r, m); t != "" {
		bs = append(bs, section("attachments", t))
	}
	if t := relatedText(o.Related, m); t != "" {
		bs = append(bs, section("related", t))
	}
	if t := lookupsText(r, m); t != "" {
		bs = append(bs, contextBlock("lookups", t))
	}
	if o.CaseID > 0 {
		var t store.Tally
		if o.Tally != nil {
			t = *o.Tally
		}
		bs = append(bs, slack.NewDividerBlock(), TallyBlock(t, o.Lang), actions(o.CaseID, m))
	}
	return enforceLimits(bs)
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, true, false)
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, true)
}

func section(id, text string) *slack.SectionBlock {
	return slack.NewSectionBlock(mrkdwn(truncate(text, MaxSectionText)), nil, nil, slack.SectionBlockOptionBlockID(id))
}

func contextBlock(id, text string) *slack.ContextBlock {
	return slack.NewContextBlock(id, mrkdwn(truncate(text, MaxContextText)))
}

func levelLabel(level string, m Strings) string {
	switch level {
	case report.Phishing:
		return m.LevelPhishing
	case report.Suspicious:
		return m.LevelSuspicious
	case report.Legitimate:
		return m.LevelLegitimate
	}
	return m.LevelUnknown
}

func levelEmoji(level string) string {
	switch level {
	case report.Phishing:
		return ":rotating_light:"
	case report.Suspicious:
		return ":warning:"
	case report.Legitimate:
		return ":white_check_mark:"
	}
	return ":grey_question:"
}

// VerdictReaction is the reaction name (without colons) that shows a verdict
// on the user's message.
func VerdictReaction(level string) string {
	return strings.Trim(levelEmoji(level), ":")
}

// header is plain text built only from our own labels and the score.
func header(r *report.Report, m Strings) string {
	return truncate(fmt.Sprintf("%s %s — %s", levelEmoji(r.Verdict.Level), levelLabel(r.Verdict.Level, m),
		fmt.Sprintf(m.Score, r.Verdict.Score)), MaxHeaderText)
}

func reasonText(rs report.Reason, lang string) string {
	if normLang(lang) == "ja" && strings.TrimSpace(rs.TextJA) != "" {
		return rs.TextJA
	}
	if strings.TrimSpace(rs.Text) != "" {
		return rs.Text
	}
	return rs.Code
}

// topReasons orders the reasons toward the verdict (most negative first for
// a legitimate verdict, most positive first otherwise) and keeps n.
func topReasons(r *report.Report, n int) []report.Reason {
	rs := append([]report.Reason(nil), r.Verdict.Reasons...)
	legit := r.Verdict.Level == report.Legitimate
	sort.SliceStable(rs, func(i, j int) bool {
		if legit {
			return rs[i].Weight < rs[j].Weight
		}
		return rs[i].Weight > rs[j].Weight
	})
	if len(rs) > n {
		rs = rs[:n]
	}
	return rs
}

func summary(r *report.Report, m Strings) string {
	subject := strings.TrimSpace(r.Subject)
	s := m.NoSubject
	if subject != "" {
		s = clip(safe, subject, maxSubject)
	}
	lines := []string{fmt.Sprintf("*%s:* %s", m.Subject, s)}
	if reasons := topReasons(r, maxReasons); len(reasons) > 0 {
		lines = append(lines, fmt.Sprintf("*%s*", m.Why))
		for _, rs := range reasons {
			lines = append(lines, "• "+clip(safe, reasonText(rs, m.Lang), 400))
		}
	}
	return joinLimited(lines, MaxSectionText, moreFn(m))
}

func moreFn(m Strings) func(int) string {
	return func(n int) string { return "… " + fmt.Sprintf(m.More, n) }
}

func notesText(r *report.Report, m Strings) string {
	var parts []string
	for i, n := range r.Notes {
		if i == maxNotes {
			parts = append(parts, fmt.Sprintf(m.More, len(r.Notes)-maxNotes))
			break
		}
		if n = strings.TrimSpace(n); n != "" {
			parts = append(parts, clip(safe, n, 300))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return ":information_source: " + strings.Join(parts, " · ")
}

func field(label, value string) *slack.TextBlockObject {
	return mrkdwn(truncate(fmt.Sprintf("*%s*\n%s", label, value), MaxFieldText))
}

func originBlocks(r *report.Report, m Strings) []slack.Block {
	o := r.Origin
	if o == nil || strings.TrimSpace(o.IP) == "" {
		return []slack.Block{section("origin", fmt.Sprintf("*%s*\n%s", m.Origin, m.NoOrigin))}
	}
	var fs []*slack.TextBlockObject
	add := func(label, value string) {
		if strings.TrimSpace(value) != "" && len(fs) < MaxFields {
			fs = append(fs, field(label, value))
		}
	}
	add(m.IP, safeDomain(o.IP))
	add(m.Host, safeDomain(o.Host))
	if g := o.Geo; g != nil {
		var loc []string
		for _, p := range []string{g.City, g.CountryName} {
			if p = strings.TrimSpace(p); p != "" {
				loc = append(loc, clip(Escape, p, 60))
			}
		}
		l := strings.Join(loc, ", ")
		if c := strings.TrimSpace(g.Country); c != "" {
			l = strings.TrimSpace(l + " (" + clip(Escape, c, 10) + ")")
		}
		add(m.Location, truncate(l, maxShortRunes))
	}
	if a := o.ASN; a != nil && a.Number > 0 {
		add(m.ASN, truncate(strings.TrimSpace(fmt.Sprintf("AS%d %s", a.Number, clip(safe, a.Org, maxShortRunes))), maxShortRunes))
	}
	if n := o.Network; n != nil {
		var parts []string
		for _, p := range []string{n.Org, n.Name} {
			if p = strings.TrimSpace(p); p != "" && !containsFold(parts, clip(safe, p, maxShortRunes)) {
				parts = append(parts, clip(safe, p, maxShortRunes))
			}
		}
		var extra []string
		if n.Handle != "" {
			extra = append(extra, clip(Escape, n.Handle, 60))
		}
		if n.Range != "" {
			extra = append(extra, clip(safe, n.Range, 60))
		}
		if n.Country != "" {
			extra = append(extra, clip(Escape, n.Country, 20))
		}
		if n.Source != "" {
			extra = append(extra, clip(Escape, n.Source, 30))
		}
		v := strings.Join(parts, " / ")
		if len(extra) > 0 {
			v = strings.TrimSpace(v + " (" + strings.Join(extra, ", ") + ")")
		}
		add(m.Network, truncate(v, 300))
		add(m.Abuse, clip(safeAddr, n.AbuseEmail, maxShortRunes))
	}
	add(m.HandedTo, clip(safeDomain, o.ReceivedBy, maxShortRunes))
	add(m.Helo, clip(safeDomain, o.Helo, maxShortRunes))
	if o.Source != "" {
		v := clip(Escape, o.Source, 30)
		if len(o.CrossCheck) > 0 {
			var cc []string
			for _, c := range o.CrossCheck {
				cc = append(cc, clip(Escape, c, 30))
			}
			v += " · " + m.CrossChecked + " " + strings.Join(cc, ", ")
		}
		add(m.OriginSource, truncate(v, maxShortRunes))
	}
	out := []slack.Block{slack.NewSectionBlock(mrkdwn("*"+m.Origin+"*"), fs, nil, slack.SectionBlockOptionBlockID("origin"))}
	if n := claimedHops(r.Hops); n > 0 {
		out = append(out, contextBlock("claimed", ":grey_exclamation: "+fmt.Sprintf(m.ClaimedHidden, n)))
	}
	return out
}

func containsFold(list []string, s string) bool {
	for _, l := range list {
		if strings.EqualFold(l, s) {
			return true
		}
	}
	return false
}

// claimedHops counts the untrusted hops below the origin hop: written by
// the sender, shown only in the full report.
func claimedHops(hops []report.Hop) int {
	idx := -1
	for i, h := range hops {
		if h.Origin {
			idx = i
			break
		}
	}
	if idx < 0 {
		return 0
	}
	n := 0
	for _, h := range hops[idx+1:] {
		if !h.Trusted {
			n++
		}
	}
	return n
}

func senderText(r *report.Report, m Strings) string {
	s := r.Sender
	lines := []string{"*" + m.SenderAuth + "*"}
	from := ""
	if s.DisplayName != "" {
		from = clip(safe, s.DisplayName, maxShortRunes) + " "
	}
	if s.From != "" {
		from += "&lt;" + clip(safeAddr, s.From, maxShortRunes) + "&gt;"
	}
	if from != "" {
		lines = append(lines, fmt.Sprintf("*%s:* %s", m.From, from))
	}
	if s.Sender != "" && !strings.EqualFold(s.Sender, s.From) {
		lines = append(lines, fmt.Sprintf("*%s:* %s", m.SenderHdr, clip(safeAddr, s.Sender, maxShortRunes)))
	}
	if s.ReturnPath != "" {
		lines = append(lines, fmt.Sprintf("*%s:* %s", m.ReturnPath, clip(safeAddr, s.ReturnPath, maxShortRunes)))
	}
	if s.ReplyTo != "" && !strings.EqualFold(s.ReplyTo, s.From) {
		lines = append(lines, fmt.Sprintf("*%s:* :warning: %s", m.ReplyTo, clip(safeAddr, s.ReplyTo, maxShortRunes)))
	}
	if len(s.DKIMDomains) > 0 {
		var ds []string
		for i, d := range s.DKIMDomains {
			if i == 10 {
				ds = append(ds, fmt.Sprintf(m.More, len(s.DKIMDomains)-10))
				break
			}
			ds = append(ds, clip(safeDomain, d, maxShortRunes))
		}
		lines = append(lines, fmt.Sprintf("*%s:* %s", m.DKIMDomains, strings.Join(ds, ", ")))
	}
	a := r.Auth
	res := fmt.Sprintf("SPF %s · DKIM %s · DMARC %s", result(a.SPF), result(a.DKIM), result(a.DMARC))
	if a.ARC != "" {
		res += " · ARC " + result(a.ARC)
	}
	if a.AuthservID != "" {
		res += fmt.Sprintf(" (%s %s)", m.AuthservID, clip(safeDomain, a.AuthservID, maxShortRunes))
	}
	if !a.Trusted && (a.SPF != "" || a.DKIM != "" || a.DMARC != "") {
		res += " :warning: " + m.Untrusted
	}
	lines = append(lines, fmt.Sprintf("*%s:* %s", m.Results, res))
	lines = append(lines, fmt.Sprintf("*%s:* SPF %s · DKIM %s", m.Alignment, mark(a.Aligned.SPF), mark(a.Aligned.DKIM)))
	if len(s.Mismatches) > 0 {
		var ms []string
		for i, x := range s.Mismatches {
			if i == 5 {
				break
			}
			ms = append(ms, clip(safe, x, maxShortRunes))
		}
		lines = append(lines, fmt.Sprintf("*%s:* %s", m.Mismatches, strings.Join(ms, " · ")))
	}
	if len(r.Brands) > 0 {
		var bs []string
		for i, b := range r.Brands {
			if i == 5 {
				break
			}
			v := clip(safe, b.Brand, 60)
			if b.Where != "" {
				v += " (" + clip(Escape, b.Where, 30) + ")"
			}
			if b.Authentic {
				v += ": " + m.Authentic
			} else {
				v += ": :warning: " + m.Imitated
			}
			bs = append(bs, v)
		}
		lines = append(lines, fmt.Sprintf("*%s:* %s", m.Brands, strings.Join(bs, " · ")))
	}
	return joinLimited(lines, MaxSectionText, moreFn(m))
}

func result(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "—"
	}
	return clip(Escape, s, 30)
}

func mark(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}

// claimsText says which brands the mail presents itself as, and for each
// domain tied to the claim whether it belongs to the brand.
func claimsText(r *report.Report, lang string, m Strings) string {
	var names []string
	for _, b := range r.Brands {
		if b.Claimed && len(names) < 5 {
			names = append(names, clip(safe, b.Brand, 60)+" ("+clip(Escape, b.Where, 20)+")")
		}
	}
	if len(names) == 0 {
		return ""
	}
	lines := []string{"*" + m.Claims + ":* " + strings.Join(names, ", ")}
	for i, o := range r.Ownership {
		if i == maxDomains {
			lines = append(lines, fmt.Sprintf(m.More, len(r.Ownership)-maxDomains))
			break
		}
		sum := o.Summary
		if lang == "ja" && o.SummaryJA != "" {
			sum = o.SummaryJA
		}
		mark := ":grey_question:"
		switch o.Status {
		case "belongs":
			mark = ":white_check_mark:"
		case "does_not_belong":
			mark = ":x:"
		}
		lines = append(lines, mark+" "+clip(safeDomain, o.Domain, maxShortRunes)+" — "+clip(safe, sum, 200))
	}
	return joinLimited(lines, MaxSectionText, moreFn(m))
}

// providerText shows the spam filters' own ratings as their opinion.
func providerText(r *report.Report, lang string, m Strings) string {
	var parts []string
	for i, p := range r.Provider {
		if i == 3 {
			break
		}
		sum := p.Summary
		if lang == "ja" && p.SummaryJA != "" {
			sum = p.SummaryJA
		}
		parts = append(parts, clip(safe, sum, 300))
	}
	if len(parts) == 0 {
		return ""
	}
	return m.Provider + ": " + strings.Join(parts, " / ")
}

func domainsText(r *report.Report, m Strings) string {
	if len(r.Domains) == 0 {
		return ""
	}
	lines := []string{"*" + m.Domains + "*"}
	for i, d := range r.Domains {
		if i == maxDomains {
			lines = append(lines, fmt.Sprintf(m.More, len(r.Domains)-maxDomains))
			break
		}
		var roles []string
		for _, role := range d.Roles {
			if l, ok := m.RoleLabels[role]; ok {
				roles = append(roles, l)
			} else {
				roles = append(roles, clip(Escape, role, 20))
			}
		}
		line := "• " + clip(safeDomain, d.Name, maxShortRunes)
		if len(roles) > 0 {
			line += " (" + strings.Join(roles, ", ") + ")"
		}
		var facts []string
		if d.Registrar != "" {
			facts = append(facts, m.Registrar+" "+clip(safe, d.Registrar, 80))
		}
		if d.Registrant != "" {
			facts = append(facts, m.Registrant+" "+clip(safe, d.Registrant, 80))
		}
		if d.Created != "" {
			if d.AgeDays != nil {
				created := fmt.Sprintf(m.Created, clip(Escape, d.Created, 30), *d.AgeDays)
				if *d.AgeDays < 90 {
					created = ":warning: " + created
				}
				facts = append(facts, created)
			} else {
				facts = append(facts, fmt.Sprintf(m.CreatedDate, clip(Escape, d.Created, 30)))
			}
		}
		if d.Source != "" {
			facts = append(facts, fmt.Sprintf(m.Via, clip(Escape, d.Source, 20)))
		}
		if d.Error != "" && len(facts) == 0 {
			facts = append(facts, m.Unavailable+" ("+clip(safe, d.Error, 80)+")")
		}
		if len(facts) > 0 {
			line += " — " + strings.Join(facts, " · ")
		}
		lines = append(lines, line)
	}
	return joinLimited(lines, MaxSectionText, moreFn(m))
}

func linksText(r *report.Report, m Strings, maxLinks int) string {
	if len(r.Links) == 0 {
		return ""
	}
	if maxLinks <= 0 {
		maxLinks = DefaultMaxLinks
	}
	lines := []string{fmt.Sprintf("*%s* (%d)", m.Links, len(r.Links))}
	for i, l := range r.Links {
		if i == maxLinks {
			lines = append(lines, fmt.Sprintf(m.More, len(r.Links)-maxLinks))
			break
		}
		u := l.URL
		if strings.TrimSpace(u) == "" {
			u = l.Domain
		}
		line := "• " + clip(safeURL, u, maxURLRunes)
		var flags []string
		if l.Mismatch {
			shown := l.Text
			if strings.TrimSpace(shown) == "" {
				shown = l.TextDomain
			}
			flags = append(flags, ":warning: "+fmt.Sprintf(m.TextShows, "“"+clip(safe, shown, 80)+"”"))
		}
		if l.Shortener {
			flags = append(flags, m.Shortener)
		}
		if l.IPLiteral {
			flags = append(flags, m.IPLiteral)
		}
		if l.Punycode {
			flags = append(flags, fmt.Sprintf(m.Punycode, clip(safeDomain, l.Unicode, 60)))
		}
		if l.Count > 1 {
			flags = append(flags, fmt.Sprintf(m.Times, l.Count))
		}
		if len(flags) > 0 {
			line += " — " + strings.Join(flags, " · ")
		}
		lines = append(lines, line)
	}
	return joinLimited(lines, MaxSectionText, moreFn(m))
}

func riskEmoji(risk string) string {
	switch risk {
	case "high":
		return ":red_circle:"
	case "medium":
		return ":large_orange_circle:"
	case "low":
		return ":large_yellow_circle:"
	}
	return ":white_circle:"
}

func attachmentsText(r *report.Report, m Strings) string {
	if len(r.Attachments) == 0 {
		return ""
	}
	lines := []string{fmt.Sprintf("*%s* (%d)", m.Attachment, len(r.Attachments))}
	for i, a := range r.Attachments {
		if i == maxAttachments {
			lines = append(lines, fmt.Sprintf(m.More, len(r.Attachments)-maxAttachments))
			break
		}
		name := strings.TrimSpace(a.Name)
		if name == "" {
			name = "(unnamed)"
		}
		line := riskEmoji(a.Risk) + " " + clip(Escape, name, maxShortRunes)
		var facts []string
		if a.ContentType != "" {
			t := clip(Escape, a.ContentType, 60)
			if a.Sniffed != "" && !strings.EqualFold(a.Sniffed, a.ContentType) {
				t += " / " + clip(Escape, a.Sniffed, 40)
			}
			facts = append(facts, t)
		}
		if a.Size > 0 {
			facts = append(facts, strconv.Itoa(a.Size)+" "+m.Size)
		}
		if h := strings.TrimSpace(a.SHA256); h != "" {
			facts = append(facts, "sha256 "+Escape(shortHash(h)))
		}
		risk := a.Risk
		if risk == "" {
			risk = "none"
		}
		rv := fmt.Sprintf(m.Risk, clip(Escape, risk, 20))
		if len(a.RiskReasons) > 0 {
			var rr []string
			for j, x := range a.RiskReasons {
				if j == 3 {
					break
				}
				rr = append(rr, clip(safe, x, 60))
			}
			rv += " (" + strings.Join(rr, ", ") + ")"
		}
		facts = append(facts, rv)
		line += " — " + strings.Join(facts, " · ")
		lines = append(lines, line)
	}
	return joinLimited(lines, MaxSectionText, moreFn(m))
}

func shortHash(h string) string {
	if len(h) <= 16 {
		return h
	}
	return truncate(h, 17)
}

// SafePermalink returns the permalink if it is an http(s) URL that can sit
// inside Slack's <url|text> syntax unchanged, and "" otherwise.
func SafePermalink(link string) string {
	if link == "" || len(link) > 500 {
		return ""
	}
	for _, r := range link {
		if r <= ' ' || r == 0x7f || r > 0x7e || strings.ContainsRune("<>|@`\"'", r) {
			return ""
		}
	}
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return ""
	}
	return link
}

func relatedText(rel []store.Related, m Strings) string {
	if len(rel) == 0 {
		return ""
	}
	lines := []string{":link: *" + m.SeenBefore + "*"}
	for i, r := range rel {
		if i == maxRelated {
			lines = append(lines, fmt.Sprintf(m.More, len(rel)-maxRelated))
			break
		}
		var where string
		if p := SafePermalink(r.Case.Permalink); p != "" {
			where = "<" + strings.ReplaceAll(p, "&", "&amp;") + "|" + m.Thread + ">"
		} else {
			where = fmt.Sprintf(m.Case, r.Case.ID)
		}
		parts := []string{where}
		if s := strings.TrimSpace(r.Case.Subject); s != "" {
			parts = append(parts, "“"+clip(safe, s, 80)+"”")
		}
		if r.Case.Verdict != "" {
			parts = append(parts, levelLabel(r.Case.Verdict, m))
		}
		if d := r.Tally.Decision; d != "" {
			parts = append(parts, fmt.Sprintf(m.DecidedVotes, choiceLabel(d, m), r.Tally.Total()))
		} else {
			parts = append(parts, fmt.Sprintf(m.Undecided, r.Tally.Total()))
		}
		if len(r.Matched) > 0 {
			var ms []string
			for j, k := range r.Matched {
				if j == 5 {
					ms = append(ms, fmt.Sprintf(m.More, len(r.Matched)-5))
					break
				}
				ms = append(ms, matchLabel(k, m))
			}
			parts = append(parts, m.MatchedOn+": "+strings.Join(ms, ", "))
		}
		lines = append(lines, "• "+strings.Join(parts, " — "))
	}
	return joinLimited(lines, MaxSectionText, moreFn(m))
}

func matchLabel(k string, m Strings) string {
	kind, value, _ := strings.Cut(k, ":")
	label, ok := m.MatchLabels[kind]
	if !ok {
		label = clip(Escape, kind, 20)
	}
	switch kind {
	case store.KindLinkDomain:
		return label + " " + clip(safeDomain, value, 60)
	case store.KindAttachment:
		return label + " " + Escape(shortHash(value))
	}
	return label
}

func choiceLabel(choice string, m Strings) string {
	if l, ok := m.ChoiceLabels[choice]; ok {
		return l
	}
	return clip(Escape, choice, 20)
}

func lookupsText(r *report.Report, m Strings) string {
	var parts []string
	bad := 0
	for _, l := range r.Lookups {
		if l.Status == report.StatusOK || l.Status == "" {
			continue
		}
		bad++
		if len(parts) == maxLookups {
			continue
		}
		status, ok := m.StatusLabels[l.Status]
		if !ok {
			status = clip(Escape, l.Status, 20)
		}
		p := clip(Escape, l.Kind, 20)
		if l.Target != "" {
			p += " " + clip(safeDomain, l.Target, 60)
		}
		p += ": " + status
		if l.Error != "" {
			p += " (" + clip(safe, l.Error, 80) + ")"
		}
		parts = append(parts, p)
	}
	if bad == 0 {
		return ""
	}
	if bad > len(parts) {
		parts = append(parts, fmt.Sprintf(m.More, bad-len(parts)))
	}
	return ":electric_plug: *" + m.LookupsUnavailable + ":* " + strings.Join(parts, " · ")
}

// TallyBlock renders the vote tally (block_id "tally"); the bot rebuilds it
// in place on every vote. Voters are counted, not named: naming them would
// notify them.
func TallyBlock(t store.Tally, lang string) slack.Block {
	m := Messages(lang)
	text := ":ballot_box_with_ballot: *" + m.Votes + ":* "
	switch {
	case t.Total() == 0:
		text += m.NoVotes
	default:
		text += fmt.Sprintf(m.TallyLine, t.Phishing, t.Legitimate, t.NotSure)
		if t.Decision != "" {
			text += " — " + fmt.Sprintf(m.Decision, choiceLabel(t.Decision, m))
		} else {
			text += " — " + m.Tied
		}
	}
	return contextBlock(BlockTally, text)
}

func actions(caseID int64, m Strings) *slack.ActionBlock {
	v := strconv.FormatInt(caseID, 10)
	btn := func(id, label string, style slack.Style) *slack.ButtonBlockElement {
		b := slack.NewButtonBlockElement(id, v, plain(truncate(label, MaxButtonText)))
		if style != "" {
			b = b.WithStyle(style)
		}
		return b
	}
	return slack.NewActionBlock(BlockActions,
		btn(ActionVotePhishing, ":rotating_light: "+m.VotePhishing, slack.StyleDanger),
		btn(ActionVoteLegitimate, ":white_check_mark: "+m.VoteLegitimate, slack.StylePrimary),
		btn(ActionVoteNotSure, ":thinking_face: "+m.VoteNotSure, ""),
		btn(ActionFullReport, ":page_facing_up: "+m.FullReport, ""),
	)
}

// Fallback is the plain notification text of a reply:
// "checkmail: phishing (score 85): <subject> — <top reason>", escaped and
// defanged, at most 500 characters.
func Fallback(r *report.Report, lang string) string {
	if r == nil {
		r = &report.Report{}
	}
	m := Messages(lang)
	level := levelLabel(r.Verdict.Level, m)
	if m.Lang == "en" {
		level = strings.ToLower(level)
	}
	s := fmt.Sprintf("checkmail: %s (%s)", level, fmt.Sprintf(m.Score, r.Verdict.Score))
	subject := strings.TrimSpace(r.Subject)
	if subject == "" {
		subject = m.NoSubject
	} else {
		subject = clip(safe, subject, 150)
	}
	s += ": " + subject
	if rs := topReasons(r, 1); len(rs) > 0 {
		s += " — " + clip(safe, reasonText(rs[0], lang), 200)
	}
	return truncate(s, MaxFallbackText)
}

// payload is the chat.postMessage body the bot sends.
type payload struct {
	Text        string        `json:"text"`
	Blocks      []slack.Block `json:"blocks"`
	UnfurlLinks bool          `json:"unfurl_links"`
	UnfurlMedia bool          `json:"unfurl_media"`
}

// Payload returns the JSON of the chat.postMessage payload the bot would
// post for the report (without the channel): text, blocks, and unfurling
// off. `checkmail analyze --format slack` prints it.
func Payload(r *report.Report, o Options) ([]byte, error) {
	p := payload{Text: Fallback(r, o.Lang), Blocks: Blocks(r, o)}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("render: payload: %w", err)
	}
	return b, nil
}
