// Package textreport renders a Report as plain text for a terminal. Every
// string from the mail is cleaned of control characters (no escape sequence
// from a hostile mail reaches the terminal) and every domain is defanged.
package textreport

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/checkmail/checkmail/analysis/links"
	"github.com/checkmail/checkmail/analysis/report"
)

// Render writes r to w in the language lang (en or ja).
func Render(w io.Writer, r *report.Report, lang string) error {
	l := labels(lang)
	p := &printer{w: w}
	title := strings.ToUpper(r.Verdict.Level)
	if lang == "ja" {
		title = l.levels[r.Verdict.Level]
	}
	if r.File != "" {
		p.f("== %s\n", clean(r.File))
	}
	p.f("%s: %s (%s %d)\n", l.verdict, title, l.score, r.Verdict.Score)
	p.kv(l.subject, links.DefangText(clean(r.Subject)))
	from := defangAddr(r.Sender.From)
	if r.Sender.DisplayName != "" {
		from = fmt.Sprintf("%s <%s>", links.DefangText(clean(r.Sender.DisplayName)), from)
	}
	p.kv(l.from, from)
	p.kv(l.date, clean(r.Date))
	for _, po := range r.Provider {
		sum := po.Summary
		if lang == "ja" && po.SummaryJA != "" {
			sum = po.SummaryJA
		}
		p.kv(l.provider, clean(sum))
	}
	if r.Input.Unwrapped {
		p.kv(l.input, l.unwrapped)
	}

	p.section(l.why)
	if len(r.Verdict.Reasons) == 0 {
		p.f("  %s\n", l.noReasons)
	}
	for _, rs := range r.Verdict.Reasons {
		text := rs.Text
		if lang == "ja" && rs.TextJA != "" {
			text = rs.TextJA
		}
		text = links.DefangText(text)
		p.f("  %+4d  %s\n        [%s]\n", rs.Weight, clean(text), rs.Code)
	}

	if claimed := claimedBrands(r); len(claimed) > 0 {
		p.section(l.claims)
		for _, b := range claimed {
			p.f("  %s  (%s: %s)\n", clean(b.Brand), b.Where, links.DefangText(clean(b.Evidence)))
		}
		for _, o := range r.Ownership {
			sum := o.Summary
			if lang == "ja" && o.SummaryJA != "" {
				sum = o.SummaryJA
			}
			p.f("  %s %s — %s\n", l.owners, links.DefangDomain(clean(o.Domain)), links.DefangText(clean(sum)))
		}
	}

	p.section(l.origin)
	if o := r.Origin; o != nil {
		host := ""
		if o.Host != "" {
			host = "  " + links.DefangDomain(clean(o.Host))
		}
		p.kv("IP", links.DefangDomain(o.IP)+host)
		if o.Helo != "" {
			p.kv("HELO", links.DefangDomain(clean(o.Helo)))
		}
		p.kv(l.receivedBy, links.DefangDomain(clean(o.ReceivedBy)))
		if g := o.Geo; g != nil {
			p.kv(l.location, joinNonEmpty("  ", joinNonEmpty(", ", clean(g.City), clean(firstOf(g.CountryName, g.Country))), geoSource(g.Source)))
		}
		if a := o.ASN; a != nil {
			p.kv("ASN", joinNonEmpty("  ", fmt.Sprintf("AS%d %s", a.Number, clean(a.Org)), geoSource(a.Source)))
		}
		if n := o.Network; n != nil {
			p.kv(l.network, joinNonEmpty("  ", clean(n.Name), clean(n.Range), clean(n.Org), clean(n.Country), bracket(n.Source)))
			if n.AbuseEmail != "" {
				p.kv(l.abuse, defangAddr(n.AbuseEmail))
			}
		}
		for _, c := range o.CrossCheck {
			p.kv(l.check, clean(c))
		}
	} else {
		p.f("  %s\n", l.noOrigin)
	}

	p.section(l.auth)
	a := r.Auth
	by := a.AuthservID
	if !a.Trusted {
		by = l.untrusted
	}
	p.kv(l.recordedBy, clean(by))
	p.kv("SPF", joinNonEmpty(" ", orDash(a.SPF), paren(links.DefangDomain(clean(a.SPFDomain))), aligned(a.Aligned.SPF, a.SPF, l)))
	p.kv("DKIM", joinNonEmpty(" ", orDash(a.DKIM), paren(defangList(a.DKIMPassed)), aligned(a.Aligned.DKIM, a.DKIM, l)))
	p.kv("DMARC", orDash(a.DMARC))
	p.kv("ARC", orDash(a.ARC))
	if own := a.Own; own != nil {
		for _, d := range own.DKIM {
			p.kv(l.ownDKIM, joinNonEmpty(" ", d.Result, links.DefangDomain(clean(d.Domain)), paren(clean(d.Error))))
		}
		if own.SPF != "" {
			p.kv(l.ownSPF, own.SPF)
		}
		if own.DMARCPolicy != "" {
			p.kv(l.ownDMARC, fmt.Sprintf("p=%s sp=%s pct=%d", own.DMARCPolicy, orDash(own.DMARCSubPol), own.DMARCPct))
		}
		for _, d := range own.Disagreements {
			p.kv(l.disagree, clean(d))
		}
	}

	p.section(l.sender)
	s := r.Sender
	p.kv("From", defangAddr(s.From))
	p.kv("Reply-To", defangAddr(s.ReplyTo))
	p.kv("Return-Path", defangAddr(s.ReturnPath))
	p.kv("Sender", defangAddr(s.Sender))
	p.kv("Message-ID", links.DefangDomain(clean(s.MessageIDDomain)))
	p.kv("DKIM d=", defangList(s.DKIMDomains))
	if len(s.Mismatches) > 0 {
		p.kv(l.mismatch, strings.Join(s.Mismatches, ", "))
	}

	if len(r.Domains) > 0 {
		p.section(l.domains)
		for _, d := range r.Domains {
			line := joinNonEmpty("  ", links.DefangDomain(clean(d.Name)), bracket(strings.Join(d.Roles, ",")))
			detail := joinNonEmpty("; ", clean(d.Registrar), clean(d.Registrant), created(d, l), clean(d.Source))
			if d.Error != "" {
				detail = joinNonEmpty("; ", detail, l.unavailable+": "+clean(d.Error))
			}
			p.f("  %s\n", line)
			if detail != "" {
				p.f("      %s\n", detail)
			}
		}
	}

	p.section(fmt.Sprintf("%s (%d)", l.route, len(r.Hops)))
	for i, h := range r.Hops {
		mark := l.trusted
		if !h.Trusted {
			mark = l.claimed
		}
		if h.Origin {
			mark += ", " + l.originMark
		}
		from := joinNonEmpty(" ", links.DefangDomain(clean(h.FromHost)), bracket(links.DefangDomain(h.FromIP)))
		p.f("  %2d [%s] %s -> %s", i+1, mark, orDash(from), links.DefangDomain(clean(h.By)))
		if h.Time != "" {
			p.f("  %s", h.Time)
		}
		if h.DelaySeconds != nil {
			p.f(" (%+ds)", *h.DelaySeconds)
		}
		p.f("\n")
	}

	if len(r.Links) > 0 {
		p.section(fmt.Sprintf("%s (%d)", l.links, len(r.Links)))
		for i, k := range r.Links {
			if i == 30 {
				p.f("  … %d %s\n", len(r.Links)-30, l.more)
				break
			}
			flags := []string{}
			if k.Mismatch {
				flags = append(flags, l.mismatchFlag+" "+links.DefangDomain(clean(k.TextDomain)))
			}
			if k.Shortener {
				flags = append(flags, l.shortener)
			}
			if k.IPLiteral {
				flags = append(flags, "IP")
			}
			if k.Punycode {
				flags = append(flags, "IDN "+clean(k.Unicode))
			}
			p.f("  %s", clean(k.URL))
			if len(flags) > 0 {
				p.f("  [%s]", strings.Join(flags, "; "))
			}
			p.f("\n")
			if k.Text != "" {
				p.f("      %s %q\n", l.shows, cut(links.DefangText(clean(k.Text)), 100))
			}
		}
	}

	if len(r.Attachments) > 0 {
		p.section(l.attachments)
		for _, at := range r.Attachments {
			p.f("  %s  %s  %d B  %s: %s\n", clean(at.Name), joinNonEmpty("/", at.ContentType, at.Sniffed), at.Size, l.risk, at.Risk)
			p.f("      sha256 %s\n", at.SHA256)
			if len(at.RiskReasons) > 0 {
				p.f("      %s\n", clean(strings.Join(at.RiskReasons, ", ")))
			}
		}
	}

	p.section(l.lookups)
	for _, k := range r.Lookups {
		p.f("  %-6s %-28s %-8s %5dms %s\n", k.Kind, links.DefangDomain(clean(k.Target)), k.Status, k.MS, clean(k.Error))
	}
	if len(r.Notes) > 0 {
		p.section(l.notes)
		for _, n := range r.Notes {
			p.f("  - %s\n", links.DefangText(clean(n)))
		}
	}
	return p.err
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) kv(k, v string) {
	if v != "" {
		p.f("  %-12s %s\n", k, v)
	}
}

