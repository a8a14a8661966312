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
