// Package phrase finds many short phrases (brand names, lure phrases) in free
// text in a single pass. Text and phrases are first folded the way people
// disguise them: case, full-width and half-width forms, compatibility
// characters (𝐏𝐚𝐲𝐏𝐚𝐥, ①), accents and other combining marks, invisible
// format characters (zero-width spaces, soft hyphens, variation selectors,
// tag characters) and Cyrillic/Greek/small-capital letters that look like
// Latin ones. Runs of white space fold to one space.
//
// The folding is a lossy "skeleton" made for matching, not for display:
// voiced kana lose their voicing mark (ド and ト fold alike), and accented
// Latin letters lose their accents.
package phrase

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the folded form of s.
func Fold(s string) string {
	out, _ := fold(nil, nil, false, s)
	return string(out)
}

// fold appends the folded form of s to dst. With track it appends to pos,
// for every output byte, the byte offset in s of the rune it came from.
func fold(dst []byte, pos []int32, track bool, s string) ([]byte, []int32) {
	dst = slices.Grow(dst, len(s))
	if track {
		pos = slices.Grow(pos, len(s))
	}
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			dst, pos, i = foldASCII(dst, pos, track, s, i)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		n0 := len(dst)
		switch {
		case r == utf8.RuneError && size == 1:
			// Invalid UTF-8 separates words like white space does.
			dst = appendSpace(dst)
		case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3041 && r <= 0x3096 && !kanaVoiced(r), r >= 0x30A1 && r <= 0x30FC && !kanaVoiced(r):
			// CJK ideographs and unvoiced kana: no decomposition, no case.
			dst = append(dst, s[i:i+size]...)
		case r >= 0xFF01 && r <= 0xFF5E:
			// Full-width ASCII.
			dst = appendFolded(dst, r-0xFEE0)
		case ignorable(r):
		default:
			d := norm.NFKD.PropertiesString(s[i:]).Decomposition()
			if d == nil {
				dst = appendFolded(dst, r)
				break
			}
			for len(d) > 0 {
				dr, ds := utf8.DecodeRune(d)
				d = d[ds:]
				dst = appendFolded(dst, dr)
			}
		}
		if track {
			for j := n0; j < len(dst); j++ {
				pos = append(pos, int32(i))
			}
		}
		i += size
	}
	return dst, pos
}

// foldASCII folds the run of ASCII bytes at s[i:] (most of most text) with
// a table and without a capacity check per byte, and returns where the run
// ends.
func foldASCII(dst []byte, pos []int32, track bool, s string, i int) ([]byte, []int32, int) {
	j := i + 1
	for j < len(s) && s[j] < utf8.RuneSelf {
		j++
	}
	n := len(dst)
	dst = slices.Grow(dst, j-i)[:n+j-i]
	if track {
		pos = slices.Grow(pos, j-i)[:n+j-i]
	}
	prev := byte(' ') // no space at the start
	if n > 0 {
		prev = dst[n-1]
	}
	for ; i < j; i++ {
		c := asciiFold[s[i]]
		dst[n] = c
		if track {
			pos[n] = int32(i)
		}
		// A space after a space is not kept (the next byte overwrites
		// it): runs of white space fold to one space. Without a branch
		// on the text, which mispredicts at every space.
		keep := 0
		if (c^' ')|(prev^' ') != 0 {
			keep = 1
		}
		n += keep
		prev = c
	}
	if track {
		pos = pos[:n]
	}
	return dst[:n], pos, j
}

// asciiFold folds an ASCII byte: upper case to lower case, white space to a
// space.
var asciiFold = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		t[c] = byte(c)
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = byte(c) + 'a' - 'A'
	}
	for _, c := range " \t\n\r\f\v" {
		t[c] = ' '
	}
	return t
}()

// kanaVoiced reports kana with a voicing mark (が, パ, ヴ …), which NFKD
// decomposes; the table is the kana block's layout.
func kanaVoiced(r rune) bool {
	switch {
	case r >= 0x304C && r <= 0x3062, r >= 0x30AC && r <= 0x30C2:
		return r%2 == 0 // が…ぢ, ガ…ヂ
	case r >= 0x3065 && r <= 0x3069, r >= 0x30C5 && r <= 0x30C9:
		return r%2 == 1 // づ, で, ど
	case r >= 0x3070 && r <= 0x307D, r >= 0x30D0 && r <= 0x30DD:
		return r%3 != 0 // ば ぱ … ぼ ぽ
	}
	return r == 0x3094 || r == 0x309E || r == 0x30F4 || r >= 0x30F7 && r <= 0x30FA || r == 0x30FE
}

