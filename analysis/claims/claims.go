// Package claims tells a brand the mail *claims* to be (it presents itself
// as coming from the brand: display name, sender address, a subject tag, the
// sender block or signature, a logo) from a brand it only *mentions* (in
// running text or a news-style subject). Only a claim can be impersonation.
package claims

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/checkmail/checkmail/analysis/brands"
	"github.com/checkmail/checkmail/analysis/brands/phrase"
	"github.com/checkmail/checkmail/analysis/domain"
	"github.com/checkmail/checkmail/internal/ascii"
)

// Where is the part of the mail a claim was made in, strongest first.
type Where uint8

// Where a brand is claimed.
const (
	DisplayName Where = iota + 1
	// FromAddress: the sender address spells the brand (rakuten-card@…,
	// amazon.co.jp@…) or its domain is the brand's or imitates it.
	FromAddress
	// SubjectTag: a leading tag such as 【楽天市場】, [Amazon] or "SMARTalk:".
	SubjectTag
	// Signature: the sender block or copyright line (© 2024 Amazon.com, Inc.).
	Signature
	// LogoAlt: the alt text of an image standing for a logo.
	LogoAlt
	// SubjectAccount: the subject speaks of the reader's account, card or
	// membership at the brand ("Amazonアカウント", "your PayPal account").
	// Weaker than the others: it counts only where the mail also asks for
	// credentials.
	SubjectAccount
)

// String is the report's name for w.
func (w Where) String() string {
	switch w {
	case DisplayName:
		return "display_name"
	case FromAddress:
		return "from_address"
	case SubjectTag:
		return "subject_tag"
	case Signature:
		return "signature"
	case LogoAlt:
		return "logo_alt"
	case SubjectAccount:
		return "subject_account"
	}
	return "unknown"
}

// Strong reports whether a claim made here counts on its own.
func (w Where) Strong() bool { return w != SubjectAccount }

// Claim is a brand the mail presents itself as.
type Claim struct {
	Brand *brands.Brand
	Where Where
	Text  string // as written in the mail, bounded
}

// MentionWhere is where a brand was only named.
type MentionWhere uint8

// Where a brand is mentioned.
const (
	InSubject MentionWhere = iota + 1
	InBody
)

// String is the report's name for w.
func (w MentionWhere) String() string {
	if w == InSubject {
		return "subject"
	}
	return "body"
}

// Mention is a brand the mail names without claiming it.
type Mention struct {
	Brand *brands.Brand
	Where MentionWhere
	Text  string
}

// Input is what claims are read from. Texts are decoded; Body is the
// visible text, HTML the raw HTML (for logo alt texts).
type Input struct {
	DisplayName string
	From        string // address
	Subject     string
	Body        string
	// BodyFolded is Body folded by phrase.FoldText when the caller shares
	// it with other matchers; nil folds Body here.
	BodyFolded *phrase.Folded
	HTML       string
	// Bounce: the body quotes someone else's mail; its brands are not the
	// bounce's.
	Bounce bool
}

// Result is what Find found: at most one claim per brand (the strongest
// place), and the brands only mentioned.
type Result struct {
	Claims   []Claim
	Mentions []Mention
}

// Bounds on what is read.
const (
	maxText      = 64 << 10
	maxTagRunes  = 40
	tailBytes    = 2000
	maxLineRunes = 60
	maxAltRunes  = 48
	maxEvidence  = 80
)

