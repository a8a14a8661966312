package outlookmsg

import (
	"bytes"
	"strings"
	"unicode/utf16"
)

// RTFKind says how an RTF body came to be.
type RTFKind int

// Kinds of RTF body ([MS-OXRTFEX]).
const (
	RTFNative   RTFKind = iota // written as RTF
	RTFFromHTML                // \fromhtml1: HTML encapsulated in RTF
	RTFFromText                // \fromtext: plain text encapsulated in RTF
)

// rtfKind reads the kind from the RTF header (the control words before the
// first text or group other than the font table).
func rtfKind(rtf []byte) RTFKind {
	head := rtf[:min(len(rtf), 1024)]
	switch {
	case bytes.Contains(head, []byte(`\fromhtml`)):
		return RTFFromHTML
	case bytes.Contains(head, []byte(`\fromtext`)):
		return RTFFromText
	}
	return RTFNative
}

// RTFToHTML de-encapsulates the HTML from an RTF body written with
// \fromhtml1 ([MS-OXRTFEX] 2.1.3.1): the content of \*\htmltag groups and
// the text outside \htmlrtf blocks, with RTF escapes decoded.
func RTFToHTML(rtf []byte) string {
	return rtfText(rtf, true)
}

// RTFToText extracts the plain text of an RTF body: text outside
// ignorable destinations (font and color tables, pictures, \* groups), with
// \par as a line break.
func RTFToText(rtf []byte) string {
	return rtfText(rtf, false)
}

// rtfGroup is the state a group carries.
type rtfGroup struct {
	skip    bool // an ignorable destination: no output
	htmlrtf bool // inside \htmlrtf ... \htmlrtf0: RTF-only text, not HTML
	uc      int  // characters to skip after \uN
}

// destinations whose text is never body text.
var rtfSkipDest = map[string]bool{
	"fonttbl": true, "colortbl": true, "stylesheet": true, "info": true, "pict": true,
	"object": true, "header": true, "footer": true, "headerl": true, "headerr": true,
	"footerl": true, "footerr": true, "footnote": true, "listtable": true,
	"listoverridetable": true, "rsidtbl": true, "generator": true, "xmlnstbl": true,
	"themedata": true, "colorschememapping": true, "latentstyles": true, "datastore": true,
	"filetbl": true, "revtbl": true, "fldinst": true, "bkmkstart": true, "bkmkend": true,
	"pgdsctbl": true, "mmathPr": true, "pnseclvl": true, "fchars": true, "lchars": true,
}

type rtfWriter struct {
	out     strings.Builder
	pending []byte   // \'hh bytes not yet decoded (a double-byte character may span two)
	units   []uint16 // \uN units not yet decoded (a surrogate pair spans two)
	cp      int      // \ansicpg
}

func (w *rtfWriter) flush() {
	if len(w.pending) > 0 {
		w.out.WriteString(decodeCodepage(w.pending, w.cp))
		w.pending = w.pending[:0]
	}
	if len(w.units) > 0 {
		w.out.WriteString(string(utf16.Decode(w.units)))
		w.units = w.units[:0]
	}
}

func (w *rtfWriter) str(s string) {
	w.flush()
	w.out.WriteString(s)
}

func (w *rtfWriter) byte(b byte) {
	if len(w.units) > 0 {
		w.flush()
	}
	w.pending = append(w.pending, b)
}

func (w *rtfWriter) unit(u uint16) {
	if len(w.pending) > 0 {
		w.flush()
	}
	w.units = append(w.units, u)
}

