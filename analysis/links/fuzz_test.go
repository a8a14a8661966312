package links

import (
	"github.com/checkmail/checkmail/analysis/domain"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/checkmail/checkmail/internal/corpustest"
)

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"https://example.com/ www.example.jp/あ http://3232235777/",
		`<a href="https://evil.example/">https://www.ip-phone-smart.jp/</a>`,
		`<base href="https://b.example/"><a href="x">y</a><form action="/p"></form>`,
		`<a href="javascript:alert(1)">x</a><a href="data:text/html,<b>">y</a>`,
		`<!--[if mso]><a href="https://m.example/">m</a><![endif]-->`,
		`<a href="https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fe.example%2F">x</a>`,
		`<meta http-equiv=refresh content="0;url=//r.example/">`,
		"http://[2001:db8::1]/ http://0x7f.1/ https://xn--pypal-4ve.com/ ftp://a.b/",
	} {
		f.Add(s)
	}
	for _, b := range corpustest.Seeds(40) {
		// Large seeds make minimization crawl; the start of a mail
		// (headers and first parts) is what matters.
		f.Add(string(b[:min(len(b), 16<<10)]))
	}
	f.Fuzz(func(t *testing.T, in string) {
		r := Extract([]string{in}, []string{in}, Options{MaxLinks: 50, MaxScanBytes: 1 << 20})
		if len(r.Links) > 50 {
			t.Fatalf("%d links over the cap", len(r.Links))
		}
		for _, l := range r.Links {
			lu := strings.ToLower(l.URL)
			if strings.Contains(lu, "http://") || strings.Contains(lu, "https://") {
				t.Errorf("live URL in report: %q", l.URL)
			}
			if l.Count < 1 {
				t.Errorf("count %d", l.Count)
			}
			if !utf8.ValidString(l.Text) || !utf8.ValidString(l.URL) {
				t.Errorf("invalid UTF-8: %q %q", l.Text, l.URL)
			}
			if utf8.RuneCountInString(l.Text) > maxTextRunes+80 {
				t.Errorf("text too long: %d runes", utf8.RuneCountInString(l.Text))
			}
			if l.Unicode != "" && !l.Punycode {
				t.Errorf("unicode without punycode: %+v", l)
			}
			if l.Mismatch && (l.TextDomain == "" || l.TextDomain == l.Domain) {
				t.Errorf("inconsistent mismatch: %+v", l)
			}
		}
		// Host and Defang never panic and Defang is idempotent.
		h := Host(in)
		_ = domain.Org(h)
		d := Defang(in)
		if Defang(d) != d {
			t.Errorf("Defang not idempotent: %q -> %q -> %q", in, d, Defang(d))
		}
	})
}
