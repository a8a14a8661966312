// Package received parses Received header fields into hops and walks the
// chain to find the hop where the recipient's own infrastructure accepted
// the mail from the outside world (the origin).
//
// Parsing is best effort and never fails: every MTA writes its own dialect
// (Postfix, Exim, Sendmail, qmail, Exchange, Gmail, Haraka, …) and hostile
// mail writes whatever it likes below the trust boundary. Inputs are bounded
// (MaxValueLen bytes per header, MaxHops hops per chain) so a hostile message
// cannot make parsing expensive.
package received

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/checkmail/checkmail/analysis/domain"
	"github.com/checkmail/checkmail/internal/ascii"
	"github.com/checkmail/checkmail/internal/mailsyntax"
)

// Bounds on hostile input.
const (
	// MaxValueLen is the number of bytes of one Received value that Parse
	// reads; the rest is ignored (real headers are well under 2 KiB).
	MaxValueLen = 8 << 10
	// MaxHops is the number of Received headers Walk considers (top first).
	MaxHops = 100
	// maxTokens bounds the tokens of one value.
	maxTokens = 512
	// maxDepth bounds comment nesting that is tracked.
	maxDepth = 64
)

// Hop is one parsed Received header.
type Hop struct {
	Raw string
	// FromHost is the name in the from clause as written: the HELO name for
	// Postfix, Sendmail and Exchange, the verified reverse DNS name for Exim
	// (lower-case is not forced; the trailing dot is removed).
	FromHost string
	// FromRDNS is the reverse DNS name the receiver recorded, if any
	// ("unknown" is reported as empty).
	FromRDNS string
	// Helo is the name the client gave in HELO/EHLO, when it can be told.
	Helo string
	// FromIP is the connecting address (zero when none was recorded).
	// When the receiver recorded no address but the client's own
	// address-literal HELO ("(from HELO [192.0.2.1])"), it is that
	// literal, which the client chose.
	FromIP netip.Addr
	// Forged is set when the receiver flagged the reverse DNS "(may be forged)".
	Forged bool
	// By is the receiving host, lower-case, trailing dot removed. Gmail's
	// internal "by 2002:a05:…" ids are kept as text: they are not addresses.
	By string
	// ByIP is the receiver's own address when it recorded one, e.g.
	// Exchange's "by X.mail.protection.outlook.com (10.13.59.10)".
	ByIP netip.Addr
	With string // protocol words, comments left out ("ESMTPS", "Microsoft SMTP Server")
	ID   string
	For  string
	Via  string
	// Time is the date after the ';' (or a trailing date when the ';' is
	// missing); zero when absent or unparseable.
	Time time.Time
}

// HasFrom reports whether the hop has a from clause (a name or an address).
func (h Hop) HasFrom() bool { return h.FromHost != "" || h.FromIP.IsValid() }

type tokKind uint8

const (
	tokWord tokKind = iota
	tokComment
	tokSemi
)

type token struct {
	kind tokKind
	text string // word text, or comment text without the outer parentheses
}

// tokenize splits a Received value into words, comments and top-level ';'.
// Square brackets and double quotes keep their content in one word.
func tokenize(s string) []token {
	toks := make([]token, 0, 32) // enough for most fields: one allocation
	i := 0
	for i < len(s) && len(toks) < maxTokens {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
		case c == ';':
			toks = append(toks, token{kind: tokSemi})
			i++
		case c == '(':
			end, _ := mailsyntax.CommentEnd(s, i)
			inner := s[i+1 : end]
			if end > i+1 && s[end-1] == ')' {
				inner = s[i+1 : end-1]
			}
			toks = append(toks, token{kind: tokComment, text: strings.TrimSpace(inner)})
			i = end
		case c == ')':
			i++ // stray closing parenthesis
		default:
			start := i
			for i < len(s) {
				c := s[i]
				if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '(' || c == ')' {
					break
				}
				if c == '[' {
					if j := strings.IndexByte(s[i:], ']'); j >= 0 {
						i += j + 1
						continue
					}
				}
				if c == '"' {
					if j := strings.IndexByte(s[i+1:], '"'); j >= 0 {
						i += j + 2
						continue
					}
				}
				i++
			}
			toks = append(toks, token{kind: tokWord, text: s[start:i]})
		}
	}
	return toks
}

