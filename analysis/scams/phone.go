package scams

import (
	"strings"
	"unicode/utf8"
)

// Phone is a telephone number found in text.
type Phone struct {
	Text   string // as written (bounded), e.g. "+1 (8O8) 555-0199"
	Digits string // the digits, with a leading '+' when written: "+18085550199"
	// Obfuscated: letters stood in for digits (O for 0, l or I for 1).
	Obfuscated bool
	// Start, End: byte offsets in the text; in a Hit, in the subject, a
	// line break and the body taken as one text.
	Start, End int
}

// maxPhones bounds the numbers read from one text.
const maxPhones = 16

// phoneRune maps a rune of a phone number to '0'..'9', '+', '(' , ')', ' '
// for a separator, 'o' for a letter that may stand for 0, 'l' for one that
// may stand for 1, or 0 when it cannot be part of a number.
func phoneRune(r rune) byte {
	switch {
	case r >= '0' && r <= '9':
		return byte(r)
	case r >= '０' && r <= '９':
		return byte(r-'０') + '0'
	}
	switch r {
	case '+', '＋':
		return '+'
	case '(', '（':
		return '('
	case ')', '）':
		return ')'
	case ' ', '-', '.', '\u00a0', '‐', '‑', '‒', '–', '—', '−', '－', 'ー', '―', '．', '　', '/':
		return ' '
	case 'O', 'o', 'Ｏ', 'ｏ':
		return 'o'
	case 'l', 'I', 'ｌ', 'Ｉ':
		return 'l'
	}
	return 0
}

// findPhones returns the telephone numbers in text: North American
// (+1 808 555 0199, (808) 555-0199, 1-800-555-0199), national numbers that
// start with 0 (UK 020 7946 0018, Japan 03-1234-5678, 0120-123-456) and
// international ones (+44 20 7946 0018, +81 3-1234-5678), in ASCII or
// full-width digits, with O, l or I standing in for a digit. Unseparated
// runs of digits are numbers only right after a word that says so
// ("call 8085550199", "TEL 0312345678"): otherwise they are order and
// account numbers.
func findPhones(text string) []Phone {
	var out []Phone
	for i := 0; i < len(text) && len(out) < maxPhones; {
		for i < len(text) && text[i] < utf8.RuneSelf && !asciiPhoneStart[text[i]] {
			i++ // no number starts here: skipped without decoding
		}
		if i == len(text) {
			break
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		c := phoneRune(r)
		if !(c >= '0' && c <= '9' || c == '+' || c == '(') || !boundaryBefore(text, i) {
			i += size
			continue
		}
		p, end, ok := readPhone(text, i)
		if ok {
			out = append(out, p)
			i = end
			continue
		}
		// Skip the rest of this run of digits.
		i += size
		for i < len(text) {
			r, size := utf8.DecodeRuneInString(text[i:])
			if c := phoneRune(r); c < '0' || c > '9' {
				break
			}
			i += size
		}
	}
	return out
}

// asciiPhoneStart: the ASCII bytes a number can start with, as findPhones
// reads phoneRune.
var asciiPhoneStart = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		p := phoneRune(rune(c))
		t[c] = p >= '0' && p <= '9' || p == '+' || p == '('
	}
	return t
}()

// boundaryBefore: the number does not continue a word, an identifier or a
// URL.
func boundaryBefore(text string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	if r < utf8.RuneSelf {
		c := byte(r)
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			strings.IndexByte("/=&?#_%@.-+$€£¥", c) >= 0)
	}
	return !(r >= '０' && r <= '９' || r == '¥' || r == '￥' || r == '€' || r == '£')
}

