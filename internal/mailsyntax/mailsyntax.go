// Package mailsyntax reads the pieces of RFC 5322 header syntax that
// several header parsers share: comments and quoted strings.
package mailsyntax

// CommentEnd returns the index just after the comment that starts at s[i]
// ('('), honouring nested comments and backslash escapes, and whether the
// comment was closed. An unclosed comment runs to the end of s.
func CommentEnd(s string, i int) (int, bool) {
	depth := 0
	for ; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1, true
			}
		}
	}
	return len(s), false
}

// QuotedEnd returns the index just after the quoted string that starts at
// s[i] ('"'), honouring backslash escapes, and whether it was closed. An
// unclosed quoted string runs to the end of s.
func QuotedEnd(s string, i int) (int, bool) {
	for i++; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i + 1, true
		}
	}
	return len(s), false
}