// unfold turns line breaks and tabs into spaces.
func unfold(s string) string {
	if !hasBreakOrTab(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}

// hasBreakOrTab is strings.ContainsAny(s, "\r\n\t") without building the
// set for every field.
func hasBreakOrTab(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\r' || c == '\n' || c == '\t' {
			return true
		}
	}
	return false
}

// Parse parses one Received header value (the field name "Received:" may be
// included). It never fails: unknown parts are left empty.
func Parse(value string) Hop {
	if len(value) > MaxValueLen {
		value = value[:MaxValueLen]
	}
	h := Hop{Raw: value}
	s := strings.TrimSpace(unfold(value))
	if len(s) >= 9 && strings.EqualFold(s[:9], "received:") {
		s = strings.TrimSpace(s[9:])
	}
	toks := tokenize(s)

	// The date follows the last top-level ';'. Without one, look for a
	// trailing date that has a time of day.
	clauses := toks
	lastSemi := -1
	for i, t := range toks {
		if t.kind == tokSemi {
			lastSemi = i
		}
	}
	if lastSemi >= 0 {
		clauses = toks[:lastSemi]
		h.Time = parseDate(joinWords(toks[lastSemi+1:]), false)
	} else {
		tries := 0
		for k, t := range toks {
			if t.kind != tokWord || !dateStart(t.text) {
				continue
			}
			if tries++; tries > 16 {
				break
			}
			if tm := parseDate(joinWords(toks[k:]), true); !tm.IsZero() {
				h.Time = tm
				clauses = toks[:k]
				break
			}
		}
	}
	parseClauses(&h, clauses)
	return h
}

// joinWords joins tokens back into text, comments included, for the date.
func joinWords(toks []token) string {
	var b strings.Builder
	n := 0
	for _, t := range toks {
		n += len(t.text) + 3
	}
	b.Grow(n)
	for _, t := range toks {
		switch t.kind {
		case tokWord:
			b.WriteString(t.text)
		case tokComment:
			b.WriteByte('(')
			b.WriteString(t.text)
			b.WriteByte(')')
		case tokSemi:
			b.WriteString(";")
		}
		b.WriteByte(' ')
	}
	return b.String()
}

// keywordOf maps the clause keywords to themselves.
var keywordOf = map[string]string{"from": "from", "by": "by", "via": "via", "with": "with", "id": "id", "for": "for"}

// keyword returns the clause keyword w is, lower-cased, or "". An ASCII
// word is lower-cased on the stack (most words of a field are no keyword,
// and many have capitals: ESMTPS, Mon, Jan).
func keyword(w string) string {
	if !ascii.Is(w) {
		return keywordOf[strings.ToLower(w)]
	}
	if len(w) > 4 {
		return "" // longer than any keyword
	}
	var b [4]byte
	for i := 0; i < len(w); i++ {
		b[i] = ascii.LowerByte(w[i])
	}
	return keywordOf[string(b[:len(w)])]
}

// maxKeywordSource is the longest word that lower-cases to a keyword: four
// bytes, three times over (the Kelvin sign lowers to 'k'). Longer words
// (host names) are not lower-cased to be looked up.
const maxKeywordSource = 3 * 4