func appendSpace(dst []byte) []byte {
	if len(dst) == 0 || dst[len(dst)-1] == ' ' {
		return dst
	}
	return append(dst, ' ')
}

// appendFolded appends one rune of a decomposition: marks and invisible
// characters vanish, spaces collapse, letters are lower-cased and mapped to
// the Latin letter they imitate.
func appendFolded(dst []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		c := byte(r)
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			return appendSpace(dst)
		}
		return append(dst, c)
	}
	if ignorable(r) || unicode.In(r, unicode.Mn, unicode.Me) {
		return dst
	}
	if unicode.IsSpace(r) {
		return appendSpace(dst)
	}
	r = unicode.ToLower(r)
	if l, ok := latin(r); ok {
		return append(dst, l)
	}
	return utf8.AppendRune(dst, r)
}

// ignorable reports default-ignorable and format characters that render as
// nothing and are used to break up words ("Pay\u200bPal").
func ignorable(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x034F, r == 0x061C, r == 0x115F, r == 0x1160,
		r == 0x17B4, r == 0x17B5, r == 0x180E, r == 0x3164, r == 0xFEFF, r == 0xFFA0:
		return true
	case r >= 0x180B && r <= 0x180F, r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E,
		r >= 0x2060 && r <= 0x206F, r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0000 && r <= 0xE0FFF,
		r >= 0x1BCA0 && r <= 0x1BCA3:
		return true
	}
	return r > 0x7F && unicode.Is(unicode.Cf, r)
}

// latin maps a lower-case letter that imitates a Latin letter to it. The
// table is deliberately small: letters that are commonly substituted in
// phishing (Cyrillic and Greek homoglyphs, small capitals, dotless i) and
// dashes.
func latin(r rune) (byte, bool) {
	switch r {
	// Cyrillic
	case 'а':
		return 'a', true
	case 'в':
		return 'b', true
	case 'е':
		return 'e', true
	case 'к':
		return 'k', true
	case 'м':
		return 'm', true
	case 'н', 'һ':
		return 'h', true
	case 'о':
		return 'o', true
	case 'р':
		return 'p', true
	case 'с':
		return 'c', true
	case 'т':
		return 't', true
	case 'у':
		return 'y', true
	case 'х':
		return 'x', true
	case 'і':
		return 'i', true
	case 'ј':
		return 'j', true
	case 'ѕ':
		return 's', true
	case 'ԁ':
		return 'd', true
	case 'ԛ':
		return 'q', true
	case 'ԝ':
		return 'w', true
	case 'ӏ':
		return 'l', true
	// Greek
	case 'α':
		return 'a', true
	case 'β':
		return 'b', true
	case 'γ':
		return 'y', true
	case 'ε':
		return 'e', true
	case 'η':
		return 'n', true
	case 'ι':
		return 'i', true
	case 'κ':
		return 'k', true
	case 'ν':
		return 'v', true
	case 'ο':
		return 'o', true
	case 'ρ':
		return 'p', true
	case 'τ':
		return 't', true
	case 'υ':
		return 'u', true
	case 'χ':
		return 'x', true
	case 'ω':
		return 'w', true
	// Latin small capitals and IPA letters
	case 'ᴀ', 'ɑ':
		return 'a', true
	case 'ʙ':
		return 'b', true
	case 'ᴄ':
		return 'c', true
	case 'ᴅ':
		return 'd', true
	case 'ᴇ':
		return 'e', true
	case 'ꜰ':
		return 'f', true
	case 'ɢ', 'ɡ':
		return 'g', true
	case 'ʜ':
		return 'h', true
	case 'ɪ', 'ı', 'ɩ':
		return 'i', true
	case 'ᴊ':
		return 'j', true
	case 'ᴋ':
		return 'k', true
	case 'ʟ':
		return 'l', true
	case 'ᴍ':
		return 'm', true
	case 'ɴ':
		return 'n', true
	case 'ᴏ':
		return 'o', true
	case 'ᴘ':
		return 'p', true
	case 'ʀ':
		return 'r', true
	case 'ꜱ':
		return 's', true
	case 'ᴛ':
		return 't', true
	case 'ᴜ':
		return 'u', true
	case 'ᴠ':
		return 'v', true
	case 'ᴡ':
		return 'w', true
	case 'ʏ':
		return 'y', true
	case 'ᴢ':
		return 'z', true
	// dashes
	case '‐', '‑', '‒', '–', '—', '―', '−', '﹣', '－':
		return '-', true
	}
	return 0, false
}
