package attachments

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/checkmail/checkmail/internal/ascii"
)

// maxPasswordScan bounds the body text searched by PasswordInBody.
const maxPasswordScan = 64 << 10

// passwordLabels introduce a password in a mail body (lower-case, longest
// first where one contains another).
var passwordLabels = []string{
	"解凍パスワード", "展開パスワード", "開封パスワード", "zipパスワード", "パスワード", "暗証番号", "パスコード",
	"archive password", "zip password", "file password", "document password", "pdf password",
	"password", "passcode", "passwd", "pwd", "pw", "pass", "密码", "密碼",
}

// passwordStop are words that follow "password:" or "password is" in
// mail that does not give a password.
var passwordStop = map[string]bool{
	"is": true, "will": true, "has": true, "have": true, "expires": true, "expired": true, "expiring": true,
	"reset": true, "change": true, "changed": true, "update": true, "updated": true, "below": true, "here": true,
	"the": true, "your": true, "you": true, "to": true, "for": true, "and": true, "or": true, "a": true, "an": true,
	"required": true, "protected": true, "sent": true, "separately": true, "same": true, "follows": true,
	"not": true, "never": true, "must": true, "should": true, "was": true, "of": true, "in": true, "on": true,
	"manager": true, "policy": true, "recovery": true, "forgot": true, "forgotten": true, "hint": true,
	"strength": true, "incorrect": true, "invalid": true, "wrong": true, "length": true, "please": true,
	"none": true, "n/a": true, "null": true, "nil": true, "empty": true, "blank": true, "unknown": true, "enter": true,
}

// PasswordInBody finds a password given in a mail body, the way archive
// and document passwords are sent with the file ("Password: 4721",
// "パスワード：Ab12cd", "解凍パスワードは「x9y8」です", "PW: …",
// "the password is 2024inv"). It returns the first one found.
func PasswordInBody(body string) (string, bool) {
	if len(body) > maxPasswordScan {
		body = strings.ToValidUTF8(body[:maxPasswordScan], "")
	}
	// The labels are ASCII or caseless: ASCII case only, so that every
	// lower-cased line has the length and the offsets of its original.
	lines := strings.Split(ascii.Lower(body), "\n")
	orig := strings.Split(body, "\n")
	for li, line := range lines {
		for off := 0; off < len(line); {
			label, at := firstLabel(line[off:])
			if at < 0 {
				break
			}
			start := off + at
			end := start + len(label)
			off = end
			if !labelBoundary(line, start, end) {
				continue
			}
			rest, ok := afterSeparator(orig[li][end:])
			if !ok {
				continue
			}
			if strings.TrimSpace(rest) == "" && li+1 < len(orig) {
				rest = orig[li+1] // "Password:" with the value on the next line
			}
			if pw, ok := passwordValue(rest); ok {
				return pw, true
			}
		}
	}
	return "", false
}

// firstLabel returns the earliest label in s and its index.
func firstLabel(s string) (string, int) {
	best, at := "", -1
	for _, l := range passwordLabels {
		if i := strings.Index(s, l); i >= 0 && (at < 0 || i < at || i == at && len(l) > len(best)) {
			best, at = l, i
		}
	}
	return best, at
}

// labelBoundary: an ASCII label is a whole word ("pw" not in "pwned",
// "pass" not in "passport" or "bypass").
func labelBoundary(s string, start, end int) bool {
	if s[start] >= 0x80 {
		return true
	}
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:start])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if end < len(s) {
		r, _ := utf8.DecodeRuneInString(s[end:])
		if unicode.IsLetter(r) && r < 0x80 || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// afterSeparator accepts "label: x", "label：x", "label = x", "label is x",
// "label は x", "label】x", "label (x)" forms and returns what follows.
func afterSeparator(s string) (string, bool) {
	t := strings.TrimLeft(s, " \t\u3000*")
	for _, sep := range []string{":", "：", "=", "＝", "】", "]", "」は", "は", "->", "→"} {
		if r, ok := strings.CutPrefix(t, sep); ok {
			return r, true
		}
	}
	lt := ascii.Lower(t)
	for _, sep := range []string{"is ", "is: ", "is:", "for the attachment is ", "for the file is ", "to open the file is ", "to open is "} {
		if r, ok := strings.CutPrefix(lt, sep); ok {
			return t[len(t)-len(r):], true // same length: r is the end of t
		}
	}
	return "", false
}

// passwordValue takes the first token of s (unquoted) when it looks like
// a password.
func passwordValue(s string) (string, bool) {
	s = strings.TrimLeft(s, " \t\u3000\r")
	for _, q := range [][2]string{{"「", "」"}, {"『", "』"}, {"\"", "\""}, {"'", "'"}, {"“", "”"}, {"(", ")"}, {"（", "）"}, {"[", "]"}, {"【", "】"}, {"<", ">"}} {
		if r, ok := strings.CutPrefix(s, q[0]); ok {
			if v, _, ok := strings.Cut(r, q[1]); ok {
				return checkPassword(strings.TrimSpace(v))
			}
		}
	}
	end := strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '　' || r == '、' || r == '。' || r == '」' || r == '）' || r >= 0x3040 && r <= 0x30ff || r >= 0x4e00 && r <= 0x9fff
	})
	if end >= 0 {
		s = s[:end]
	}
	s = strings.TrimRight(s, ".,;)")
	return checkPassword(s)
}

func checkPassword(v string) (string, bool) {
	n := utf8.RuneCountInString(v)
	if n < 3 || n > 64 || passwordStop[strings.ToLower(v)] {
		return "", false
	}
	letters, digits, other := 0, 0, 0
	for _, r := range v {
		switch {
		case r > 0x7e || r < '!':
			return "", false // passwords are printable ASCII here
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r):
			digits++
		default:
			other++
		}
	}
	if strings.ContainsAny(v, "()[]{};<>") || strings.Contains(v, "->") || strings.HasPrefix(v, "/") {
		return "", false // code or markup, not a password
	}
	if strings.Count(v, v[:1]) == len(v) {
		return "", false // "xxxxxxxx", "********": a placeholder
	}
	if strings.Contains(v, "://") || strings.HasPrefix(strings.ToLower(v), "www.") || strings.Count(v, "@") == 1 && strings.Contains(v, ".") {
		return "", false // a link or an address, not a password
	}
	if digits == 0 && other == 0 && n < 4 {
		return "", false
	}
	return v, true
}
