// Package ascii holds the one case mapping the parsers need: ASCII letters
// only, so that an offset found in the lower-cased text is an offset into
// the original (strings.ToLower rewrites invalid UTF-8 and changes the
// length of some letters: Ⱥ grows a byte, the Kelvin sign loses two).
package ascii

// Lower returns s with its ASCII letters lower-cased and every other byte
// as it is.
func Lower(s string) string {
	i := 0
	for i < len(s) && !(s[i] >= 'A' && s[i] <= 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// LowerInto writes s with its ASCII letters lower-cased into buf, which
// must hold len(s) bytes, and returns that part of buf: for callers that
// lower-case short keys on the stack instead of allocating.
func LowerInto(buf []byte, s string) []byte {
	b := buf[:len(s)]
	for i := range b {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return b
}

// HasPrefixFold reports whether s starts with prefix, which must be ASCII
// lower case, ASCII letters of s compared without regard to case.
func HasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// ContainsFold reports whether s contains sub, which must be ASCII lower
// case, ASCII letters of s compared without regard to case.
func ContainsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if HasPrefixFold(s[i:], sub) {
			return true
		}
	}
	return false
}

// Is reports whether s is all ASCII.
func Is(s string) bool { return Prefix(s) == len(s) }

// Prefix returns the length of the ASCII bytes s starts with. It reads
// eight bytes at a time: most text is ASCII.
func Prefix(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if (s[i]|s[i+1]|s[i+2]|s[i+3]|s[i+4]|s[i+5]|s[i+6]|s[i+7])&0x80 != 0 {
			break
		}
	}
	for i < len(s) && s[i] < 0x80 {
		i++
	}
	return i
}

// IsLetters reports whether s holds ASCII letters alone (true for "").
func IsLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// LowerByte lower-cases an ASCII letter and returns any other byte as it is.
func LowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
