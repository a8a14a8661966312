// Package obfuscation finds the tricks a mail uses to slip its words past
// filters and to look personal: words split letter by letter ("P a y P a l",
// "S.e.g.u.r.a.n.ç.a"), invisible characters inside words (zero-width
// spaces, word joiners, soft hyphens, variation selectors, tag
// characters), words that mix Latin letters with Cyrillic, Greek or
// Armenian look-alikes or are written in mathematical letters (𝐏𝐚𝐲𝐏𝐚𝐥),
// the recipient's own address or local part in the subject or greeting,
// and display names padded with blanks or carrying an address of their own.
// It reports evidence; weighing it is the verdict's job.
//
// HomoglyphWord supersedes analysis's mixedScriptWord (it adds Armenian,
// full-width and mathematical letters, and reads the display name too).
package obfuscation

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is a kind of obfuscation.
type Kind uint8

const (
	// SplitWord: a word written letter by letter with separators.
	SplitWord Kind = iota + 1
	// InvisibleChars: invisible characters inside words.
	InvisibleChars
	// HomoglyphWord: a word mixing Latin letters with look-alikes from
	// other scripts, or written in mathematical or full-width letters
	// among ordinary ones.
	HomoglyphWord
	// RecipientInSubject: the recipient's address or full local part in
	// the subject or in the greeting.
	RecipientInSubject
	// EncodedDisplayName: a display name padded with blanks or invisible
	// characters, holding an address other than the sender's, or still
	// RFC 2047-encoded after decoding.
	EncodedDisplayName
)

var kindNames = [...]string{"", "split_word", "invisible_chars", "homoglyph_word", "recipient_in_subject", "encoded_display_name"}

// String is the kind's stable code.
func (k Kind) String() string {
	if k != 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Field is where in the mail a hit was found.
type Field uint8

const (
	InSubject Field = iota + 1
	InDisplayName
	InBody
)

var fieldNames = [...]string{"", "subject", "display_name", "body"}

func (f Field) String() string {
	if f != 0 && int(f) < len(fieldNames) {
		return fieldNames[f]
	}
	return "unknown"
}

// Input is what Find reads. Body is the visible text (HTML converted to
// text by the caller). From is the sender's address, used to tell whether
// an address in the display name is someone else's; it may be empty.
type Input struct {
	Subject     string
	DisplayName string
	From        string
	Body        string
	Recipients  []string // To and Cc addresses (none: the recipients are hidden)
	// ListAddress is the posting address of the mailing list the mail came
	// through (List-Post), or "": in a subject it names the list, not the
	// reader.
	ListAddress string
}

// Hit is one trick found.
type Hit struct {
	Kind     Kind
	Field    Field
	Evidence string // short, with invisible characters shown as <U+200B>
	Count    int    // for InvisibleChars: how many were found in the field
}

// Limits on what is read.
const (
	MaxSubject     = 4 << 10
	MaxDisplayName = 1 << 10
	MaxBody        = 64 << 10
	MaxRecipients  = 50
	// bodyInvisible is how many invisible characters inside words a body
	// needs before it counts (one can be a copy-paste accident).
	bodyInvisible = 3
)

// Find returns the tricks found, at most one hit per kind and field.
func Find(in Input) []Hit {
	subject := clip(in.Subject, MaxSubject)
	name := clip(in.DisplayName, MaxDisplayName)
	body := clip(in.Body, MaxBody)
	var out []Hit
	for _, f := range []struct {
		field Field
		text  string
	}{{InSubject, subject}, {InDisplayName, name}, {InBody, body}} {
		if f.text == "" {
			continue
		}
		if ev := splitWord(f.text, f.field != InBody); ev != "" {
			out = append(out, Hit{Kind: SplitWord, Field: f.field, Evidence: ev})
		}
		if n, ev := invisibleInWords(f.text); n > 0 && (f.field != InBody || n >= bodyInvisible) {
			out = append(out, Hit{Kind: InvisibleChars, Field: f.field, Evidence: ev, Count: n})
		}
		if ev := homoglyphWord(f.text); ev != "" {
			out = append(out, Hit{Kind: HomoglyphWord, Field: f.field, Evidence: ev})
		}
	}
	recipients := in.Recipients
	if in.ListAddress != "" {
		recipients = slices.DeleteFunc(slices.Clone(recipients), func(r string) bool { return strings.EqualFold(r, in.ListAddress) })
	}
	if h, ok := recipientIn(subject, body, recipients); ok {
		out = append(out, h)
	} else if len(in.Recipients) == 0 {
		if addr := personalAddress(subject, in.From, in.ListAddress); addr != "" {
			out = append(out, Hit{Kind: RecipientInSubject, Field: InSubject, Evidence: show(addr)})
		}
	}
	if ev := encodedName(name, in.From); ev != "" {
		out = append(out, Hit{Kind: EncodedDisplayName, Field: InDisplayName, Evidence: ev})
	}
	return out
}

// clip cuts s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// show renders a short piece of text for people: invisible and control
// characters as <U+XXXX>, at most 80 bytes.
func show(s string) string {
	var b strings.Builder
	for _, r := range s {
		if b.Len() > 80 {
			b.WriteString("…")
			break
		}
		if invisible(r) || unicode.IsControl(r) || r == utf8.RuneError {
			b.WriteString("<U+")
			b.WriteString(strings.ToUpper(hex4(r)))
			b.WriteString(">")
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func hex4(r rune) string {
	const digits = "0123456789abcdef"
	var buf [8]byte
	i := len(buf)
	for r > 0 || i > len(buf)-4 {
		i--
		buf[i] = digits[r&0xf]
		r >>= 4
	}
	return string(buf[i:])
}