// Find reads the claims and mentions of one mail.
func Find(t *brands.Table, in Input) Result {
	f := finder{t: t, shownName: in.DisplayName, at: map[string]int{}, mentioned: map[string]bool{}}
	f.displayName(in.DisplayName)
	f.fromAddress(in.From)
	subject, replied := stripPrefixes(t, clip(in.Subject, 2000))
	f.subject(subject, replied)
	if !in.Bounce {
		body := clip(in.Body, maxText)
		f.signature(body)
		// A logo speaks for the sender only where no display name does:
		// "Lyft Receipts" showing a Chase card's logo is Lyft's mail.
		if strings.TrimSpace(in.DisplayName) == "" {
			f.logos(clip(in.HTML, maxText*4))
		}
		for _, h := range t.FindStrictFolded(body, in.BodyFolded) {
			f.mention(h.Brand, InBody, h.Match)
		}
	}
	// A brand claimed somewhere is not also "only mentioned".
	var mentions []Mention
	for _, m := range f.res.Mentions {
		if _, claimed := f.at[m.Brand.ID]; !claimed {
			mentions = append(mentions, m)
		}
	}
	f.res.Mentions = mentions
	return f.res
}

type finder struct {
	t         *brands.Table
	shownName string
	res       Result
	at        map[string]int // brand ID → index in res.Claims
	mentioned map[string]bool
}

func (f *finder) claim(b *brands.Brand, w Where, text string) {
	if b == nil {
		return
	}
	if i, ok := f.at[b.ID]; ok {
		if w < f.res.Claims[i].Where {
			f.res.Claims[i].Where, f.res.Claims[i].Text = w, short(text)
		}
		return
	}
	f.at[b.ID] = len(f.res.Claims)
	f.res.Claims = append(f.res.Claims, Claim{Brand: b, Where: w, Text: short(text)})
}

func (f *finder) mention(b *brands.Brand, w MentionWhere, text string) {
	if b == nil || f.mentioned[b.ID] {
		return
	}
	f.mentioned[b.ID] = true
	f.res.Mentions = append(f.res.Mentions, Mention{Brand: b, Where: w, Text: short(text)})
}

func (f *finder) displayName(name string) {
	name = clip(name, 1000)
	for _, h := range f.t.Find(name) {
		f.claim(h.Brand, DisplayName, h.Match)
	}
	// "P a y P a l", "A m a z o n": letters spaced to slip past filters.
	if spaced := collapseSpaced(name); spaced != "" {
		for _, h := range f.t.Find(spaced) {
			f.claim(h.Brand, DisplayName, h.Match)
		}
	}
	// "Pay.Pal.", "Net-flix": a brand cut by dots or dashes. A name that is
	// a domain is judged as one below.
	if joined := joinPunctuated(name); joined != "" {
		for _, h := range f.t.Find(joined) {
			f.claim(h.Brand, DisplayName, h.Match)
		}
	}
	// An address written as the display name ("amazon.co.jp <x@y>").
	for _, tok := range strings.Fields(name) {
		tok = strings.Trim(tok, "\"'<>()[]「」【】")
		if d := domainLike(tok); d != "" {
			f.claim(f.t.OwnerOf(d), DisplayName, tok)
		}
	}
}

func (f *finder) fromAddress(addr string) {
	local, dom, ok := strings.Cut(strings.ToLower(clip(addr, 320)), "@")
	if !ok {
		return
	}
	// The brand's own domain speaks for the brand when the address is a
	// role (info@, account-update@, noreply@), not a person who works
	// there or uses its mail service (dylany@meta.com, marc@comcast.net).
	// With no display name, the address is all the reader sees.
	speaks := roleAddress(local) || strings.TrimSpace(f.shownName) == ""
	if b := f.t.OwnerOf(dom); b != nil && !f.t.IsFreemail(dom) && !f.t.IsHosted(dom) && !f.t.IsESP(dom) && speaks {
		f.claim(b, FromAddress, dom)
	}
	for _, l := range f.t.Lookalikes(dom) {
		f.claim(l.Brand, FromAddress, dom)
		break
	}
	// The local part spells a brand's domain or name: amazon.co.jp@…,
	// rakuten-card@…, support-amazon.jp@….
	if d := domainLike(local); d != "" {
		if b := f.t.OwnerOf(d); b != nil {
			f.claim(b, FromAddress, local)
			return
		}
	}
	words := strings.Map(func(r rune) rune {
		if r == '.' || r == '-' || r == '_' || r == '+' || unicode.IsDigit(r) {
			return ' '
		}
		return r
	}, local)
	for _, h := range f.t.Find(words) {
		// Short names ("au", "jcb") inside a local part are too often
		// initials: only names of five letters or more count here.
		if utf8.RuneCountInString(h.Match) >= 5 {
			f.claim(h.Brand, FromAddress, local)
		}
	}
}

