package message

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// decodeTransfer undoes a Content-Transfer-Encoding. Unknown encodings are
// passed through; known reports whether the encoding was recognised.
func decodeTransfer(cte string, body []byte) (data []byte, known bool) {
	switch cte {
	case "base64":
		return decodeBase64(body), true
	case "quoted-printable":
		return decodeQP(body), true
	case "", "7bit", "8bit", "binary":
		return body, true
	}
	return body, false
}

// decodeBase64 decodes base64 tolerantly: characters outside the alphabet
// (white space, garbage) are skipped, the URL-safe alphabet is accepted,
// '=' ends a group early (so concatenated encodings decode), and a trailing
// partial group yields the bytes it holds.
func decodeBase64(src []byte) []byte {
	out := make([]byte, 0, len(src)/4*3+3)
	var acc uint32
	n := 0
	flush := func() {
		switch n {
		case 2:
			out = append(out, byte(acc>>4))
		case 3:
			out = append(out, byte(acc>>10), byte(acc>>2))
		}
		acc, n = 0, 0
	}
	for _, c := range src {
		v := base64Value[c]
		switch v {
		case b64Skip:
			continue
		case b64Pad:
			flush()
			continue
		}
		acc = acc<<6 | uint32(v)
		n++
		if n == 4 {
			out = append(out, byte(acc>>16), byte(acc>>8), byte(acc))
			acc, n = 0, 0
		}
	}
	flush()
	return out
}

// base64Value maps a byte to its value in either base64 alphabet, or to
// b64Pad ('=') or b64Skip (anything else), for decodeBase64.
var base64Value = func() (t [256]byte) {
	for i := range t {
		t[i] = b64Skip
	}
	for i, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/" {
		t[c] = byte(i)
	}
	t['-'], t['_'], t['='] = 62, 63, b64Pad
	return t
}()

const (
	b64Pad  = 0xfe
	b64Skip = 0xff
)

// decodeQP decodes quoted-printable tolerantly: "=XX" in either case is a
// byte, "=" before a line end (after optional blanks) is a soft line break,
// and any other "=" is kept as it is.
func decodeQP(src []byte) []byte {
	out := make([]byte, 0, len(src))
	keep := 0 // out[:keep] must stay: encoded bytes are never trimmed
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\n' || c == '\r' && i+1 < len(src) && src[i+1] == '\n' {
			// Blanks at the end of an encoded line were added in transport.
			for len(out) > keep && (out[len(out)-1] == ' ' || out[len(out)-1] == '\t') {
				out = out[:len(out)-1]
			}
		}
		if c != '=' {
			out = append(out, c)
			if c == '\n' {
				keep = len(out)
			}
			continue
		}
		if i+2 < len(src) {
			if b, ok := unhex2(src[i+1], src[i+2]); ok {
				out = append(out, b)
				keep = len(out)
				i += 2
				continue
			}
		}
		j := i + 1
		for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\r') {
			j++
		}
		if j == len(src) {
			break
		}
		if src[j] == '\n' {
			i = j
			keep = len(out)
			continue
		}
		out = append(out, '=')
		keep = len(out)
	}
	return out
}

// canonicalCharset lower-cases a charset label, strips quotes, blanks and an
// RFC 2231 language suffix, and maps common misspellings and vendor names
// to names the charset tables know.
func canonicalCharset(label string) string {
	s := strings.ToLower(strings.Trim(label, " \t\"'_"))
	// Keep the leading run of label characters: drops "*lang" suffixes and
	// junk such as a stray backslash, a curly quote or a second word.
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':') {
			s = s[:i]
			break
		}
	}
	switch s {
	case "", "utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968", "x-utf_8j", "unicode-1-1-utf-8", "uft-8", "utf-8-sig":
		return "utf-8"
	case "cp932", "ms932", "windows-31j", "x-sjis", "sjis", "shift-jis", "x-ms-cp932", "ms_kanji", "shift_jisx0213":
		return "shift_jis"
	case "iso-2022-jp-ms", "cp50220", "cp50221", "cp50222", "iso-2022-jp-1", "iso-2022-jp-2", "iso-2022-jp-3", "csiso2022jp":
		return "iso-2022-jp"
	case "x-euc-jp", "eucjp", "euc-jp-ms", "cp51932", "eucjp-ms":
		return "euc-jp"
	case "gb2312", "cp936", "x-gbk", "gb_2312-80", "euc-cn":
		return "gbk"
	case "ks_c_5601-1987", "ks_c_5601", "cp949", "x-windows-949", "ks_c_5601-1989":
		return "euc-kr"
	case "big5-hkscs", "x-big5", "cp950":
		return "big5"
	case "latin1", "latin-1", "iso8859-1", "iso_8859-1", "8859-1":
		return "iso-8859-1"
	}
	if strings.HasPrefix(s, "cp125") && len(s) == 6 {
		return "windows-" + s[2:]
	}
	if strings.HasPrefix(s, "iso8859-") {
		return "iso-8859-" + s[len("iso8859-"):]
	}
	return s
}