func parseClauses(h *Hop, toks []token) {
	var (
		cur      string // current keyword
		seen     = map[string]bool{}
		fromWord string
		fromMore []string // words after the first in the from clause
		fromCom  []string
		byCom    []string
		byMore   []string
		with     []string
		gotFrom  bool
	)
	for _, t := range toks {
		if t.kind == tokSemi {
			continue
		}
		if t.kind == tokWord && len(t.text) <= maxKeywordSource {
			if kw := keyword(t.text); kw != "" {
				if seen[kw] {
					cur = "" // duplicated clause: keep the first one
				} else {
					cur = kw
					seen[kw] = true
				}
				continue
			}
		}
		switch cur {
		case "from":
			switch {
			case t.kind == tokComment:
				fromCom = append(fromCom, t.text)
			case !gotFrom:
				fromWord, gotFrom = t.text, true
			case len(fromMore) < 8:
				fromMore = append(fromMore, t.text)
			}
		case "by":
			switch {
			case t.kind == tokComment:
				byCom = append(byCom, t.text)
			case h.By == "":
				h.By = strings.TrimSuffix(strings.ToLower(t.text), ".")
			case len(byMore) < 8:
				byMore = append(byMore, t.text)
			}
		case "with":
			if t.kind == tokWord {
				with = append(with, t.text)
			}
		case "id":
			if t.kind == tokWord && h.ID == "" {
				h.ID = strings.TrimRight(t.text, ";,")
			}
		case "for":
			if t.kind == tokWord && h.For == "" {
				h.For = strings.TrimRight(t.text, ";,")
			}
		case "via":
			if t.kind == tokWord && h.Via == "" {
				h.Via = t.text
			}
		}
	}
	if len(with) > 8 {
		with = with[:8]
	}
	h.With = strings.Join(with, " ")
	for _, c := range byCom {
		if a, ok := parseAddr(firstWord(c)); ok {
			h.ByIP = a
			break
		}
	}
	if !h.ByIP.IsValid() {
		// MDaemon: "by mailscan.example [192.0.2.27] with SMTP"
		for _, w := range byMore {
			if a, ok := parseLiteral(w); ok {
				h.ByIP = a
				break
			}
		}
	}
	parseFrom(h, fromWord, fromMore, fromCom)
}

// parseLiteral reads an address literal written as a word of its own:
// "[192.0.2.1]", "[192.0.2.1.1025]" (Exim 3 adds the port), "[(192.0.2.1)]".
func parseLiteral(w string) (netip.Addr, bool) {
	w = trimCommaSemi(w)
	if len(w) < 3 || w[0] != '[' {
		return netip.Addr{}, false
	}
	return parseAddr(w)
}

// trimCommaSemi is strings.Trim(w, ",;") without building a cutset.
func trimCommaSemi(w string) string {
	for w != "" && (w[0] == ',' || w[0] == ';') {
		w = w[1:]
	}
	for w != "" && (w[len(w)-1] == ',' || w[len(w)-1] == ';') {
		w = w[:len(w)-1]
	}
	return w
}

func firstWord(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i]
	}
	return s
}

// tcpInfo is what one from-clause comment says.
type tcpInfo struct {
	ip     netip.Addr
	rdns   string
	helo   string
	heloIP netip.Addr // the HELO name was an address literal
	forged bool
}