func (f *finder) subject(s string, replied bool) {
	tags := subjectTags(s, replied)
	for _, tag := range tags {
		for _, h := range f.t.Find(tag) {
			if covers(h.Match, tag, 0.3) || utf8.RuneCountInString(tag) <= 20 {
				f.claim(h.Brand, SubjectTag, "【"+tag+"】")
			}
		}
	}
	for _, h := range f.t.Find(s) {
		if accountOf(s, h.Match) {
			f.claim(h.Brand, SubjectAccount, h.Match)
			continue
		}
		f.mention(h.Brand, InSubject, h.Match)
	}
}

// signature reads the sender block: copyright lines and company lines in
// the last part of the body.
func (f *finder) signature(body string) {
	tail := body
	if len(tail) > tailBytes {
		cut := len(tail) - tailBytes
		for cut < len(tail) && !utf8.RuneStart(tail[cut]) {
			cut++
		}
		tail = tail[cut:]
	}
	// A line holds a mark only if the tail does: most tails hold none.
	if !hasSignatureMark(tail) {
		return
	}
	for rest := tail; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		line = strings.TrimSpace(line)
		if line == "" || utf8.RuneCountInString(line) > maxLineRunes || !hasSignatureMark(line) {
			continue
		}
		// The brand is what the line is about ("© 2024 Amazon.com, Inc."),
		// not a name in a quoted sentence.
		for _, h := range f.t.Find(line) {
			if covers(h.Match, line, 0.15) {
				f.claim(h.Brand, Signature, line)
			}
		}
	}
}

// signatureMarks are what a sender block or copyright line holds.
var signatureMarks = []string{"©", "(c)", "copyright", "all rights reserved", "株式会社", "(株)", "㈱", "inc.", "corporation", "co., ltd", "co.,ltd", "発行:", "発行：", "差出人:", "差出人：", "運営:", "運営："}

// hasSignatureMark reports whether text (a line, or a whole tail: some
// line of it can then be a signature line) holds a mark of a sender block
// or copyright line, case ignored.
func hasSignatureMark(text string) bool {
	var buf [tailBytes]byte
	if len(text) <= len(buf) && !strings.Contains(text, "\u0130") && !strings.Contains(text, "\u212a") {
		// Lower-cased on the stack, ASCII only: the marks are lower-case
		// ASCII or caseless, and strings.ToLower makes ASCII of no other
		// letter than these two (İ and the Kelvin sign).
		l := ascii.LowerInto(buf[:], text)
		marks := signatureMarkBytes
		if ascii.Is(text) {
			marks = asciiSignatureMarks
		}
		for _, m := range marks {
			if bytes.Contains(l, m) {
				return true
			}
		}
		return false
	}
	l := strings.ToLower(text)
	for _, m := range signatureMarks {
		if strings.Contains(l, m) {
			return true
		}
	}
	return false
}

var signatureMarkBytes = func() (out [][]byte) {
	for _, m := range signatureMarks {
		out = append(out, []byte(m))
	}
	return out
}()

// asciiSignatureMarks are the signatureMarks an ASCII line can hold.
var asciiSignatureMarks = func() (out [][]byte) {
	for _, m := range signatureMarks {
		if ascii.Is(m) {
			out = append(out, []byte(m))
		}
	}
	return out
}()

