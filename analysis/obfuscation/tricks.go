package obfuscation

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/publicsuffix"

	"github.com/checkmail/checkmail/internal/ascii"
)

// invisible reports characters that render as nothing and are used to
// break words up: zero-width spaces and joiners, direction marks and
// overrides, word joiners and invisible operators, the byte-order mark,
// soft hyphens, the combining grapheme joiner, variation selectors, tag
// characters and Hangul fillers.
func invisible(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x034F, r == 0x061C, r == 0x115F, r == 0x1160, r == 0x17B4, r == 0x17B5,
		r == 0x180E, r == 0x3164, r == 0xFEFF, r == 0xFFA0:
		return true
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2064,
		r >= 0x2066 && r <= 0x206F, r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0000 && r <= 0xE007F,
		r >= 0xE0100 && r <= 0xE01EF, r >= 0x180B && r <= 0x180F:
		return true
	}
	return false
}

// wordRune: letters of the scripts whose words these tricks target: Latin
// (and look-alikes), CJK and kana. Joiners between letters of other
// scripts (Arabic, Indic) are part of their spelling.
func wordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r) && (r < 0x0250 || unicode.In(r, unicode.Cyrillic, unicode.Greek, unicode.Han,
		unicode.Hiragana, unicode.Katakana) || r >= 0xFF21 && r <= 0xFF5A)
}

// invisibleInWords counts invisible characters that stand between two
// letters of a word ("Pay<U+200B>Pal", "A<U+2060>mazon"), and returns the
// first such word. Preheader padding between words does not count, nor do
// soft hyphens in long words (hyphenation hints), nor ideographic
// variation selectors after kanji.
func invisibleInWords(s string) (int, string) {
	n := 0
	ev := ""
	var prev rune // the last visible rune
	prevAt := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			// Invisible characters are not ASCII: only the last byte of
			// an ASCII run matters.
			i += ascii.Prefix(s[i:])
			prev, prevAt = rune(s[i-1]), i-1
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !invisible(r) {
			prev, prevAt = r, i
			i += size
			continue
		}
		// A run of invisible characters: look at the next visible rune.
		j := i
		run := 0
		for j < len(s) {
			q, qs := utf8.DecodeRuneInString(s[j:])
			if !invisible(q) {
				break
			}
			j += qs
			run++
		}
		next, _ := utf8.DecodeRuneInString(s[j:])
		ok := j < len(s) && wordRune(prev) && wordRune(next)
		if ok && r == 0x00AD && wordLen(s, prevAt, j) >= 10 {
			ok = false
		}
		if ok && r >= 0xE0100 && unicode.Is(unicode.Han, prev) {
			ok = false
		}
		if ok {
			n += run
			if ev == "" {
				ev = show(wordAround(s, prevAt, j))
			}
		}
		i = j
	}
	return n, ev
}

// wordLen counts the letters of the word around an invisible run that
// follows the rune at prevAt and ends at next.
func wordLen(s string, prevAt, next int) int {
	return utf8.RuneCountInString(wordAround(s, prevAt, next))
}

// wordAround returns the word (letters and invisible characters) that
// contains the rune at prevAt and the run ending at next, bounded.
func wordAround(s string, prevAt, next int) string {
	start := prevAt
	for k := 0; k < 30 && start > 0; k++ {
		r, size := utf8.DecodeLastRuneInString(s[:start])
		if !wordRune(r) && !invisible(r) {
			break
		}
		start -= size
	}
	end := next
	for k := 0; k < 30 && end < len(s); k++ {
		r, size := utf8.DecodeRuneInString(s[end:])
		if !wordRune(r) && !invisible(r) {
			break
		}
		end += size
	}
	return s[start:end]
}

// splitSep are the visible separators of a word written letter by letter.
func splitSep(r rune) bool {
	switch r {
	case '.', ' ', '-', '_', '*', '|', '·', '•', '/', '\u00a0', '　', '+', '~':
		return true
	}
	return false
}