// parseFrom fills the from fields from the from word, the words after it
// and its comments: Postfix "helo (rdns [IP])", Exim "rdns ([IP] helo=x)",
// Exim 3 "rdns (helo) [IP.port]", Sendmail "helo (user@rdns [IP] (may be
// forged))", qmail "unknown (HELO x) (IP)", "(HELO x) (user@IP)" and
// "(user@[IP]) (envelope-sender <…>)", Exchange "helo (IP)", fetchmail and
// GMX "rdns (EHLO x) [IP]", and "(from HELO [IP])" when the receiver
// recorded no other address.
func parseFrom(h *Hop, word string, more, comments []string) {
	if lb := strings.IndexByte(word, '['); lb > 0 && word[len(word)-1] == ']' {
		// "from rdns[192.0.2.1] (helo=x)": the literal glued to the name.
		if _, ok := parseLiteral(word[lb:]); ok {
			more = append([]string{word[lb:]}, more...)
			word = word[:lb]
		}
	}
	h.FromHost = strings.TrimSuffix(word, ".")
	var infos []tcpInfo
	for _, c := range comments {
		infos = append(infos, parseTCPInfo(c))
	}
	tcp := -1
	for i := len(infos) - 1; i >= 0; i-- {
		if infos[i].ip.IsValid() {
			tcp = i
			break
		}
	}
	var moreIP netip.Addr // "from rdns [IP]": a literal after the from word
	for _, w := range more {
		if a, ok := parseLiteral(w); ok {
			moreIP = a
			break
		}
	}
	wordIP, wordIsIP := parseAddr(word)
	switch {
	case tcp >= 0:
		h.FromIP = infos[tcp].ip
		h.FromRDNS = infos[tcp].rdns
		h.Forged = infos[tcp].forged
	case moreIP.IsValid():
		// The from word is the name the receiver looked up (Exim 3,
		// fetchmail, GMX); a bare name in a comment is the HELO.
		h.FromIP = moreIP
		if !wordIsIP && !isUnknown(h.FromHost) && looksLikeHost(h.FromHost) {
			h.FromRDNS = h.FromHost
		}
		for _, in := range infos {
			if in.helo == "" && in.rdns != "" {
				h.Helo = strings.TrimSuffix(in.rdns, ".")
			}
		}
	case wordIsIP:
		// An address literal with no TCP-info: the best we have.
		h.FromIP = wordIP
	default:
		// Only the client's own address-literal HELO was recorded.
		for i := len(infos) - 1; i >= 0; i-- {
			if infos[i].heloIP.IsValid() {
				h.FromIP = infos[i].heloIP
				break
			}
		}
	}
	for i := len(infos) - 1; i >= 0; i-- {
		if infos[i].helo != "" {
			h.Helo = infos[i].helo
			break
		}
	}
	for _, in := range infos {
		h.Forged = h.Forged || in.forged
	}
	switch {
	case h.Helo != "":
		// Exim/qmail: an explicit HELO; the from word is the rDNS name
		// (Exim) unless it is an address literal or "unknown".
		if h.FromRDNS == "" && !wordIsIP && !isUnknown(h.FromHost) {
			h.FromRDNS = h.FromHost
		}
	case h.FromHost != "" && !isUnknown(h.FromHost):
		h.Helo = h.FromHost
		// Exim "from name ([IP])": rDNS equals HELO.
		if tcp >= 0 && h.FromRDNS == "" && strings.HasPrefix(strings.TrimSpace(comments[tcp]), "[") && !wordIsIP {
			h.FromRDNS = h.FromHost
		}
	}
	h.FromRDNS = strings.ToLower(strings.TrimSuffix(h.FromRDNS, "."))
	if isUnknown(h.FromRDNS) {
		h.FromRDNS = ""
	}
}

func isUnknown(s string) bool {
	return strings.EqualFold(s, "unknown") || strings.EqualFold(s, "unknown.")
}