// decodeCharset converts b from the named charset to UTF-8. ok is false when
// the charset is unknown or unsupported; the result is then a best effort
// (valid UTF-8 as it is, otherwise UTF-8 with U+FFFD for invalid bytes).
// UTF-8 (the default) with invalid bytes is repaired the same way.
func decodeCharset(label string, b []byte) (s string, ok bool) {
	name := canonicalCharset(label)
	switch name {
	case "utf-8":
		return bestEffort(b), true
	case "utf-7", "unicode-1-1-utf-7", "csunicode11utf7":
		return decodeUTF7(b), true
	}
	r, err := charset.Reader(name, bytes.NewReader(b))
	if err != nil {
		return bestEffort(b), false
	}
	if asciiTransparent(name) && isASCII(b) && bytes.IndexByte(b, 0x1b) < 0 {
		return string(b), true // what the decoder would give, without it
	}
	out, err := io.ReadAll(r)
	if err != nil && len(out) == 0 {
		return bestEffort(b), false
	}
	return strings.ToValidUTF8(string(out), "\uFFFD"), true
}

// asciiTransparent reports the charsets (canonical names) whose decoders
// turn ASCII other than ESC into itself (TestASCIITransparentCharsets).
func asciiTransparent(name string) bool {
	switch name {
	case "shift_jis", "euc-jp", "iso-2022-jp", "gbk", "gb18030", "big5", "euc-kr", "koi8-r", "koi8-u":
		return true
	}
	return strings.HasPrefix(name, "iso-8859-") || strings.HasPrefix(name, "windows-125")
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// bestEffort reads bytes of unknown or mislabelled charset: ISO-2022-JP when
// it has its escape sequences, else UTF-8 with U+FFFD for invalid bytes.
func bestEffort(b []byte) string {
	if utf8.Valid(b) && bytes.IndexByte(b, 0x1b) < 0 {
		return string(b)
	}
	if bytes.Contains(b, []byte("\x1b$B")) || bytes.Contains(b, []byte("\x1b$@")) {
		if r, err := charset.Reader("iso-2022-jp", bytes.NewReader(b)); err == nil {
			if out, err := io.ReadAll(r); err == nil || len(out) > 0 {
				return strings.ToValidUTF8(string(out), "\uFFFD")
			}
		}
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// decodeUTF7 decodes RFC 2152 UTF-7, which the charset tables lack.
func decodeUTF7(b []byte) string {
	var sb strings.Builder
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '+' {
			if c < 0x80 {
				sb.WriteByte(c)
			} else {
				sb.WriteRune(utf8.RuneError)
			}
			continue
		}
		j := i + 1
		for j < len(b) && isBase64Char(b[j]) {
			j++
		}
		if j == i+1 { // "+-" is '+'
			sb.WriteByte('+')
			if j < len(b) && b[j] == '-' {
				i = j
			}
			continue
		}
		raw := decodeBase64(b[i+1 : j])
		var hi rune
		for k := 0; k+1 < len(raw); k += 2 {
			u := rune(raw[k])<<8 | rune(raw[k+1])
			switch {
			case u >= 0xd800 && u < 0xdc00:
				hi = u
			case u >= 0xdc00 && u < 0xe000 && hi != 0:
				sb.WriteRune((hi-0xd800)<<10 + (u - 0xdc00) + 0x10000)
				hi = 0
			default:
				if hi != 0 {
					sb.WriteRune(utf8.RuneError)
					hi = 0
				}
				sb.WriteRune(u)
			}
		}
		i = j - 1
		if j < len(b) && b[j] == '-' {
			i = j
		}
	}
	return sb.String()
}

func isBase64Char(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/'
}

// maxLegacyHeader bounds the raw header text that decodeRawHeader tries
// the legacy charsets on; longer text is repaired with U+FFFD.
const maxLegacyHeader = 16 << 10

// legacyCharsets are tried, in order of preference on a tie, on raw 8-bit
// header text that is not UTF-8. GBK is there for Japanese text that went
// through a Chinese mail system (its kana rows are EUC-JP's).
var legacyCharsets = []struct {
	name string
	enc  encoding.Encoding
}{
	{"shift_jis", japanese.ShiftJIS},
	{"euc-jp", japanese.EUCJP},
	{"gbk", simplifiedchinese.GBK},
}

// decodeRawHeader reads raw 8-bit header text. UTF-8 comes first when it
// is valid, then ISO-2022-JP when it has its escapes. Otherwise the text is
// read as Shift_JIS, EUC-JP and GBK (whole, and as UTF-8 runs with the
// legacy bytes between them decoded, which mailing lists that rewrite a
// subject produce), and the reading that looks most like Japanese text wins:
// kana and CJK punctuation count for it, half-width katakana and characters
// outside the CJK blocks against it, and any invalid sequence rules a
// reading out. When no reading is plausible, invalid bytes become U+FFFD.
func decodeRawHeader(b []byte) string {
	if utf8.Valid(b) || bytes.IndexByte(b, 0x1b) >= 0 || len(b) > maxLegacyHeader {
		return bestEffort(b)
	}
	best, bestScore := "", 0
	consider := func(s string, ok bool) {
		if !ok {
			return
		}
		if sc, plausible := japaneseScore(s); plausible && (best == "" || sc > bestScore) {
			best, bestScore = s, sc
		}
	}
	for _, cs := range legacyCharsets {
		consider(legacyDecode(cs.enc, b))
	}
	consider(mixedDecode(b))
	if best == "" {
		return bestEffort(b)
	}
	return best
}

// legacyDecode decodes b with enc; ok is false when b is not valid in it.
func legacyDecode(enc encoding.Encoding, b []byte) (string, bool) {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil || bytes.Contains(out, []byte("\uFFFD")) {
		return "", false
	}
	return string(out), true
}

// mixedDecode keeps the valid UTF-8 characters of three and four bytes of b and decodes
// each stretch between them that holds invalid bytes with the best legacy
// charset. ok is false when b has no UTF-8 character or a stretch fits none.
func mixedDecode(b []byte) (string, bool) {
	var sb strings.Builder
	utf := 0
	start := 0 // start of the current non-UTF-8 stretch
	flush := func(end int) bool {
		chunk := b[start:end]
		if utf8.Valid(chunk) {
			sb.Write(chunk)
			return true
		}
		best, bestScore := "", 0
		for _, cs := range legacyCharsets {
			s, ok := legacyDecode(cs.enc, chunk)
			if !ok {
				continue
			}
			if sc, plausible := japaneseScore(s); plausible && (best == "" || sc > bestScore) {
				best, bestScore = s, sc
			}
		}
		if best == "" {
			return false
		}
		sb.WriteString(best)
		return true
	}
	trail := false // the next byte is the second of a legacy double-byte character
	for i := 0; i < len(b); {
		// Only characters of three or four bytes (CJK text) that do not
		// start on a legacy trail byte anchor a stretch: a two-byte
		// sequence is as likely a pair of legacy bytes.
		if !trail {
			if r, n := utf8.DecodeRune(b[i:]); n > 2 && r != utf8.RuneError {
				if !flush(i) {
					return "", false
				}
				sb.Write(b[i : i+n])
				utf++
				i += n
				start = i
				continue
			}
		}
		trail = !trail && b[i] >= 0x81
		i++
	}
	if utf == 0 || !flush(len(b)) {
		return "", false
	}
	return sb.String(), true
}

// japaneseScore rates how much s reads like Japanese (or Chinese) text;
// plausible is false for readings with controls or replacement
// characters, and for those that are too short to tell from a Latin-1
// accent (one non-ASCII character that is not kana or punctuation).
func japaneseScore(s string) (score int, plausible bool) {
	nonASCII, kana := 0, false
	for _, r := range s {
		switch {
		case r == utf8.RuneError || r < 0x20 && r != '\t' || r == 0x7f:
			return 0, false
		case r < 0x80:
			continue
		case r >= 0x3040 && r <= 0x30ff: // hiragana, katakana
			score += 3
			kana = true
		case r >= 0x3000 && r <= 0x303f: // CJK punctuation 、。「」
			score += 2
			kana = true
		case r >= 0x4e00 && r <= 0x9fff: // CJK unified ideographs
			score++
		case r >= 0xff01 && r <= 0xff5e: // full-width ASCII
			score++
		case r >= 0xff61 && r <= 0xff9f: // half-width katakana
			score -= 2
		default:
			score -= 3
		}
		nonASCII++
	}
	return score, score > 0 && (kana || nonASCII >= 2)
}

// DecodeHeader decodes RFC 2047 encoded words in any charset the charset
// tables know into UTF-8. It never fails: adjacent words in one charset are
// joined before decoding (so a character split across words survives),
// white space between encoded words is dropped, malformed words are kept
// as text, raw ISO-2022-JP is decoded, raw 8-bit text that is not UTF-8 is
// read as Shift_JIS, EUC-JP or GBK when one of them gives plausible
// Japanese text (see decodeRawHeader), and other invalid bytes become
// U+FFFD.
func DecodeHeader(s string) string {
	if !strings.Contains(s, "=?") {
		if utf8.ValidString(s) && strings.IndexByte(s, 0x1b) < 0 {
			return s
		}
		return decodeRawHeader([]byte(s))
	}
	var sb strings.Builder
	sb.Grow(len(s))
	var run []byte
	runCharset := ""
	flush := func() {
		switch {
		case runCharset == "utf-8" && !utf8.Valid(run):
			sb.WriteString(decodeRawHeader(run)) // mislabelled: often Shift_JIS
		case runCharset != "":
			str, _ := decodeCharset(runCharset, run)
			sb.WriteString(str)
		}
		run, runCharset = run[:0], ""
	}
	plain := func(t string) {
		if t == "" {
			return
		}
		flush()
		if utf8.ValidString(t) && strings.IndexByte(t, 0x1b) < 0 {
			sb.WriteString(t)
		} else {
			sb.WriteString(decodeRawHeader([]byte(t)))
		}
	}
	lastWord := false
	i := 0
	var sc wordScanner
	for i < len(s) {
		j := strings.Index(s[i:], "=?")
		if j < 0 {
			break
		}
		between := s[i : i+j]
		cs, data, n, ok := sc.word(s, i+j)
		if !ok {
			plain(s[i : i+j+2])
			lastWord = false
			i += j + 2
			continue
		}
		if !lastWord || strings.Trim(between, " \t\r\n") != "" {
			plain(between)
		}
		if cs != runCharset {
			flush()
			runCharset = cs
		}
		run = append(run, data...)
		lastWord = true
		i += j + n
	}
	plain(s[i:])
	flush()
	return sb.String()
}

// maxWordText bounds the text of one encoded word (RFC 2047 says 75
// characters for the whole word; real mail is sloppier).
const maxWordText = 4096

// wordScanner finds encoded words in one header value. It remembers where
// the next "?=" and the next line break are, so that a value with many
// "=?" and no close is still read in linear time.
type wordScanner struct {
	close, nl int // absolute offsets; -1 when not yet searched
	scanned   bool
}

// word parses "=?charset?E?text?=" at s[at:], returning the canonical
// charset, the decoded bytes and the word's length.
func (w *wordScanner) word(s string, at int) (cs string, data []byte, n int, ok bool) {
	rest := s[at+2:]
	q := strings.IndexByte(rest[:min(len(rest), 77)], '?')
	if q <= 0 || len(rest) < q+3 || rest[q+2] != '?' {
		return "", nil, 0, false
	}
	cs = rest[:q]
	if strings.ContainsAny(cs, " \t\r\n") {
		return "", nil, 0, false
	}
	enc := rest[q+1]
	start := at + 2 + q + 3 // absolute offset of the text
	if !w.scanned || w.close >= 0 && w.close < start {
		w.scanned = true
		if k := strings.Index(s[start:], "?="); k >= 0 {
			w.close = start + k
		} else {
			w.close = -1
		}
	}
	if w.close < 0 || w.close-start > maxWordText {
		return "", nil, 0, false
	}
	if w.nl < start {
		if k := strings.IndexByte(s[start:], '\n'); k >= 0 {
			w.nl = start + k
		} else {
			w.nl = len(s)
		}
	}
	if w.nl < w.close {
		return "", nil, 0, false
	}
	text := s[start:w.close]
	switch enc {
	case 'B', 'b':
		data = decodeBase64([]byte(text))
	case 'Q', 'q':
		data = make([]byte, 0, len(text))
		for k := 0; k < len(text); k++ {
			c := text[k]
			switch {
			case c == '_':
				data = append(data, ' ')
			case c == '=' && k+2 < len(text):
				if b, ok := unhex2(text[k+1], text[k+2]); ok {
					data = append(data, b)
					k += 2
				} else {
					data = append(data, c)
				}
			default:
				data = append(data, c)
			}
		}
	default:
		return "", nil, 0, false
	}
	return canonicalCharset(cs), data, w.close + 2 - at, true
}
