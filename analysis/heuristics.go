package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/checkmail/checkmail/analysis/evidence"
	"github.com/checkmail/checkmail/analysis/identity"
	"github.com/checkmail/checkmail/analysis/message"
	"github.com/checkmail/checkmail/analysis/provider"
	"github.com/checkmail/checkmail/analysis/received"
	"github.com/checkmail/checkmail/internal/ascii"
)

// providerStage reads the spam filters' own ratings. All are shown; only
// those the recipient's own provider wrote (above the trust boundary) may
// weigh in the verdict: a relay's or the sender's "rating" is information.
func providerStage(h message.Header, chain received.Chain) (evidence.Provider, []provider.Opinion) {
	ops := provider.Decode(h, provider.TrustFromChain(h, chain))
	p := evidence.Provider{SCL: -1}
	for _, o := range ops {
		if !o.Trusted {
			continue
		}
		switch o.Vendor {
		case provider.Microsoft:
			if p.Source == "" {
				p.Source = o.Vendor.Name()
				if o.SCL >= -1 {
					p.SCL = o.SCL
				}
				p.Category = strings.ToUpper(o.RawCategory)
			}
		default:
			if o.Filtering == provider.FilteringSpam && p.FilterFlag == "" {
				p.FilterFlag = o.Summary("en")
			}
		}
	}
	return p, ops
}

// hashBuster returns a run of 60 or more lower-case letters with no space:
// random text that spammers add so that no two copies hash alike.
func hashBuster(text string) string {
	const n = 60
	lower := func(i int) bool { return text[i] >= 'a' && text[i] <= 'z' }
	// Any run of n letters holds one of the probed bytes, which are at most
	// n apart, so most text is probed at one byte in n. At a letter, the
	// run around it is measured; the run's start never lies before the
	// previous probe, which was no letter.
	for i := n - 1; i < len(text); {
		if !lower(i) {
			i += n
			continue
		}
		start := i
		for start > 0 && lower(start-1) {
			start--
		}
		end := i + 1
		for end < len(text) && end-start < n && lower(end) {
			end++
		}
		if end-start == n {
			return text[start:end]
		}
		i = end + n // text[end] is no letter (or the end of text)
	}
	return ""
}

// randomToken returns a word of the subject that looks machine-made to make
// each copy of a mass mailing unique ("Notificação - Zi9yvh51JBhF"): 10 to
// 40 ASCII letters and digits with upper case, lower case and digits all
// present. CamelCase names have no digits; hex ids have no mixed case.
func randomToken(s string) string {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !(r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r))) }) {
		if len(w) < 10 || len(w) > 40 {
			continue
		}
		upper, lower, digit := 0, 0, 0
		for i, r := range w {
			switch {
			case unicode.IsUpper(r):
				if i > 0 { // capitals inside the word, not a name's initial
					upper++
				}
			case unicode.IsLower(r):
				lower++
			default:
				digit++
			}
		}
		if upper >= 2 && lower >= 2 && digit >= 1 && digit < len(w)/2 {
			return w
		}
	}
	return ""
}

// orgWords are words an organization puts in its display name. On a
// free-mail address they mean a person is posing as an organization.
var orgWords = []string{
	"bank", "banco", "support", "service", "services", "security", "team", "customer", "center", "centre",
	"department", "dept", "billing", "account", "accounts", "notification", "notificação", "notificacao",
	"admin", "administrator", "helpdesk", "help desk", "office", "llc", "inc", "ltd", "plc", "s.a", "corp",
	"official", "webmail", "mailbox", "it desk", "payroll", "hr ", "claims", "refund", "delivery",
	"shipping", "courier", "reward", "rewards", "wallet", "exchange", "finance", "financial", "secure",
	"verification", "alert", "alerts", "noreply", "no-reply", "liberação", "pendente", "microsoft", "outlook",
	"カスタマー", "センター", "サポート", "事務局", "運営",
}

// orgDisplayName returns what makes a display name an organization's or a
// notice's rather than a person's: an organization word, a long number, a
// bracketed tag ("[BB] - Seu saldo foi liberado - Código 5519") or a
// decorated name.
func orgDisplayName(name string) string {
	t := strings.TrimSpace(name)
	if strings.HasPrefix(t, "[") || strings.HasPrefix(t, "(") || decoratedName(t) {
		return strings.ToValidUTF8(t[:min(len(t), 20)], "") // no rune cut in two
	}
	digits := 0
	for _, r := range name {
		if r >= '0' && r <= '9' {
			if digits++; digits >= 5 {
				return "a long number"
			}
		} else {
			digits = 0
		}
	}
	l := " " + strings.ToLower(name) + " "
	isLetter := func(c byte) bool { return c >= 'a' && c <= 'z' }
	for _, w := range orgWords {
		i := strings.Index(l, w)
		if i < 0 {
			continue
		}
		after := byte(' ')
		if i+len(w) < len(l) {
			after = l[i+len(w)]
		}
		// Latin words stand alone ("bank", not "Banksy"); Japanese has no spaces.
		if w[0] < 128 && (isLetter(l[i-1]) || isLetter(after)) {
			continue
		}
		return strings.TrimSpace(w)
	}
	return ""
}

// decoratedName: dressing no person puts on the name they write under:
// underscores or hashes around it ("__FALLGIFTGUIDE____", "#Consumer_Rewards#"),
// an ampersand joining two words into a trade name ("Volgen&Tracen"), or a
// word of Latin letters and digits beside other words ("Ropo12g Gaming"). A
// handle alone is a person's ("oryann9", "sm00th_trac3r", "timothy_hodkinson"),
// and so is a couple ("John & Mary").
func decoratedName(t string) bool {
	if t == "" {
		return false
	}
	if strings.IndexByte("_#", t[0]) >= 0 || strings.IndexByte("_#", t[len(t)-1]) >= 0 {
		return true
	}
	for i := 1; i+1 < len(t); i++ {
		if t[i] == '&' && ascii.IsLetters(t[i-1:i]) && ascii.IsLetters(t[i+1:i+2]) {
			return true
		}
	}
	words := strings.Fields(t)
	if len(words) < 2 {
		return false
	}
	latin := func(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) }
	for _, w := range words {
		if strings.ContainsAny(w, "0123456789") && strings.ContainsFunc(w, latin) {
			return true
		}
	}
	return false
}

// isBounce: a delivery report from a mail system (the original it quotes
// is someone else's words, so its lures are not the report's). Only the
// top-level report type and the system sender count: message's own, wider
// bounce test (subjects, any nested report part) would let a phish that
// dresses up as "Undelivered mail" hide its lures.
//
// A system address counts only under a mail system's name: "Robinhood
// <postmaster@…>" is a phish borrowing the address, not a report.
func isBounce(h message.Header, from, displayName string) bool {
	local, _, _ := strings.Cut(strings.ToLower(from), "@")
	name := strings.ToLower(identity.NullSenderName(displayName))
	if (local == "mailer-daemon" || local == "postmaster" || from == "") && mailSystemName(name, from != "") {
		return true
	}
	ct := strings.ToLower(h.Get("Content-Type"))
	return strings.HasPrefix(ct, "multipart/report") && strings.Contains(ct, "delivery-status")
}

// mailSystemName: the name a mail system signs its reports with. With a
// system address, no name at all is one too.
func mailSystemName(name string, systemAddress bool) bool {
	if name == "" {
		return systemAddress
	}
	for _, w := range []string{"mailer-daemon", "mailer daemon", "postmaster", "mail delivery", "mail system", "delivery subsystem", "delivery status", "mail administrator", "system administrator"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}