// abbreviations that put a dot between a single letter and a word.
var abbreviations = map[string]bool{
	"e.g": true, "i.e": true, "a.m": true, "p.m": true, "ph.d": true, "u.s": true, "u.k": true, "n.b": true,
	"p.s": true, "st.": true, "mr.": true, "dr.": true, "j.r": true, "a.k.a": true, "q.v": true, "c.f": true,
}

// splitWord finds a word written letter by letter: at least four letters
// (five in a body) each followed by the same separator ("P a y P a l",
// "S.e.g.u.r.a.n.ç.a"). In a body only a capitalized chain with lower case
// letters counts: spaced capitals and spaced lower case are typography. In a subject or display name, two
// or more words broken by a dot after a single letter ("S.eu e.spaço")
// count too.
func splitWord(s string, short bool) string {
	minLetters := 5
	if short {
		minLetters = 4
	}
	if !short {
		// A body is long: look only where a single letter is followed by a
		// separator and another letter, and judge the chain there. The
		// places are found from their separators, and only there are the
		// letters around read (unicode.IsLetter is slow on kanji).
		for i := 0; i < len(s); {
			if i >= 2 && i+8 <= len(s) && quietBlock(s[i-2:i+8]) {
				i += 8
				continue
			}
			r, size := rune(s[i]), 1
			if r < utf8.RuneSelf {
				if !asciiSep[r] || i == 0 || i+1 >= len(s) || !chainMayEnd(s, i) {
					i++
					continue
				}
			} else {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
			if splitSep(r) && i > 0 && i+1 < len(s) {
				if ev := chainAt(s, i, r, size, minLetters); ev != "" {
					return ev
				}
			}
			i += size
		}
		return ""
	}
	if ev := chain([]rune(s), minLetters, true); ev != "" {
		return ev
	}
	return splitBroken(s)
}

// asciiSep is splitSep for ASCII.
var asciiSep = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = splitSep(rune(c))
	}
	return t
}()

// Byte classes for quietBlock.
const (
	clsSep      = 1 << iota // an ASCII separator
	clsLetter               // an ASCII letter, or not ASCII: may be a letter
	clsNoLetter             // not an ASCII letter: may be no letter
	clsHigh                 // not ASCII
)

var byteClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = clsLetter | clsNoLetter | clsHigh
		case isLetter(rune(c)):
			t[c] = clsLetter
		default:
			t[c] = clsNoLetter
			if asciiSep[c] {
				t[c] |= clsSep
			}
		}
	}
	return t
}()

// quietBlock reports, for ten bytes b, whether the last eight are ASCII and
// none of them is a separator after a letter that follows no letter, so
// that splitWord's loop would pass them all. It is computed without a
// branch per byte: spaces are frequent and unpredictable.
func quietBlock(b string) bool {
	_ = b[9]
	var acc uint64 // the class of b[k] in bits 4k to 4k+3
	for k := 0; k < 10; k++ {
		acc |= uint64(byteClass[b[k]]) << (4 * k)
	}
	// At bit 4k: a separator at b[k], a letter at b[k-1] (bit 4k-3) and
	// none at b[k-2] (bit 4k-6); for the last eight bytes.
	cand := acc & (acc << 3) & (acc << 6) & 0x11111111_00
	return cand == 0 && acc&0x88888888_00 == 0
}

// chainMayEnd reports whether the separator at s[i] may follow the letter
// that starts a chain: chainAt's first tests, for the common case of ASCII
// text ("the book" has no chain, "a book" may have one).
func chainMayEnd(s string, i int) bool {
	b := s[i-1]
	if b >= utf8.RuneSelf {
		return true // chainAt decodes the letter
	}
	if !isLetter(rune(b)) {
		return false
	}
	return i < 2 || s[i-2] >= utf8.RuneSelf || !isLetter(rune(s[i-2]))
}