// altTexts returns the short alt texts of the images in html, at most max.
func altTexts(html string, max int) []string {
	var out []string
	low := ascii.Lower(html) // same length as html: offsets carry over
	for i := 0; len(out) < max; {
		j := strings.Index(low[i:], "<img")
		if j < 0 {
			break
		}
		i += j + 4
		end := strings.IndexByte(low[i:], '>')
		if end < 0 {
			break
		}
		tag := html[i : i+end]
		k := strings.Index(low[i:i+end], "alt=")
		if k < 0 {
			continue
		}
		v := strings.TrimLeft(tag[k+4:], " ")
		if v == "" || (v[0] != '"' && v[0] != '\'') {
			continue
		}
		if q := strings.IndexByte(v[1:], v[0]); q >= 0 {
			out = append(out, strings.TrimSpace(v[1:1+q]))
		}
	}
	return out
}

func (f *finder) logos(html string) {
	// Only the first images stand for the sender's logo: footers carry
	// other brands' icons (Facebook, Instagram) that are links, not claims.
	for _, alt := range altTexts(html, 3) {
		if alt == "" || utf8.RuneCountInString(alt) > maxAltRunes {
			continue
		}
		for _, h := range f.t.Find(alt) {
			if covers(h.Match, alt, 0.4) {
				f.claim(h.Brand, LogoAlt, alt)
			}
		}
	}
}

// stripPrefixes removes reply and forward markers, spam-filter stamps and
// mailing-list tags that name no brand from the start of a subject, and
// says whether it was a reply or forward.
func stripPrefixes(t *brands.Table, s string) (string, bool) {
	replied := false
	for i := 0; i < 10; i++ {
		s = strings.TrimLeft(s, " \t　")
		low := strings.ToLower(s)
		cut := 0
		for _, p := range []string{"re:", "fw:", "fwd:", "aw:", "wg:", "tr:", "rv:", "回复：", "回复:", "転送:", "転送：", "返信:", "返信：", "re：", "fw："} {
			if strings.HasPrefix(low, p) {
				cut, replied = len(p), true
				break
			}
		}
		for _, p := range []string{"***spam***", "*****spam*****"} {
			if cut == 0 && strings.HasPrefix(low, p) {
				cut = len(p)
			}
		}
		if cut == 0 && strings.HasPrefix(s, "[") {
			if end := strings.IndexByte(s, ']'); end > 0 && end < 60 && len(t.Find(s[1:end])) == 0 {
				cut = end + 1
			}
		}
		if cut == 0 {
			return s, replied
		}
		s = s[cut:]
	}
	return s, replied
}

// roleWords mark an address that speaks for an organization rather than
// for a person.
var roleWords = []string{"info", "support", "service", "account", "update", "security", "secure", "noreply", "no-reply", "donotreply",
	"notice", "notification", "alert", "admin", "member", "order", "customer", "help", "contact", "billing", "thankyou",
	"safety", "webmaster", "postmaster", "mail", "news", "team", "card", "bank", "verify", "confirm", "center", "auto", "system",
	"robot", "reply", "notify", "care", "client", "online", "access", "payment", "billing", "invoice", "receipt"}

// roleAddress: the local part names a function, not a person.
func roleAddress(local string) bool {
	for _, w := range roleWords {
		if strings.Contains(local, w) {
			return true
		}
	}
	return false
}

var tagPairs = []struct {
	open, close string
	anywhere    bool
}{
	{"【", "】", true}, {"[", "]", false}, {"［", "］", false}, {"<", ">", false}, {"＜", "＞", false},
	{"「", "」", false}, {"『", "』", false}, {"〔", "〕", false}, {"《", "》", false}, {"(", ")", false}, {"（", "）", false},
}