// parseTCPInfo reads one comment of the from clause.
func parseTCPInfo(c string) tcpInfo {
	var in tcpInfo
	// Nested comments: note "may be forged" and drop them.
	flat := c
	if strings.IndexByte(c, '(') >= 0 || strings.IndexByte(c, ')') >= 0 {
		var b strings.Builder
		b.Grow(len(c))
		depth := 0
		for i := 0; i < len(c); i++ {
			switch c[i] {
			case '(':
				depth++
				continue
			case ')':
				if depth > 0 {
					depth--
				}
				continue
			}
			if depth == 0 {
				b.WriteByte(c[i])
			}
		}
		flat = b.String()
	}
	// No letter of the phrase is one that strings.ToLower makes of a
	// non-ASCII one (İ→i, K→k): ASCII folding finds the same.
	if ascii.ContainsFold(c, "may be forged") {
		in.forged = true
	}
	var buf [32]string
	words := buf[:0]
	for w := range strings.FieldsSeq(flat) {
		if len(words) == len(buf) {
			break
		}
		words = append(words, w)
	}
	for i := 0; i < len(words); i++ {
		w := trimCommaSemi(words[i])
		lw := strings.ToLower(w)
		switch {
		case strings.HasPrefix(lw, "helo="), strings.HasPrefix(lw, "ehlo="):
			in.helo = strings.TrimSuffix(w[5:], ".")
		case (lw == "helo" || lw == "ehlo") && i+1 < len(words):
			in.helo = strings.TrimSuffix(trimCommaSemi(words[i+1]), ".")
			if a, ok := parseLiteral(in.helo); ok {
				in.heloIP = a
			}
			i++
		case strings.Contains(lw, "="):
			// port=, ident=, authenticated= … : not addresses.
		default:
			// qmail and others write the ident or SMTP AUTH user before
			// the address: "user@192.0.2.1", "user@example.com@[192.0.2.1]",
			// "IDENT:qmailr@[192.0.2.1]"; Oracle "/192.0.2.1".
			host := w
			if at := strings.LastIndexByte(host, '@'); at >= 0 {
				host = host[at+1:]
			}
			host = strings.TrimPrefix(host, "/")
			if a, ok := parseAddr(host); ok {
				if !in.ip.IsValid() {
					in.ip = a
				}
				continue
			}
			// "rdns[192.0.2.1]" without a space, or cut at a space
			// ("192.0.2.1[192.0.2.1 port:4688]").
			if lb := strings.IndexByte(host, '['); lb > 0 {
				if a, ok := parseAddr(strings.Trim(host[lb:], "[]")); ok {
					if !in.ip.IsValid() {
						in.ip = a
					}
					if name := host[:lb]; in.rdns == "" && looksLikeHost(name) {
						if _, isIP := parseAddr(name); !isIP {
							in.rdns = name
						}
					}
					continue
				}
			}
			if in.rdns == "" && in.ip == (netip.Addr{}) && looksLikeHost(host) {
				in.rdns = host
			}
		}
	}
	return in
}

// looksLikeHost accepts names made of letters, digits, '-', '_' and '.',
// with a dot (or the words unknown/localhost).
func looksLikeHost(w string) bool {
	w = strings.TrimSuffix(w, ".")
	if w == "" || len(w) > 253 {
		return false
	}
	lw := strings.ToLower(w)
	if lw == "unknown" || lw == "localhost" {
		return true
	}
	if !strings.Contains(w, ".") {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}

// parseAddr reads an IP address as MTAs write it: "1.2.3.4", "[1.2.3.4]",
// "[1.2.3.4]:25", "1.2.3.4.25" (Sendmail port suffix), "[IPv6:2001:db8::1]",
// "2603:10a6::1", "::ffff:1.2.3.4". IPv4-mapped addresses are unmapped and
// zones dropped.
func parseAddr(w string) (netip.Addr, bool) {
	w = strings.TrimSpace(trimCommaSemi(w))
	if w == "" || len(w) > 64 {
		return netip.Addr{}, false
	}
	if w[0] == '[' {
		end := strings.IndexByte(w, ']')
		if end < 0 {
			return netip.Addr{}, false
		}
		rest := w[end+1:]
		if rest != "" && !(rest[0] == ':' && allDigits(rest[1:])) && !(rest[0] == '.' && allDigits(rest[1:])) {
			return netip.Addr{}, false
		}
		w = strings.Trim(w[1:end], "()") // "[(192.0.2.1)]"
	}
	if len(w) >= 5 && strings.EqualFold(w[:5], "ipv6:") {
		w = w[5:]
	}
	if a, err := domain.ParseAddr(w); err == nil {
		return a.Unmap().WithZone(""), true
	}
	// 1.2.3.4.25 or 1.2.3.4:25
	if i := strings.LastIndexAny(w, ".:"); i > 0 && allDigits(w[i+1:]) && strings.Count(w, ":") <= 1 {
		if a, err := domain.ParseAddr(w[:i]); err == nil && a.Is4() {
			if p, err := strconv.Atoi(w[i+1:]); err == nil && p < 65536 {
				return a, true
			}
		}
	}
	return netip.Addr{}, false
}

func allDigits(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