// chainAt judges the chain whose first separator, sep, is at s[i]: a
// letter that follows no letter before it, and a letter after it.
func chainAt(s string, i int, sep rune, size, minLetters int) string {
	first, n := utf8.DecodeLastRuneInString(s[:i])
	start := i - n
	if !isLetter(first) {
		return ""
	}
	if before, _ := utf8.DecodeLastRuneInString(s[:start]); start > 0 && isLetter(before) {
		return ""
	}
	next, m := utf8.DecodeRuneInString(s[i+size:])
	if !unicode.IsLetter(next) || !chainGoesOn(s[i+size+m:], sep) {
		return ""
	}
	return chain([]rune(clip(s[start:], 256)), minLetters, false)
}

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return r|0x20 >= 'a' && r|0x20 <= 'z'
	}
	return unicode.IsLetter(r)
}

// chainGoesOn reports whether s, the text after "L<sep>L" (two letters and
// a separator), goes on with the same separator and a letter. Without that
// chain finds at most two letters, fewer than any minimum: the check spares
// the body's "a book" and "I am" the conversion of 256 bytes to runes.
func chainGoesOn(s string, sep rune) bool {
	r, n := utf8.DecodeRuneInString(s)
	if r != sep || n == 0 {
		return false
	}
	next, _ := utf8.DecodeRuneInString(s[n:])
	return unicode.IsLetter(next)
}

// chain finds a chain of single letters with one separator in rs. With
// short it tries every start; without, only the first.
func chain(rs []rune, minLetters int, short bool) string {
	for i := 0; i < len(rs); i++ {
		if !unicode.IsLetter(rs[i]) || i > 0 && unicode.IsLetter(rs[i-1]) {
			continue
		}
		// A chain L s L s L ... with one separator s.
		j, letters, lower := i, 0, false
		var sep rune
		for j < len(rs) && unicode.IsLetter(rs[j]) {
			if j+1 < len(rs) && unicode.IsLetter(rs[j+1]) {
				break // two letters in a row: a normal word
			}
			letters++
			lower = lower || unicode.IsLower(rs[j])
			if j+2 >= len(rs) || !splitSep(rs[j+1]) || sep != 0 && rs[j+1] != sep || !unicode.IsLetter(rs[j+2]) {
				j++
				break
			}
			sep = rs[j+1]
			j += 2
		}
		// In a body, spaced lower case ("q u o t e s") and spaced capitals
		// ("N E W S") are typography; a name spelled out is capitalized
		// ("A m a z o n", "P a y P a l").
		if letters >= minLetters && (short || lower && unicode.IsUpper(rs[i])) {
			return show(string(rs[i:j]))
		}
		if !short {
			return "" // the body's caller tries one chain at a time
		}
		if j > i+1 {
			i = j - 1
		}
	}
	return ""
}

// splitBroken finds two or more words broken by a dot after a single
// letter ("S.eu e.spaço").
func splitBroken(s string) string {
	var broken []string
	for _, tok := range strings.Fields(s) {
		tok = strings.TrimFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) })
		a, b, ok := strings.Cut(tok, ".")
		if !ok || strings.ContainsFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' }) || strings.Contains(b, ".") {
			continue
		}
		la, lb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
		if !(la == 1 && lb >= 2 || lb == 1 && la >= 2) || abbreviations[strings.ToLower(tok)] {
			continue
		}
		broken = append(broken, tok)
	}
	if len(broken) >= 2 {
		return show(strings.Join(broken, " "))
	}
	return ""
}

// confusable reports letters of Cyrillic, Greek and Armenian that look
// like Latin ones.
func confusable(r rune) bool {
	switch r {
	case 'а', 'в', 'е', 'к', 'м', 'н', 'о', 'р', 'с', 'т', 'у', 'х', 'і', 'ј', 'ѕ', 'ԁ', 'ԛ', 'ԝ', 'ӏ', 'һ', 'ү', 'ց',
		'А', 'В', 'Е', 'К', 'М', 'Н', 'О', 'Р', 'С', 'Т', 'Х', 'І', 'Ј', 'Ѕ', 'Ү', 'Ԛ', 'Ԝ',
		'α', 'ε', 'ι', 'κ', 'ν', 'ο', 'ρ', 'τ', 'υ', 'χ', 'ω',
		'Α', 'Β', 'Ε', 'Ζ', 'Η', 'Ι', 'Κ', 'Μ', 'Ν', 'Ο', 'Ρ', 'Τ', 'Υ', 'Χ',
		'օ', 'ս', 'ո', 'հ', 'զ', 'ա', 'Օ', 'Ս':
		return true
	}
	return false
}

