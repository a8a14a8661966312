package outlookmsg

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// codepages maps Windows code page numbers (PR_MESSAGE_CODEPAGE,
// PR_INTERNET_CPID, \ansicpg) to decoders. 8-bit strings in a .msg are in
// the Windows ANSI code page, so the internet code pages of a script map to
// its ANSI one (ISO-2022-JP 50220 strings are stored as cp932, for one).
var codepages = map[int]encoding.Encoding{
	437: charmap.CodePage437, 850: charmap.CodePage850, 852: charmap.CodePage852,
	855: charmap.CodePage855, 858: charmap.CodePage858, 860: charmap.CodePage860,
	862: charmap.CodePage862, 863: charmap.CodePage863, 865: charmap.CodePage865,
	866: charmap.CodePage866, 874: charmap.Windows874,
	932: japanese.ShiftJIS, 936: simplifiedchinese.GBK, 949: korean.EUCKR, 950: traditionalchinese.Big5,
	1250: charmap.Windows1250, 1251: charmap.Windows1251, 1252: charmap.Windows1252,
	1253: charmap.Windows1253, 1254: charmap.Windows1254, 1255: charmap.Windows1255,
	1256: charmap.Windows1256, 1257: charmap.Windows1257, 1258: charmap.Windows1258,
	10000: charmap.Macintosh, 10007: charmap.MacintoshCyrillic,
	20127: charmap.Windows1252, 20866: charmap.KOI8R, 21866: charmap.KOI8U,
	28591: charmap.Windows1252, 28592: charmap.ISO8859_2, 28593: charmap.ISO8859_3,
	28594: charmap.ISO8859_4, 28595: charmap.ISO8859_5, 28596: charmap.ISO8859_6,
	28597: charmap.ISO8859_7, 28598: charmap.ISO8859_8, 28599: charmap.ISO8859_9,
	28603: charmap.ISO8859_13, 28605: charmap.ISO8859_15,
	50220: japanese.ShiftJIS, 50221: japanese.ShiftJIS, 50222: japanese.ShiftJIS,
	51932: japanese.ShiftJIS, 20932: japanese.ShiftJIS,
	50225: korean.EUCKR, 51949: korean.EUCKR,
	51936: simplifiedchinese.GBK, 52936: simplifiedchinese.GBK, 20936: simplifiedchinese.GBK,
	54936: simplifiedchinese.GB18030, 51950: traditionalchinese.Big5,
	1200: unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM),
	1201: unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM),
}

// decodeCodepage decodes 8-bit text in Windows code page cp; unknown code
// pages are read as UTF-8 when valid, else as cp1252.
func decodeCodepage(b []byte, cp int) string {
	if cp == 65001 || cp == 20127 && isASCII(b) {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	enc, ok := codepages[cp]
	if !ok {
		if utf8.Valid(b) {
			return string(b)
		}
		enc = charmap.Windows1252
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(out)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// decodeUTF16 reads a PT_UNICODE value: UTF-16LE, up to the first NUL.
func decodeUTF16(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		c := uint16(b[i]) | uint16(b[i+1])<<8
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u))
}

// trimNUL cuts a PT_STRING8 value at its first NUL.
func trimNUL(b []byte) []byte {
	for i, c := range b {
		if c == 0 {
			return b[:i]
		}
	}
	return b
}
