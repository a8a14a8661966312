package qr

import (
	"bytes"
	"strconv"
)

// A tiny PDF object lexer: enough to read the dictionary in front of a
// stream. Bounded in depth, tokens and bytes; never panics on bad input.

type pkind uint8

const (
	pNone pkind = iota
	pName
	pNum
	pRef
	pArr
	pDict
	pStr
	pKeyword
)

// pval is one PDF value.
type pval struct {
	kind pkind
	s    string // name (without '/'), string bytes or keyword
	num  float64
	arr  []pval
	dict map[string]pval
}

func (v pval) int() (int, bool) {
	if v.kind != pNum || v.num != float64(int(v.num)) {
		return 0, false
	}
	return int(v.num), true
}

const (
	maxLexDepth  = 12
	maxLexTokens = 4096
	maxLexBytes  = 64 << 10
	maxLexString = 4096 // bytes of a string value kept
)

type lexer struct {
	b      []byte
	p      int
	end    int // bound on p for this object
	tokens int
}

func isWS(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func (l *lexer) skipWS() {
	for l.p < l.end {
		c := l.b[l.p]
		if isWS(c) {
			l.p++
			continue
		}
		if c == '%' {
			for l.p < l.end && l.b[l.p] != '\n' && l.b[l.p] != '\r' {
				l.p++
			}
			continue
		}
		return
	}
}

// value parses one value; ok is false on malformed input or when a bound
// is hit.
func (l *lexer) value(depth int) (pval, bool) {
	l.tokens++
	if depth > maxLexDepth || l.tokens > maxLexTokens {
		return pval{}, false
	}
	l.skipWS()
	if l.p >= l.end {
		return pval{}, false
	}
	c := l.b[l.p]
	switch {
	case c == '/':
		return pval{kind: pName, s: l.name()}, true
	case c == '<' && l.p+1 < l.end && l.b[l.p+1] == '<':
		l.p += 2
		d := map[string]pval{}
		for {
			l.skipWS()
			if l.p+1 < l.end && l.b[l.p] == '>' && l.b[l.p+1] == '>' {
				l.p += 2
				return pval{kind: pDict, dict: d}, true
			}
			if l.p >= l.end || l.b[l.p] != '/' {
				return pval{}, false
			}
			k := l.name()
			v, ok := l.value(depth + 1)
			if !ok {
				return pval{}, false
			}
			if len(d) < 256 {
				d[k] = v
			}
		}
	case c == '<':
		return l.hexString(), true
	case c == '[':
		l.p++
		var a []pval
		for {
			l.skipWS()
			if l.p < l.end && l.b[l.p] == ']' {
				l.p++
				return pval{kind: pArr, arr: a}, true
			}
			v, ok := l.value(depth + 1)
			if !ok {
				return pval{}, false
			}
			if len(a) < 256 {
				a = append(a, v)
			}
		}
	case c == '(':
		return l.litString(), true
	case c == '+' || c == '-' || c == '.' || c >= '0' && c <= '9':
		v := l.number()
		// "n g R" is a reference.
		if n, ok := v.int(); ok && n >= 0 {
			save := l.p
			l.skipWS()
			if l.p < l.end && l.b[l.p] >= '0' && l.b[l.p] <= '9' {
				g := l.number()
				l.skipWS()
				if _, ok := g.int(); ok && l.p < l.end && l.b[l.p] == 'R' && (l.p+1 >= l.end || isWS(l.b[l.p+1]) || isDelim(l.b[l.p+1])) {
					l.p++
					return pval{kind: pRef, num: float64(n)}, true
				}
			}
			l.p = save
		}
		return v, true
	case c == ')' || c == '>' || c == ']' || c == '{' || c == '}':
		return pval{}, false
	}
	start := l.p
	for l.p < l.end && !isWS(l.b[l.p]) && !isDelim(l.b[l.p]) {
		l.p++
	}
	return pval{kind: pKeyword, s: string(l.b[start:l.p])}, true
}

// name reads a name at l.p (which is '/'), decoding #xx escapes.
func (l *lexer) name() string {
	l.p++
	var out []byte
	for l.p < l.end && !isWS(l.b[l.p]) && !isDelim(l.b[l.p]) {
		c := l.b[l.p]
		if c == '#' && l.p+2 < l.end && isHex(l.b[l.p+1]) && isHex(l.b[l.p+2]) {
			c = unhex(l.b[l.p+1])<<4 | unhex(l.b[l.p+2])
			l.p += 2
		}
		if len(out) < 128 {
			out = append(out, c)
		}
		l.p++
	}
	return string(out)
}

func (l *lexer) number() pval {
	start := l.p
	l.p++
	for l.p < l.end && (l.b[l.p] >= '0' && l.b[l.p] <= '9' || l.b[l.p] == '.') {
		l.p++
	}
	f, err := strconv.ParseFloat(string(l.b[start:l.p]), 64)
	if err != nil {
		return pval{kind: pKeyword, s: string(l.b[start:l.p])}
	}
	return pval{kind: pNum, num: f}
}

func (l *lexer) hexString() pval {
	l.p++
	var out []byte
	var hi byte
	half := false
	for l.p < l.end && l.b[l.p] != '>' {
		c := l.b[l.p]
		l.p++
		if !isHex(c) {
			continue
		}
		if !half {
			hi, half = unhex(c), true
			continue
		}
		if len(out) < maxLexString {
			out = append(out, hi<<4|unhex(c))
		}
		half = false
	}
	if half && len(out) < maxLexString {
		out = append(out, hi<<4)
	}
	if l.p < l.end {
		l.p++
	}
	return pval{kind: pStr, s: string(out)}
}

func (l *lexer) litString() pval {
	l.p++
	var out []byte
	depth := 1
	for l.p < l.end {
		c := l.b[l.p]
		l.p++
		switch c {
		case '\\':
			if l.p >= l.end {
				break
			}
			e := l.b[l.p]
			l.p++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r', '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.p < l.end && l.b[l.p] >= '0' && l.b[l.p] <= '7'; k++ {
						v = v*8 + int(l.b[l.p]-'0')
						l.p++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return pval{kind: pStr, s: string(out)}
			}
		}
		if len(out) < maxLexString {
			out = append(out, c)
		}
	}
	return pval{kind: pStr, s: string(out)}
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f' }

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

// hasKeywordAt reports whether the keyword kw starts at b[p] as a whole
// token.
func hasKeywordAt(b []byte, p int, kw string) bool {
	if p < 0 || p+len(kw) > len(b) || !bytes.Equal(b[p:p+len(kw)], []byte(kw)) {
		return false
	}
	return p+len(kw) == len(b) || isWS(b[p+len(kw)]) || isDelim(b[p+len(kw)])
}