// subjectTags returns the tags that present a subject's sender: bracketed
// tags at its start (and 【…】 anywhere, the Japanese sender tag), and a
// short "Brand:" lead.
func subjectTags(s string, replied bool) []string {
	var tags []string
	rest := s
	for i := 0; i < 4; i++ {
		rest = strings.TrimLeft(rest, " \t　")
		found := false
		for _, p := range tagPairs {
			if strings.HasPrefix(rest, p.open) {
				if end := strings.Index(rest[len(p.open):], p.close); end >= 0 {
					tag := strings.TrimSpace(rest[len(p.open) : len(p.open)+end])
					if tag != "" && utf8.RuneCountInString(tag) <= maxTagRunes {
						tags = append(tags, tag)
					}
					rest = rest[len(p.open)+end+len(p.close):]
					found = true
					break
				}
			}
		}
		if !found {
			break
		}
	}
	// 【…】 anywhere.
	for r := s; ; {
		i := strings.Index(r, "【")
		if i < 0 {
			break
		}
		j := strings.Index(r[i:], "】")
		if j < 0 {
			break
		}
		if tag := strings.TrimSpace(r[i+len("【") : i+j]); tag != "" && utf8.RuneCountInString(tag) <= maxTagRunes {
			tags = append(tags, tag)
		}
		r = r[i+j+len("】"):]
	}
	// "SMARTalk: …", "Amazon.co.jp 重要なお知らせ：…"; not a thread's
	// "Re: Gmail (was: …)" nor a headline's "MS/Apple: …".
	if i := strings.IndexAny(rest, ":："); i > 0 && !replied {
		lead := strings.TrimSpace(rest[:i])
		if n := utf8.RuneCountInString(lead); n > 0 && n <= 25 && !strings.ContainsAny(lead, "()/&,") {
			tags = append(tags, lead)
		}
	}
	return tags
}

// covers: the match is at least frac of the tag, so the tag is the brand
// rather than a sentence naming it ("Google Summer of Code").
func covers(match, tag string, frac float64) bool {
	m, t := utf8.RuneCountInString(match), utf8.RuneCountInString(tag)
	return t > 0 && float64(m) >= frac*float64(t)
}

var accountWords = []string{"アカウント", "account", "会員", "カード", "card", "id", "ｉｄ", "プライム", "prime", "ポイント", "membership", "ご利用", "ログイン", "login", "sign-in", "パスワード", "password"}

// accountOf: the brand is followed closely by a word for the reader's
// account with it ("Amazonアカウント", "PayPal account", "楽天カード").
func accountOf(subject, match string) bool {
	i := strings.Index(subject, match)
	if i < 0 {
		return false
	}
	after := strings.ToLower(strings.TrimLeft(subject[i+len(match):], " 　の's"))
	for _, w := range accountWords {
		if strings.HasPrefix(after, w) {
			return true
		}
	}
	return false
}

// domainLike returns tok as a domain when it looks like one (has a dot and
// a known public suffix), else "".
func domainLike(tok string) string {
	if !strings.Contains(tok, ".") || strings.ContainsAny(tok, " /@") {
		return ""
	}
	return domain.Org(tok)
}

// collapseSpaced joins letters written apart ("P a y P a l" → "PayPal");
// "" when fewer than three single letters stand alone.
func collapseSpaced(s string) string {
	var b strings.Builder
	singles := 0
	for i, f := range strings.Fields(s) {
		// Quotes, dots and emoji around a letter do not join it to a word
		// (_✔️"U P S"._).
		f = strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if f == "" {
			continue
		}
		single := utf8.RuneCountInString(f) == 1
		if single {
			singles++
		} else if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	if singles < 3 {
		return ""
	}
	return b.String()
}

// joinPunctuated removes the dots, dashes, underscores and asterisks
// between letters of the words of s ("Pay.Pal." → "PayPal"); "" when
// there are none or a word is a domain.
func joinPunctuated(s string) string {
	fields := strings.Fields(s)
	changed := false
	for i, w := range fields {
		w = strings.Trim(w, "\"'.-_*")
		if strings.Contains(w, ".") && domain.Registrable(w) {
			return ""
		}
		j := strings.Map(func(r rune) rune {
			if r == '.' || r == '-' || r == '_' || r == '*' {
				return -1
			}
			return r
		}, w)
		changed = changed || j != w
		fields[i] = j
	}
	if !changed {
		return ""
	}
	return strings.Join(fields, " ")
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func short(s string) string {
	if utf8.RuneCountInString(s) <= maxEvidence {
		return s
	}
	return string([]rune(s)[:maxEvidence]) + "…"
}