func readPhone(text string, start int) (Phone, int, bool) {
	var groups []string
	var cur []byte
	digits, subst := 0, 0
	plus := false
	end := start
	lastSep := false
	i := start
	for i < len(text) && i-start < 40 {
		r, size := utf8.DecodeRuneInString(text[i:])
		c := phoneRune(r)
		switch {
		case c >= '0' && c <= '9':
			cur = append(cur, c)
			digits++
			end = i + size
			lastSep = false
		case c == 'o' || c == 'l':
			// A letter counts as a digit only between digits.
			if len(cur) == 0 || !nextIsDigit(text, i+size) {
				goto done
			}
			if c == 'o' {
				cur = append(cur, '0')
			} else {
				cur = append(cur, '1')
			}
			digits++
			subst++
			end = i + size
			lastSep = false
		case c == '+':
			if i != start {
				goto done
			}
			plus = true
		case c == '(' || c == ')':
			if len(cur) > 0 {
				groups = append(groups, string(cur))
				cur = cur[:0]
			}
		case c == ' ':
			if lastSep && r != ' ' || len(cur) == 0 && len(groups) == 0 {
				goto done
			}
			if len(cur) > 0 {
				groups = append(groups, string(cur))
				cur = cur[:0]
			}
			lastSep = true
		default:
			goto done
		}
		i += size
	}
done:
	if len(cur) > 0 {
		groups = append(groups, string(cur))
	}
	if digits < 9 || digits > 15 || subst > 2 || len(groups) == 0 || !boundaryAfter(text, end) {
		return Phone{}, end, false
	}
	all := strings.Join(groups, "")
	if subst > 0 && strings.Count(all, "")-1-subst < 7 {
		return Phone{}, end, false
	}
	ok := false
	switch {
	case plus:
		ok = len(groups) >= 2 && digits >= 9
	case len(groups) > 1 && nanp(groups):
		ok = true
	case all[0] == '0' && len(groups) >= 2 && (digits == 10 || digits == 11):
		ok = groupsShort(groups)
	case len(groups) == 1 && (digits == 10 || digits == 11) && cueBefore(text, start):
		ok = all[0] == '0' || nanp([]string{all})
	}
	if !ok {
		return Phone{}, end, false
	}
	p := Phone{Text: clip(text[start:end], 40), Digits: all, Obfuscated: subst > 0, Start: start, End: end}
	if plus {
		p.Digits = "+" + all
	}
	return p, end, true
}

func nextIsDigit(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	c := phoneRune(r)
	return c >= '0' && c <= '9' || c == 'o' || c == 'l'
}

func boundaryAfter(text string, i int) bool {
	if i >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	if r < utf8.RuneSelf {
		c := byte(r)
		if c == '.' || c == '-' {
			// "call 555-0199." ends the sentence; "1.2.3.4.5" does not.
			return i+1 >= len(text) || text[i+1] < '0' || text[i+1] > '9'
		}
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			strings.IndexByte("/=&_%@$", c) >= 0)
	}
	return !(r >= '０' && r <= '９')
}

// nanp: a North American number, 3-3-4 digits with an optional leading 1;
// area code and exchange do not start with 0 or 1.
func nanp(groups []string) bool {
	if len(groups) > 0 && groups[0] == "1" {
		groups = groups[1:]
	}
	var all string
	switch len(groups) {
	case 1:
		all = groups[0]
		if len(all) == 11 && all[0] == '1' {
			all = all[1:]
		}
		if len(all) != 10 {
			return false
		}
	case 3:
		if len(groups[0]) != 3 || len(groups[1]) != 3 || len(groups[2]) != 4 {
			return false
		}
		all = groups[0] + groups[1] + groups[2]
	default:
		return false
	}
	return all[0] >= '2' && all[3] >= '2'
}

func groupsShort(groups []string) bool {
	if len(groups) > 4 {
		return false
	}
	for _, g := range groups {
		if len(g) > 6 {
			return false
		}
	}
	return true
}

// cueBefore: a word just before the number that says it is one.
func cueBefore(text string, start int) bool {
	from := max(0, start-24)
	for from > 0 && !utf8.RuneStart(text[from]) {
		from++
	}
	before := strings.ToLower(text[from:start])
	for _, w := range []string{"call", "phone", "tel", "dial", "toll", "free", "helpline", "hotline", "mobile", "number", "whatsapp", "電話", "ＴＥＬ", "番号"} {
		if strings.Contains(before, w) {
			return true
		}
	}
	return false
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