func mathLetter(r rune) bool { return r >= 0x1D400 && r <= 0x1D7FF && unicode.IsLetter(r) }

// smallCapital reports the Latin small capitals that styled-text generators
// write (ᴘᴀʏᴍᴇɴᴛ ᴅᴇᴄʟɪɴᴇᴅ): phonetic letters no language spells words in.
func smallCapital(r rune) bool {
	switch r {
	case 'ʙ', 'ɢ', 'ʜ', 'ɪ', 'ʟ', 'ɴ', 'ʀ', 'ʏ', 'ꜰ', 'ꜱ':
		return true
	}
	return r >= 0x1D00 && r <= 0x1D22
}

func fullwidthLatin(r rune) bool { return r >= 0xFF21 && r <= 0xFF3A || r >= 0xFF41 && r <= 0xFF5A }

// homoglyphWord returns the first word that mixes Latin letters with
// look-alikes from Cyrillic, Greek or Armenian ("Nеw" with a Cyrillic е),
// mixes full-width and ordinary Latin letters ("Ａmazon"), or is written in
// mathematical letters or small capitals ("𝗲𝗯𝗮𝘆", "ᴘᴀʏᴍᴇɴᴛ"). Words wholly
// in one script are not touched: Russian and Greek text, Japanese
// full-width words.
func homoglyphWord(s string) string {
	start := -1
	var latin, conf, other, math, full int
	for i := 0; i <= len(s); {
		if start < 0 {
			// Between words: words of ASCII letters alone never count,
			// so go on from the word holding the next non-ASCII byte.
			i = nextNonASCIIWord(s, i)
		}
		var r rune
		size := 1
		switch {
		case i == len(s):
			r = ' '
		case s[i] < utf8.RuneSelf:
			r = rune(s[i])
		default:
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		var isWord bool
		if r < utf8.RuneSelf {
			isWord = r|0x20 >= 'a' && r|0x20 <= 'z'
		} else {
			isWord = unicode.IsLetter(r) || invisible(r) || unicode.Is(unicode.Mn, r)
		}
		if !isWord {
			if start >= 0 && latin+conf+other+math+full >= 3 &&
				(latin > 0 && conf > 0 || math >= 3 || full > 0 && latin > 0) {
				return show(s[start:i])
			}
			start = -1
			latin, conf, other, math, full = 0, 0, 0, 0, 0
			i += size
			continue
		}
		if start < 0 {
			start = i
		}
		switch {
		case r < utf8.RuneSelf:
			latin++
		case mathLetter(r), smallCapital(r):
			math++
		case fullwidthLatin(r):
			full++
		case confusable(r):
			conf++
		case r < 0x0250 && unicode.IsLetter(r):
			latin++
		case unicode.IsLetter(r):
			other++
		}
		i += size
	}
	return ""
}

// nextNonASCIIWord returns where the ASCII letters just before the next
// non-ASCII byte from s[i:] start (len(s) if there is none). Skipping
// there passes only words of ASCII letters and what separates them.
func nextNonASCIIWord(s string, i int) int {
	k := i + ascii.Prefix(s[i:])
	if k == len(s) {
		return k
	}
	for k > i && (s[k-1]|0x20 >= 'a' && s[k-1]|0x20 <= 'z') {
		k--
	}
	return k
}

// genericLocal are local parts shared by many people: seeing them in a
// subject says nothing about the recipient.
var genericLocal = map[string]bool{
	"info": true, "admin": true, "support": true, "sales": true, "contact": true, "office": true, "mail": true,
	"user": true, "test": true, "hello": true, "team": true, "billing": true, "accounts": true, "account": true,
	"noreply": true, "no-reply": true, "webmaster": true, "postmaster": true, "abuse": true, "security": true,
	"help": true, "service": true, "news": true, "list": true, "root": true, "staff": true, "jobs": true,
	"hr": true, "marketing": true, "finance": true, "all": true, "everyone": true, "undisclosed-recipients": true,
}

// greetings open a letter; the name after them is the one the sender
// thinks the reader has.
var greetings = [...]string{"dear ", "hello ", "hi ", "hey ", "attention ", "attn: ", "attn ", "greetings ", "good day "}

// honorifics follow a name in Japanese greetings.
var honorifics = [...]string{"様", "さん", "殿"}

func recipientIn(subject, body string, recipients []string) (Hit, bool) {
	// ASCII case only: offsets found in lhead are offsets into head.
	lsub := ascii.Lower(subject)
	head := clip(body, 400)
	lhead := ascii.Lower(head)
	// Where each greeting first appears in the head, the same for every
	// recipient.
	var greetingAt [len(greetings)]int
	for j, g := range greetings {
		greetingAt[j] = strings.Index(lhead, g)
	}
	// An address in the head needs an '@' there, a local part with an
	// honorific the honorific.
	headHasAt := strings.IndexByte(lhead, '@') >= 0
	var honorificIn [len(honorifics)]bool
	for j, h := range honorifics {
		honorificIn[j] = strings.Contains(lhead, h)
	}
	for i, addr := range recipients {
		if i == MaxRecipients {
			break
		}
		addr = strings.ToLower(strings.TrimSpace(addr))
		local, domain, ok := strings.Cut(addr, "@")
		if !ok || local == "" || domain == "" || len(addr) > 254 {
			continue
		}
		if strings.Contains(lsub, addr) {
			return Hit{Kind: RecipientInSubject, Field: InSubject, Evidence: show(addr)}, true
		}
		if headHasAt && strings.Contains(lhead, addr) {
			for j, g := range greetings {
				if greetingAt[j] < 0 {
					continue
				}
				if k := strings.Index(lhead, g+addr); k >= 0 {
					return Hit{Kind: RecipientInSubject, Field: InBody, Evidence: show(head[k : k+len(g)+len(addr)])}, true
				}
			}
		}
		if len(local) < 3 || genericLocal[local] {
			continue
		}
		// A bare first name ("john") is how newsletters greet people, and a
		// mailing list's name ("io-uring", "sugar") is how its subjects are
		// tagged: only a local part a person would not be called by counts
		// in the subject, one with a dot, digit or underscore, and not as
		// a tag ("[x86]", "x86/mm:").
		personal := len(local) >= 5 && strings.ContainsAny(local, "._0123456789") && strings.ContainsFunc(local, unicode.IsLetter)
		if personal {
			if k := tokenIndex(subject, local, false); k >= 0 && !tagged(subject, k, k+len(local), !strings.ContainsAny(local, "._")) {
				return Hit{Kind: RecipientInSubject, Field: InSubject, Evidence: show(subject[k : k+len(local)])}, true
			}
		}
		// In a greeting, the local part where a name belongs ("Dear
		// jdoe,"): with a separator or digit, or in lower case.
		named := !strings.ContainsAny(local, "._-+0123456789")
		for j, g := range greetings {
			k := greetingAt[j]
			if k < 0 {
				continue
			}
			at := k + len(g)
			end := at + len(local)
			if end <= len(head) && tokenIndex(head[at:end], local, named) == 0 &&
				(end == len(head) || strings.IndexByte(",!:\r\n", head[end]) >= 0) {
				return Hit{Kind: RecipientInSubject, Field: InBody, Evidence: show(head[k:end])}, true
			}
		}
		if !strings.Contains(lhead, local) {
			continue // no honorific after it either
		}
		for j, honorific := range honorifics {
			if !honorificIn[j] {
				continue
			}
			if k := strings.Index(lhead, local+honorific); k >= 0 && (k == 0 || !alnum(lhead[k-1])) {
				return Hit{Kind: RecipientInSubject, Field: InBody, Evidence: show(head[k : k+len(local)+len(honorific)])}, true
			}
		}
	}
	return Hit{}, false
}

// personalAddress returns a person's address written in the subject of a
// mail that hides its recipients (To: undisclosed-recipients:;), or "".
// Copies sent blind share one subject: an address in it says each copy
// was made for one reader, as mass mailings that fake a personal message
// do. The sender's own address, a mailing list's and role addresses
// (support@, info@) are a contact, not the reader.
func personalAddress(subject, from, list string) string {
	for i := 0; i < len(subject); i++ {
		if subject[i] != '@' {
			continue
		}
		start := i
		for start > 0 && addrByte(subject[start-1]) {
			start--
		}
		end := i + 1
		for end < len(subject) && (addrByte(subject[end]) && subject[end] != '+' && subject[end] != '%') {
			end++
		}
		local, dom := subject[start:i], strings.TrimRight(subject[i+1:end], ".-")
		if local == "" || !strings.ContainsFunc(dom, unicode.IsLetter) {
			continue
		}
		addr := local + "@" + dom
		if genericLocal[ascii.Lower(local)] || strings.EqualFold(addr, from) || strings.EqualFold(addr, list) {
			continue
		}
		return addr
	}
	return ""
}

// addrByte: a byte an address written in text is made of.
func addrByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("._%+-", c) >= 0
}

