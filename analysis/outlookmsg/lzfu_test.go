package outlookmsg

import (
	"strings"
	"testing"
)

// The compressed example of [MS-OXRTFCP] 4.1 (a dictionary reference into
// the preloaded dictionary, literals, an overlapping reference, the end marker).
var specExample = []byte("\x1a\x00\x00\x00\x1c\x00\x00\x00LZFu\xe2\xd4KQA\x00\x04 WXYZ\rn}\x01\x0e\xb0")

func TestDecompressRTF(t *testing.T) {
	mela := []byte("\x14\x00\x00\x00\x08\x00\x00\x00MELA\x00\x00\x00\x00{\\rtf1 }")
	badCRC := append([]byte(nil), specExample...)
	badCRC[12] ^= 1
	noEnd := append([]byte(nil), specExample...)
	noEnd[len(noEnd)-1] = 0x00 // the end marker now points elsewhere: a reference, then no more data
	tests := []struct {
		name string
		in   []byte
		max  int
		want string
		err  string
	}{
		{"spec example", specExample, 1 << 20, `{\rtf1 WXYZWXYZWXYZWXYZWXYZ}`, ""},
		{"uncompressed", mela, 1 << 20, `{\rtf1 }`, ""},
		{"over the limit", specExample, 10, "", "more than 10 bytes"},
		{"bad crc", badCRC, 1 << 20, "", "CRC"},
		{"short", specExample[:10], 1 << 20, "", "shorter than its 16-byte header"},
		{"size past the end", specExample[:len(specExample)-3], 1 << 20, "", "header says 26 compressed bytes"},
		{"unknown type", []byte("\x0c\x00\x00\x00\x00\x00\x00\x00ABCD\x00\x00\x00\x00"), 1 << 20, "", "unknown compression type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecompressRTF(tt.in, tt.max)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if len(lzfuDict) != 207 {
		t.Errorf("dictionary is %d bytes, the spec's is 207", len(lzfuDict))
	}
	if _, err := DecompressRTF(noEnd, 1<<20); err == nil {
		t.Error("no error for data without its end marker")
	}
}

func TestRTFText(t *testing.T) {
	tests := []struct {
		name, rtf, text, html string
	}{
		{"unicode with fallback", `{\rtf1\ansi\uc1 Gr\u252?n \u26085?\u26412?}`, "Grün 日本", ""},
		{"uc2 skips two", `{\rtf1\uc2 a\u26085\'93\'fab}`, "a日b", ""},
		{"surrogate pair", `{\rtf1 \u-10179?\u-8704?}`, "😀", ""},
		{"cp932 bytes", `{\rtf1\ansi\ansicpg932 \'93\'fa\'96\'7b}`, "日本", ""},
		{"escapes", `{\rtf1 a\{b\}c\\d\~e\tab f\line g}`, "a{b}c\\d\u00a0e\tf\ng", ""},
		{"ignorable groups", `{\rtf1{\fonttbl{\f0 Arial;}}{\colortbl;\red0;}{\*\generator Foo;}{\info{\title T}}x{\pict 0102}y}`, "xy", ""},
		{"htmlrtf hidden", `{\rtf1\fromhtml1{\*\htmltag1 <b>}\htmlrtf{\b\htmlrtf0 bold}\htmlrtf0{\*\htmltag1 </b>}}`, "bold", "<b>bold</b>"},
		{"unbalanced", `{\rtf1 a}}}}b{{{`, "ab", ""},
		{"cut control word", `{\rtf1 a\`, "a", ""},
		{"cut hex", `{\rtf1 a\'9`, "a", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RTFToText([]byte(tt.rtf)); got != tt.text {
				t.Errorf("text %q, want %q", got, tt.text)
			}
			if tt.html != "" {
				if got := RTFToHTML([]byte(tt.rtf)); got != tt.html {
					t.Errorf("html %q, want %q", got, tt.html)
				}
			}
		})
	}
}