// rtfText walks the RTF once. html selects de-encapsulation of HTML;
// otherwise plain text is extracted.
func rtfText(rtf []byte, html bool) string {
	const maxGroups = 1000 // nesting beyond this is treated as one level
	w := &rtfWriter{cp: 1252}
	stack := []rtfGroup{{uc: 1}}
	cur := func() *rtfGroup { return &stack[len(stack)-1] }
	emits := func() bool {
		g := cur()
		return !g.skip && !(html && g.htmlrtf)
	}
	skipChars := 0 // characters still to skip after \uN
	starDest := false
	firstInGroup := false
	i := 0
	for i < len(rtf) {
		c := rtf[i]
		switch c {
		case '{':
			i++
			if len(stack) < maxGroups {
				stack = append(stack, *cur())
			}
			firstInGroup = true
			starDest = false
			skipChars = 0
			continue
		case '}':
			i++
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
			firstInGroup = false
			starDest = false
			skipChars = 0
			continue
		case '\r', '\n':
			i++
			continue
		case '\\':
		default:
			i++
			firstInGroup = false
			if skipChars > 0 {
				skipChars--
				continue
			}
			if emits() {
				w.byte(c)
			}
			continue
		}
		// a control word or symbol
		if i+1 >= len(rtf) {
			break
		}
		n := rtf[i+1]
		if !isASCIILetter(n) {
			i += 2
			wasFirst := firstInGroup
			firstInGroup = false
			switch n {
			case '*':
				if wasFirst {
					starDest = true
					firstInGroup = true
				}
			case '\'':
				if i+2 <= len(rtf) {
					b, ok1 := unhexByte(rtf[i], rtf[i+1])
					i += 2
					if skipChars > 0 {
						skipChars--
						continue
					}
					if ok1 && emits() {
						w.byte(b)
					}
				} else {
					i = len(rtf)
				}
			case '\\', '{', '}':
				if skipChars > 0 {
					skipChars--
					continue
				}
				if emits() {
					w.byte(n)
				}
			case '~':
				if emits() {
					w.str("\u00a0")
				}
			case '_':
				if emits() {
					w.str("-")
				}
			case '\r', '\n':
				if emits() {
					w.str(lineBreak(html))
				}
			}
			continue
		}
		// control word: letters, optional signed number, optional space
		j := i + 1
		for j < len(rtf) && j-i <= 32 && isASCIILetter(rtf[j]) {
			j++
		}
		word := string(rtf[i+1 : j])
		param, hasParam := 0, false
		neg := false
		if j < len(rtf) && rtf[j] == '-' && j+1 < len(rtf) && isDigit(rtf[j+1]) {
			neg = true
			j++
		}
		for k := 0; j < len(rtf) && isDigit(rtf[j]); j++ {
			if k < 10 {
				param = param*10 + int(rtf[j]-'0')
			}
			k++
			hasParam = true
		}
		if neg {
			param = -param
		}
		if j < len(rtf) && rtf[j] == ' ' {
			j++
		}
		i = j
		wasFirst := firstInGroup
		firstInGroup = false
		g := cur()
		if wasFirst {
			// the group's destination
			switch {
			case html && (word == "htmltag"):
				g.skip = false
				g.htmlrtf = false
				starDest = false
				continue
			case starDest || rtfSkipDest[word]:
				g.skip = true
				starDest = false
				continue
			}
		}
		switch word {
		case "ansicpg":
			if hasParam && param > 0 {
				w.flush()
				w.cp = param
			}
		case "htmlrtf":
			if html {
				w.flush()
				g.htmlrtf = !hasParam || param != 0
			}
		case "uc":
			if hasParam && param >= 0 && param < 10 {
				g.uc = param
			}
		case "u":
			if !hasParam {
				continue
			}
			if param < 0 {
				param += 65536
			}
			if emits() && param >= 0 && param <= 0xFFFF {
				w.unit(uint16(param))
			}
			skipChars = g.uc
		case "par", "line":
			if emits() {
				w.str(lineBreak(html))
			}
		case "tab":
			if emits() {
				w.str("\t")
			}
		case "emdash":
			if emits() {
				w.str("\u2014")
			}
		case "endash":
			if emits() {
				w.str("\u2013")
			}
		case "lquote":
			if emits() {
				w.str("\u2018")
			}
		case "rquote":
			if emits() {
				w.str("\u2019")
			}
		case "ldblquote":
			if emits() {
				w.str("\u201c")
			}
		case "rdblquote":
			if emits() {
				w.str("\u201d")
			}
		case "bullet":
			if emits() {
				w.str("\u2022")
			}
		}
	}
	w.flush()
	return w.out.String()
}

func lineBreak(html bool) string {
	if html {
		return "\r\n"
	}
	return "\n"
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool       { return c >= '0' && c <= '9' }

func unhexByte(a, b byte) (byte, bool) {
	x, ok1 := unhexDigit(a)
	y, ok2 := unhexDigit(b)
	return x<<4 | y, ok1 && ok2
}

func unhexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
