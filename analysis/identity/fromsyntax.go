package identity

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/checkmail/checkmail/internal/mailsyntax"
)

// FromFlaw is what makes a From header malformed: something a mail
// program never writes, so a person wrote it by hand, most often to show
// the reader one sender while filters read another.
type FromFlaw uint8

// Flaws of a From header.
const (
	FromWellFormed FromFlaw = iota
	// FromStrayPart: a part with no address beside the mailbox, set off by
	// a comma ("Name", <a@b.example>) or standing after it.
	FromStrayPart
	// FromSeveral: more than one address.
	FromSeveral
	// FromBadAddress: what stands in the angle brackets is not an address
	// (<"a@b.example">, ""@b.example, brackets inside brackets).
	FromBadAddress
	// FromBadDomain: the domain holds characters no domain name has, or
	// ends in a dot.
	FromBadDomain
	// FromNameSpecials: the unquoted display name holds characters only an
	// address may hold (an @, brackets, a colon or semicolon).
	FromNameSpecials
	// FromUnclosed: a quote, angle bracket or parenthesis is never closed.
	FromUnclosed
)

// MaxFromBytes bounds the bytes of a From header CheckFrom reads.
const MaxFromBytes = 2048

// CheckFrom reads a raw From header value (unfolded, encoded words as they
// are) against the mailbox syntax of RFC 5322 and RFC 6532, and returns
// its first flaw. It accepts what honest mail programs write, even where
// the RFC is stricter: raw UTF-8 or 8-bit text in names, comments in place
// of names, dots in unquoted names, spaces inside the brackets, and local
// parts with odd dots (old Japanese mobile addresses). An empty value, a
// bare "<>" and a single name with no address are not judged here.
func CheckFrom(raw string) FromFlaw {
	if len(raw) > MaxFromBytes {
		raw = raw[:MaxFromBytes]
	}
	addresses := 0
	for _, item := range splitList(raw) {
		m, flaw := readMailbox(item)
		if flaw != FromWellFormed {
			return flaw
		}
		switch {
		case m == mailboxEmpty:
		case m == mailboxNoAddress:
			return FromStrayPart
		default:
			addresses++
		}
	}
	if addresses > 1 {
		return FromSeveral
	}
	return FromWellFormed
}

// mailboxKind is what one comma-separated part of a From holds.
type mailboxKind uint8

const (
	mailboxEmpty     mailboxKind = iota // nothing, or only comments
	mailboxNoAddress                    // words but no address
	mailboxAddress                      // an address, with or without a name
	mailboxNull                         // "<>"
)

// readMailbox reads one part of an address list: [name] <addr-spec>, or a
// bare addr-spec with comments around it.
func readMailbox(s string) (mailboxKind, FromFlaw) {
	var bare strings.Builder // the words outside comments and brackets
	angle := ""
	seenAngle := false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
			if bare.Len() > 0 && !seenAngle {
				bare.WriteByte(' ')
			}
		case c == '(':
			end, ok := mailsyntax.CommentEnd(s, i)
			if !ok {
				return mailboxEmpty, FromUnclosed
			}
			i = end
		case c == '"':
			end, ok := mailsyntax.QuotedEnd(s, i)
			if !ok {
				return mailboxEmpty, FromUnclosed
			}
			if seenAngle {
				return mailboxEmpty, FromStrayPart
			}
			bare.WriteString(s[i:end])
			i = end
		case c == '<':
			if seenAngle {
				return mailboxEmpty, FromBadAddress
			}
			end := strings.IndexByte(s[i+1:], '>')
			if end < 0 {
				return mailboxEmpty, FromUnclosed
			}
			angle = s[i+1 : i+1+end]
			if strings.IndexByte(angle, '<') >= 0 {
				return mailboxEmpty, FromBadAddress
			}
			seenAngle = true
			i += end + 2
		default:
			if seenAngle {
				return mailboxEmpty, FromStrayPart // words after the address
			}
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\r\n(\"<", rune(s[j])) {
				j++
			}
			bare.WriteString(s[i:j])
			i = j
		}
	}
	if seenAngle {
		addr := strings.TrimSpace(angle)
		if addr == "" {
			return mailboxNull, FromWellFormed
		}
		if flaw := checkName(bare.String()); flaw != FromWellFormed {
			return mailboxEmpty, flaw
		}
		return mailboxAddress, checkAddrSpec(addr)
	}
	text := strings.TrimSpace(bare.String())
	switch {
	case text == "":
		return mailboxEmpty, FromWellFormed
	case lastAtOutsideQuotes(text) < 0:
		return mailboxNoAddress, FromWellFormed
	case strings.ContainsAny(unquoted(text), " \t"):
		// Words beside a bare address: a name that lost its brackets.
		return mailboxEmpty, FromNameSpecials
	}
	return mailboxAddress, checkAddrSpec(text)
}

// nameSpecials are the characters an unquoted display name may not hold
// (RFC 5322's specials less the comma, quote, parentheses and '<' read
// apart, and less the dot that obsolete names allow).
const nameSpecials = "@>[]:;\\"

func checkName(name string) FromFlaw {
	if strings.ContainsAny(unquoted(name), nameSpecials) {
		return FromNameSpecials
	}
	return FromWellFormed
}

// unquoted is s with its quoted strings left out.
func unquoted(s string) string {
	if strings.IndexByte(s, '"') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '"' {
			end, _ := mailsyntax.QuotedEnd(s, i)
			i = end
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// checkAddrSpec checks local@domain. The local part is read leniently (any
// dots, raw UTF-8); the domain strictly: letters, digits, hyphens and
// underscores in labels between single dots, or a bracketed literal.
func checkAddrSpec(a string) FromFlaw {
	at := lastAtOutsideQuotes(a)
	if at < 0 {
		return FromBadAddress // <"a@b.example">, <Kaufland.de>
	}
	local, dom := strings.TrimSpace(a[:at]), strings.TrimSpace(a[at+1:])
	if local == "" || local == `""` || strings.ContainsAny(unquoted(local), " \t@<>()[]:;\\,") {
		return FromBadAddress
	}
	return checkDomain(dom)
}

// lastAtOutsideQuotes is the index of the last '@' of a outside quoted
// strings, or -1.
func lastAtOutsideQuotes(a string) int {
	at := -1
	for i := 0; i < len(a); i++ {
		switch a[i] {
		case '"':
			end, _ := mailsyntax.QuotedEnd(a, i)
			i = end - 1
		case '@':
			at = i
		}
	}
	return at
}

func checkDomain(d string) FromFlaw {
	if d == "" {
		return FromBadAddress
	}
	if d[0] == '[' && d[len(d)-1] == ']' {
		return FromWellFormed // a domain literal ([192.0.2.1])
	}
	if !utf8.ValidString(d) {
		return FromBadDomain
	}
	ascii := true
	for i := 0; i < len(d); i++ {
		c := d[i]
		switch {
		case c >= 0x80:
			ascii = false
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_':
		case c == '.':
			if i == 0 || i == len(d)-1 || d[i-1] == '.' {
				return FromBadDomain
			}
		default:
			return FromBadDomain
		}
	}
	if !ascii {
		// An internationalized name must be one IDNA allows as it is
		// written: styled look-alike letters (𝗲𝗯𝗮𝘆) are not.
		if _, err := idna.Registration.ToASCII(d); err != nil {
			return FromBadDomain
		}
	}
	return FromWellFormed
}