// tagged: the token at s[k:end] is a list or subsystem tag: in brackets,
// next to '/', or (with colon) followed by ':' ("x86: fix").
func tagged(s string, k, end int, colon bool) bool {
	return k > 0 && (s[k-1] == '[' || s[k-1] == '/') || end < len(s) && (colon && s[end] == ':' || s[end] == '/' || s[end] == ']')
}

func alnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// tokenIndex finds local (lower case) in s as a whole token (not inside a
// longer word, address or domain). With exact the text must be written in
// lower case as the local part is.
func tokenIndex(s, local string, exact bool) int {
	ls := ascii.Lower(s) // same length as s: offsets carry over
	for from := 0; from < len(ls); {
		k := strings.Index(ls[from:], local)
		if k < 0 {
			return -1
		}
		k += from
		end := k + len(local)
		before := k == 0 || !alnum(ls[k-1]) && !strings.ContainsRune("@._-", rune(ls[k-1]))
		after := end == len(ls) || !alnum(ls[end]) && ls[end] != '@' && !(ls[end] == '.' && end+1 < len(ls) && alnum(ls[end+1]))
		if before && after && (!exact || s[k:end] == local) {
			return k
		}
		from = k + 1
	}
	return -1
}

// encodedName reports a display name padded with blanks or invisible
// characters, still RFC 2047-encoded, or holding an address at another
// domain than the sender's.
func encodedName(name, from string) string {
	if name == "" {
		return ""
	}
	if strings.Contains(name, "=?") && strings.Contains(name, "?=") {
		return "still encoded: " + show(clip(name, 60))
	}
	blank := func(r rune) bool { return unicode.IsSpace(r) || invisible(r) || r == 0x2800 }
	lead := len(name) - len(strings.TrimLeftFunc(name, blank))
	trail := len(name) - len(strings.TrimRightFunc(name, blank))
	longest, run := 0, 0
	for _, r := range name {
		if blank(r) {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	if longest >= 5 || utf8.RuneCountInString(name[:lead]) >= 3 || utf8.RuneCountInString(name[len(name)-trail:]) >= 3 {
		return "padded: " + show(clip(strings.TrimFunc(name, blank), 60))
	}
	if from == "" {
		return ""
	}
	_, fromDomain, _ := strings.Cut(strings.ToLower(from), "@")
	for _, tok := range strings.FieldsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("<>()[]\"',;:", r) }) {
		local, domain, ok := strings.Cut(strings.ToLower(tok), "@")
		if !ok || local == "" || !strings.Contains(domain, ".") {
			continue
		}
		domain = strings.TrimRight(domain, ".")
		if orgDomain(domain) != orgDomain(fromDomain) {
			return "address " + show(tok)
		}
	}
	return ""
}

func orgDomain(d string) string {
	if o, err := publicsuffix.EffectiveTLDPlusOne(d); err == nil {
		return o
	}
	return d
}