func (p *printer) section(name string) { p.f("\n%s\n", name) }

// clean replaces control and format characters (ANSI escapes, bidi
// overrides) with U+FFFD so the terminal shows them harmlessly.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' {
			return ' '
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

func defangAddr(a string) string { return links.DefangDomain(clean(a)) }

func defangList(ds []string) string {
	out := make([]string, 0, len(ds))
	for _, d := range ds {
		out = append(out, links.DefangDomain(clean(d)))
	}
	return strings.Join(out, ", ")
}

func created(d report.Domain, l lbl) string {
	if d.Created == "" {
		return ""
	}
	if d.AgeDays != nil {
		return fmt.Sprintf("%s %s (%d %s)", l.created, d.Created, *d.AgeDays, l.days)
	}
	return l.created + " " + d.Created
}

func aligned(ok bool, result string, l lbl) string {
	if result == "" {
		return ""
	}
	if ok {
		return l.aligned
	}
	return l.notAligned
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}

// geoSource names the GeoIP database that answered and its date.
func geoSource(s *report.GeoSource) string {
	if s == nil {
		return ""
	}
	return bracket(joinNonEmpty(", ", clean(s.Database), clean(s.Built)))
}

func bracket(s string) string {
	if s == "" {
		return ""
	}
	return "[" + s + "]"
}

func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func claimedBrands(r *report.Report) []report.BrandMatch {
	var out []report.BrandMatch
	for _, b := range r.Brands {
		if b.Claimed {
			out = append(out, b)
		}
	}
	return out
}
