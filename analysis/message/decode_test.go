package message

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"io"
	"maps"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

func TestDecodeHeader(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	utf := []byte("日本語テスト")
	tests := []struct {
		name, in, want string
	}{
		{"plain ASCII", "Hello world", "Hello world"},
		{"plain UTF-8", "Grüße 日本", "Grüße 日本"},
		{"B UTF-8", "=?UTF-8?B?" + b64("Grüße") + "?=", "Grüße"},
		{"lower-case b and charset", "=?utf-8?b?" + b64("ok") + "?=", "ok"},
		{"Q with underscore and hex", "=?iso-8859-1?Q?Caf=E9_cr=E8me?=", "Café crème"},
		{"space between words dropped", "=?UTF-8?Q?a?= \t =?UTF-8?Q?b?=", "ab"},
		{"text between words kept", "=?UTF-8?Q?a?= and =?UTF-8?Q?b?=", "a and b"},
		{"folded words", "=?UTF-8?Q?a?=\n =?UTF-8?Q?b?=", "ab"},
		{"split UTF-8 character joined", "=?UTF-8?B?" + base64.StdEncoding.EncodeToString(utf[:4]) + "?= =?UTF-8?B?" + base64.StdEncoding.EncodeToString(utf[4:]) + "?=", "日本語テスト"},
		{"ISO-2022-JP", "=?ISO-2022-JP?B?" + b64(mustEnc(japanese.ISO2022JP, "請求書")) + "?=", "請求書"},
		{"Shift_JIS Q", "=?Shift_JIS?Q?" + qpWord(mustEnc(japanese.ShiftJIS, "確認")) + "?=", "確認"},
		{"EUC-JP", "=?EUC-JP?B?" + b64(mustEnc(japanese.EUCJP, "確認")) + "?=", "確認"},
		{"GB2312 label", "=?GB2312?B?" + b64(mustEnc(simplifiedchinese.GBK, "银行")) + "?=", "银行"},
		{"Big5", "=?big5?B?" + b64(mustEnc(traditionalchinese.Big5, "銀行")) + "?=", "銀行"},
		{"ks_c_5601-1987", "=?ks_c_5601-1987?B?" + b64(mustEnc(korean.EUCKR, "은행")) + "?=", "은행"},
		{"KOI8-R", "=?koi8-r?B?" + b64("\xf0\xd2\xc9\xd7\xc5\xd4") + "?=", "Привет"},
		{"windows-1251", "=?windows-1251?Q?=CF=F0=E8=E2=E5=F2?=", "Привет"},
		{"language suffix", "=?UTF-8*en?Q?hi?=", "hi"},
		{"mixed charsets", "=?ISO-8859-1?Q?=E9?= =?UTF-8?Q?=C3=A9?=", "éé"},
		{"unknown charset valid UTF-8", "=?x-unknown?Q?ok?=", "ok"},
		{"unknown charset invalid bytes", "=?x-unknown?Q?a=FFb?=", "a\uFFFDb"},
		{"invalid UTF-8 in word", "=?UTF-8?Q?a=C3?=", "a\uFFFD"},
		{"malformed word kept", "=?UTF-8?X?abc?= tail", "=?UTF-8?X?abc?= tail"},
		{"unterminated word kept", "=?UTF-8?Q?abc", "=?UTF-8?Q?abc"},
		{"bad base64 padding", "=?UTF-8?B?" + b64("hello")[:7] + "?=", "hello"},
		{"word inside quotes", "\"=?UTF-8?Q?Bank?=\" <a@b.example>", "\"Bank\" <a@b.example>"},
		{"raw ISO-2022-JP", mustEnc(japanese.ISO2022JP, "件名"), "件名"},
		{"raw invalid bytes", "a\xffb", "a\uFFFDb"},
		{"raw Shift_JIS", "[SPAM] " + mustEnc(japanese.ShiftJIS, "【重要】お支払い情報の確認"), "[SPAM] 【重要】お支払い情報の確認"},
		{"raw Shift_JIS kanji only", mustEnc(japanese.ShiftJIS, "確認"), "確認"},
		{"raw Shift_JIS half-width kana", mustEnc(japanese.ShiftJIS, "ｱﾏｿﾞﾝ") + " " + mustEnc(japanese.ShiftJIS, "のお知らせ"), "ｱﾏｿﾞﾝ のお知らせ"},
		{"raw EUC-JP", mustEnc(japanese.EUCJP, "アカウントの確認"), "アカウントの確認"},
		{"raw EUC-JP kanji", mustEnc(japanese.EUCJP, "確認番号"), "確認番号"},
		{"raw GBK Japanese", mustEnc(simplifiedchinese.GBK, "サービスのお知らせ"), "サービスのお知らせ"},
		{"UTF-8 then GBK (list rewrote the subject)", "[SPAM] E T Cサ" + mustEnc(simplifiedchinese.GBK, "ービスのお知らせ"), "[SPAM] E T Cサービスのお知らせ"},
		{"UTF-8, EUC-JP, UTF-8", "お客" + mustEnc(simplifiedchinese.GBK, "様のJCBアカウント") + "です", "お客様のJCBアカウントです"},
		{"Latin-1 accent is not read as Japanese", "Caf\xe9 cr\xe8me", "Caf\uFFFD cr\uFFFDme"},
		{"one Latin-1 byte", "Gambler wins \xa37,000", "Gambler wins \uFFFD7,000"},
		{"UTF-8 stays first", "確認", "確認"},
		{"word labelled UTF-8 holding Shift_JIS", "=?UTF-8?B?" + b64(mustEnc(japanese.ShiftJIS, "確認のお願い")) + "?=", "確認のお願い"},
		{"raw text in a word's neighbour", "=?UTF-8?Q?a?= " + mustEnc(japanese.ShiftJIS, "ご確認"), "a ご確認"},
		{"empty word", "=?UTF-8?B??=x", "x"},
		{"lone =?", "a =? b", "a =? b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DecodeHeader(tt.in); got != tt.want {
				t.Errorf("DecodeHeader(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func mustEnc(enc encoding.Encoding, s string) string {
	b, err := enc.NewEncoder().String(s)
	if err != nil {
		panic(err)
	}
	return b
}

func qpWord(s string) string {
	out := ""
	for i := 0; i < len(s); i++ {
		out += "=" + strings.ToUpper(hex.EncodeToString([]byte{s[i]}))
	}
	return out
}

func TestDecodeBase64(t *testing.T) {
	tests := []struct{ in, want string }{
		{"aGVsbG8=", "hello"},
		{"aGVs\r\nbG8=\n", "hello"},
		{"aGVsbG8", "hello"},          // missing padding
		{"aGV sbG8*!?\x00=", "hello"}, // garbage skipped
		{"aGk=aGk=", "hihi"},          // concatenated encodings
		{"_-8=", "\xff\xef"},          // URL-safe alphabet
		{"a", ""},                     // a lone sextet holds no byte
		{"", ""},
	}
	for _, tt := range tests {
		if got := string(decodeBase64([]byte(tt.in))); got != tt.want {
			t.Errorf("decodeBase64(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDecodeQP(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Caf=E9", "Caf\xe9"},
		{"caf=e9", "caf\xe9"}, // lower-case hex
		{"soft=\nbreak", "softbreak"},
		{"soft=  \nbreak", "softbreak"}, // blanks after the soft break
		{"crlf=\r\nbreak", "crlfbreak"},
		{"a = b =ZZ", "a = b =ZZ"}, // invalid escapes kept
		{"trailing  \nnext", "trailing\nnext"},
		{"kept=20\nnext", "kept \nnext"},
		{"end=", "end"},
		{"=", ""},
	}
	for _, tt := range tests {
		if got := string(decodeQP([]byte(tt.in))); got != tt.want {
			t.Errorf("decodeQP(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseMediaValue(t *testing.T) {
	tests := []struct {
		in     string
		typ    string
		params map[string]string
	}{
		{"text/plain", "text/plain", nil},
		{"Text/HTML; Charset=\"UTF-8\"", "text/html", map[string]string{"charset": "UTF-8"}},
		{"multipart/mixed; boundary=\"a;b \\\"c\"; x=1", "multipart/mixed", map[string]string{"boundary": "a;b \"c", "x": "1"}},
		{"attachment; filename=report 2024.pdf", "attachment", map[string]string{"filename": "report 2024.pdf"}},
		{"attachment; filename*=UTF-8''%E8%AB%8B%E6%B1%82.pdf", "attachment", map[string]string{"filename": "請求.pdf"}},
		{"attachment; filename*=ISO-2022-JP'ja'%1B%24B%405%3Dq%1B%28B", "attachment", map[string]string{"filename": "正書"}},
		{"attachment; filename*1=\"b.txt\"; filename*0=\"a\"", "attachment", map[string]string{"filename": "ab.txt"}},
		{"attachment; filename*0*=utf-8''%C3%A9; filename*1=\"t.doc\"", "attachment", map[string]string{"filename": "ét.doc"}},
		{"attachment; filename=a.txt; filename*=utf-8''b.txt", "attachment", map[string]string{"filename": "b.txt"}},
		{"inline; filename=\"unterminated", "inline", map[string]string{"filename": "unterminated"}},
		{"text/plain; ; junk; charset=utf-8; =x; name", "text/plain", map[string]string{"charset": "utf-8"}},
		{"text/plain; charset=utf-8; charset=latin1", "text/plain", map[string]string{"charset": "utf-8"}},
		{"x; a*999=v", "x", map[string]string{}},
	}
	for _, tt := range tests {
		typ, params := parseMediaValue(tt.in)
		if typ != tt.typ || !maps.Equal(params, tt.params) {
			t.Errorf("parseMediaValue(%q) = %q %q, want %q %q", tt.in, typ, params, tt.typ, tt.params)
		}
	}
}

func TestCanonicalCharset(t *testing.T) {
	tests := map[string]string{
		"UTF-8": "utf-8", "\"us-ascii\\\"": "utf-8", "UTF-8\u201d": "utf-8", "utf-8 ysdqd": "utf-8",
		"x-sjis": "shift_jis", "CP932": "shift_jis", "_iso-2022-jp$ESC": "iso-2022-jp",
		"ks_c_5601-1987": "euc-kr", "cp1252": "windows-1252", "ISO8859-15": "iso-8859-15",
		"[charse<!doctype": "utf-8", "gb2312": "gbk",
	}
	for in, want := range tests {
		if got := canonicalCharset(in); got != want {
			t.Errorf("canonicalCharset(%q) = %q, want %q", in, got, want)
		}
	}
}

// decodeCharset returns ASCII text as it is for the charsets asciiTransparent
// names: their decoders must indeed give it back unchanged.
func TestASCIITransparentCharsets(t *testing.T) {
	var ascii []byte
	for c := byte(0); c < utf8.RuneSelf; c++ {
		if c != 0x1b {
			ascii = append(ascii, c)
		}
	}
	names := []string{"shift_jis", "euc-jp", "iso-2022-jp", "gbk", "gb18030", "big5", "euc-kr", "koi8-r", "koi8-u",
		"windows-1250", "windows-1251", "windows-1252", "windows-1253", "windows-1254", "windows-1255", "windows-1256", "windows-1257", "windows-1258"}
	for i := 1; i <= 16; i++ {
		names = append(names, "iso-8859-"+strconv.Itoa(i))
	}
	names = append(names, "iso-8859-6-i", "iso-8859-8-i", "iso-8859-6-e", "iso-8859-8-e")
	for _, name := range names {
		if !asciiTransparent(name) {
			t.Errorf("%s: not asciiTransparent", name)
		}
		r, err := charset.Reader(name, bytes.NewReader(ascii))
		if err != nil {
			t.Logf("%s: %v", name, err)
			continue // unknown: decodeCharset never gets this far
		}
		out, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(out, ascii) {
			t.Errorf("%s: ASCII decodes to %q, %v", name, out, err)
		}
	}
}
