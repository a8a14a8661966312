package links

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/japanese"

	"github.com/checkmail/checkmail/analysis/report"
)

// urls returns the defanged URLs of r, in order.
func urls(r Result) []string {
	var out []string
	for _, l := range r.Links {
		out = append(out, l.URL)
	}
	return out
}

func TestExtractText(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"plain", "Go to https://example.com/login now", []string{"hxxps://example[.]com/login"}},
		{"trailing punctuation", "See https://example.com/a. Or http://example.org/b, or (https://example.net/c).",
			[]string{"hxxps://example[.]com/a", "hxxp://example[.]org/b", "hxxps://example[.]net/c"}},
		{"balanced parens kept", "wiki https://en.example.org/wiki/Foo_(bar) end",
			[]string{"hxxps://en[.]example[.]org/wiki/Foo_(bar)"}},
		{"angle brackets", "<https://example.com/x>", []string{"hxxps://example[.]com/x"}},
		{"bare www", "visit www.example.co.jp/top today", []string{"www[.]example[.]co[.]jp/top"}},
		{"www inside word is not a URL", "awww.example.com foo@www.example.com", nil},
		{"uppercase scheme", "HTTPS://EXAMPLE.COM/X", []string{"hxxps://EXAMPLE[.]COM/X"}},
		{"ftp", "ftp://files.example.org/pub", []string{"fxp://files[.]example[.]org/pub"}},
		{"unknown scheme ignored", "xhttp://a.example.com hxxp://b.example.com gopher://c.example.com", nil},
		{"scheme without host", "https:// and http://localhost/ only", nil},
		{"japanese follows url", "詳細はhttps://www.ip-phone-smart.jp/campaign/をご覧ください。",
			[]string{"hxxps://www[.]ip-phone-smart[.]jp/campaign/"}},
		{"full-width bracket", "【https://example.jp/a】と「www.example.jp」",
			[]string{"hxxps://example[.]jp/a", "www[.]example[.]jp"}},
		{"ip literal", "http://3232235777/x and http://192.0.2.1/",
			[]string{"hxxp://3232235777/x", "hxxp://192[.]0[.]2[.]1/"}},
		{"dedupe", "https://a.example/ https://a.example/ https://b.example/",
			[]string{"hxxps://a[.]example/", "hxxps://b[.]example/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := urls(Extract([]string{tt.text}, nil, Options{}))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// A Japanese body as it arrives in ISO-2022-JP, decoded the way the
// message package does before handing text parts to Extract.
func TestExtractISO2022JP(t *testing.T) {
	body := "【重要】お客様のアカウントを確認してください。\r\nhttps://secure-login.example.com/jp/verify?id=123ログイン\r\n"
	enc, err := japanese.ISO2022JP.NewEncoder().String(body)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(enc, "\x1b$B") {
		t.Fatalf("encoder did not produce ISO-2022-JP escapes: %q", enc)
	}
	dec, err := japanese.ISO2022JP.NewDecoder().String(enc)
	if err != nil {
		t.Fatal(err)
	}
	r := Extract([]string{dec}, nil, Options{})
	if len(r.Links) != 1 {
		t.Fatalf("got %d links, want 1: %+v", len(r.Links), r.Links)
	}
	l := r.Links[0]
	if l.URL != "hxxps://secure-login[.]example[.]com/jp/verify?id=123" || l.Domain != "example.com" {
		t.Errorf("got %+v", l)
	}
}

func TestExtractHTML(t *testing.T) {
	tests := []struct {
		name string
		html string
		want []report.Link
	}{
		{
			name: "anchor text names another domain",
			html: `<p><a href="https://evil.example/login">https://www.ip-phone-smart.jp/</a></p>`,
			want: []report.Link{{URL: "hxxps://evil[.]example/login", Domain: "evil.example",
				Text: "https://www.ip-phone-smart.jp/", TextDomain: "ip-phone-smart.jp", Mismatch: true, Count: 1}},
		},
		{
			name: "anchor text bare domain, same org",
			html: `<a href="https://click.mail.rakuten.co.jp/t?x=1">rakuten.co.jp</a>`,
			want: []report.Link{{URL: "hxxps://click[.]mail[.]rakuten[.]co[.]jp/t?x=1", Domain: "rakuten.co.jp",
				Text: "rakuten.co.jp", TextDomain: "rakuten.co.jp", Count: 1}},
		},
		{
			name: "full-width domain in text",
			html: `<a href="https://evil.example/">ｗｗｗ．ａｍａｚｏｎ．ｃｏ．ｊｐ</a>`,
			want: []report.Link{{URL: "hxxps://evil[.]example/", Domain: "evil.example",
				Text: "ｗｗｗ．ａｍａｚｏｎ．ｃｏ．ｊｐ", TextDomain: "amazon.co.jp", Mismatch: true, Count: 1}},
		},
		{
			name: "zero-width chars hidden in text",
			html: `<a href="https://evil.example/">pay&#8203;pal.com</a>`,
			want: []report.Link{{URL: "hxxps://evil[.]example/", Domain: "evil.example",
				Text: "paypal.com", TextDomain: "paypal.com", Mismatch: true, Count: 1}},
		},
		{
			name: "plain words are not domains",
			html: `<a href="https://evil.example/">Open invoice.pdf, e.g. now</a>`,
			want: []report.Link{{URL: "hxxps://evil[.]example/", Domain: "evil.example", Text: "Open invoice.pdf, e.g. now", Count: 1}},
		},
		{
			name: "punycode",
			html: `<a href="https://xn--pypal-4ve.com/signin">PayPal</a>`,
			want: []report.Link{{URL: "hxxps://xn--pypal-4ve[.]com/signin", Domain: "xn--pypal-4ve.com",
				Text: "PayPal", Punycode: true, Unicode: "p\u0430ypal.com", Count: 1}},
		},
		{
			name: "unicode href",
			html: `<a href="https://p&#x430;ypal.com/">x</a>`,
			want: []report.Link{{URL: "hxxps://p\u0430ypal[.]com/", Domain: "xn--pypal-4ve.com",
				Text: "x", Punycode: true, Unicode: "p\u0430ypal.com", Count: 1}},
		},
		{
			name: "ip literal decimal",
			html: `<a href="http://3232235777/login">Sign in</a>`,
			want: []report.Link{{URL: "hxxp://3232235777/login", Domain: "192.168.1.1", Text: "Sign in", IPLiteral: true, Count: 1}},
		},
		{
			name: "shortener",
			html: `<a href="https://bit.ly/3abcDEF">track</a>`,
			want: []report.Link{{URL: "hxxps://bit[.]ly/3abcDEF", Domain: "bit.ly", Text: "track", Shortener: true, Count: 1}},
		},
		{
			name: "safelinks unwrapped",
			html: `<a href="https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.ip-phone-smart.jp.evil.example%2F&amp;data=05%7C01">https://www.ip-phone-smart.jp/</a>`,
			want: []report.Link{{URL: "hxxps://eur03[.]safelinks[.]protection[.]outlook[.]com/?url=https%3A%2F%2Fwww.ip-phone-smart.jp.evil.example%2F&data=05%7C01",
				Domain: "evil.example", Text: "https://www.ip-phone-smart.jp/", TextDomain: "ip-phone-smart.jp", Mismatch: true, Count: 1}},
		},
		{
			name: "entities and whitespace inside href",
			html: "<a href=\"  ht\ntps://evil.exa\tmple/a?x=1&amp;y=2 \">go\n\n  now</a>",
			want: []report.Link{{URL: "hxxps://evil[.]example/a?x=1&y=2", Domain: "evil.example", Text: "go now", Count: 1}},
		},
		{
			name: "javascript and data hrefs",
			html: `<a href="JavaScript:alert(document.cookie)">Click</a><a href="data:text/html;base64,PGgxPkxvZ2luPC9oMT4=">Open</a>`,
			want: []report.Link{
				{URL: "JavaScript:alert(document[.]cookie)", Text: "[javascript: link runs a script] Click", Count: 1},
				{URL: "data:text/html;base64,PGgxPkxvZ2luPC9oMT4=", Text: "[data: URL text/html, content embedded in the link] Open", Count: 1},
			},
		},
		{
			name: "mailto, tel, fragment and relative ignored; img not a link",
			html: `<a href="mailto:a@example.com">mail</a><a href="tel:+81">tel</a><a href="#top">top</a><a href="/rel">rel</a><img src="https://track.example/p.gif">`,
			want: nil,
		},
		{
			name: "base href resolves relative links",
			html: `<html><head><base href="https://evil.example/kit/"></head><body><a href="login.php?a=1">Log in</a><a href="/x">x</a></body></html>`,
			want: []report.Link{
				{URL: "hxxps://evil[.]example/kit/login.php?a=1", Domain: "evil.example", Text: "Log in", Count: 1},
				{URL: "hxxps://evil[.]example/x", Domain: "evil.example", Text: "x", Count: 1},
			},
		},
		{
			name: "form action, area, meta refresh",
			html: `<meta http-equiv="Refresh" content="0; URL='https://redir.example/'"><form action="https://collect.example/post.php" method="post"><input name="pw"></form><map><area href="https://area.example/" alt="area"></map>`,
			want: []report.Link{
				{URL: "hxxps://redir[.]example/", Domain: "redir.example", Text: "[meta refresh]", Count: 1},
				{URL: "hxxps://collect[.]example/post.php", Domain: "collect.example", Text: "[form]", Form: true, Count: 1},
				{URL: "hxxps://area[.]example/", Domain: "area.example", Text: "[image map] area", Count: 1},
			},
		},
		{
			name: "image-only anchor uses alt",
			html: `<a href="https://evil.example/"><img src="logo.png" alt="www.amazon.co.jp"></a><a href="https://b.example/"><img src="x.png"></a>`,
			want: []report.Link{
				{URL: "hxxps://evil[.]example/", Domain: "evil.example", Text: "[image] www.amazon.co.jp", TextDomain: "amazon.co.jp", Mismatch: true, Count: 1},
				{URL: "hxxps://b[.]example/", Domain: "b.example", Text: "[image]", Count: 1},
			},
		},
		{
			name: "urls in visible text, not in script or style",
			html: `<style>a{background:url(https://css.example/x)}</style><script>var u="https://js.example/";</script><p>Visit https://text.example/page</p>`,
			want: []report.Link{{URL: "hxxps://text[.]example/page", Domain: "text.example", Count: 1}},
		},
		{
			name: "outlook conditional comment",
			html: `<!--[if mso]><a href="https://mso.example/">Outlook only</a><![endif]--><!-- <a href="https://plain-comment.example/">x</a> -->`,
			want: []report.Link{{URL: "hxxps://mso[.]example/", Domain: "mso.example", Text: "Outlook only", Count: 1}},
		},
		{
			name: "malformed html",
			html: `<a href="https://one.example/">unclosed <b><a href=https://two.example/x>two</b><a href='https://three.example/'<p>three<a href=`,
			want: []report.Link{
				{URL: "hxxps://one[.]example/", Domain: "one.example", Text: "unclosed", Count: 1},
				{URL: "hxxps://two[.]example/x", Domain: "two.example", Text: "two", Count: 1},
				{URL: "hxxps://three[.]example/", Domain: "three.example", Text: "three", Count: 1},
			},
		},
		{
			name: "duplicates counted, mismatch wins",
			html: `<a href="https://evil.example/">Click</a> <a href="https://evil.example/">https://bank.example/</a> <a href="https://evil.example/">again</a>`,
			want: []report.Link{{URL: "hxxps://evil[.]example/", Domain: "evil.example",
				Text: "https://bank.example/", TextDomain: "bank.example", Mismatch: true, Count: 3}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(nil, []string{tt.html}, Options{}).Links
			if len(got) != len(tt.want) {
				t.Fatalf("got %d links %+v, want %d %+v", len(got), got, len(tt.want), tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("link %d:\n got %+v\nwant %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestExtractTextThenHTMLMerge(t *testing.T) {
	r := Extract([]string{"Log in: https://evil.example/l"},
		[]string{`<a href="https://evil.example/l">https://www.mybank.example.jp/</a>`}, Options{})
	if len(r.Links) != 1 {
		t.Fatalf("got %+v", r.Links)
	}
	l := r.Links[0]
	if l.Count != 2 || !l.Mismatch || l.TextDomain != "example.jp" {
		t.Errorf("got %+v", l)
	}
}

func TestExtractBounds(t *testing.T) {
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, "https://h%d.example/ https://h%d.example/\n", i, i)
	}
	r := Extract([]string{b.String()}, nil, Options{MaxLinks: 10})
	if len(r.Links) != 10 || r.Truncated != 290 {
		t.Errorf("MaxLinks 10: got %d links, truncated %d; want 10, 290", len(r.Links), r.Truncated)
	}
	r = Extract([]string{b.String()}, nil, Options{})
	if len(r.Links) != DefaultMaxLinks || r.Truncated != 100 {
		t.Errorf("default: got %d links, truncated %d", len(r.Links), r.Truncated)
	}
	r = Extract([]string{"https://a.example/ " + strings.Repeat("x", 100) + " https://b.example/"}, nil, Options{MaxScanBytes: 50})
	if len(r.Links) != 1 || r.SkippedBytes == 0 {
		t.Errorf("MaxScanBytes: got %+v", r)
	}
	// A long Display URL is cut, the count is kept.
	long := "https://evil.example/" + strings.Repeat("a", 5000)
	r = Extract([]string{long}, nil, Options{})
	if len(r.Links) != 1 || len(r.Links[0].URL) > maxDisplayURL+8 || !strings.HasSuffix(r.Links[0].URL, "…") {
		t.Errorf("long URL not cut: %d bytes", len(r.Links[0].URL))
	}
	// Long anchor text is cut to maxTextRunes.
	r = Extract(nil, []string{`<a href="https://x.example/">` + strings.Repeat("あ", 1000) + `</a>`}, Options{})
	if n := len([]rune(r.Links[0].Text)); n != maxTextRunes+1 {
		t.Errorf("anchor text %d runes, want %d", n, maxTextRunes+1)
	}
}

// Huge hostile input stays bounded in time and output.
func TestExtractHugeInput(t *testing.T) {
	huge := []string{
		strings.Repeat("<a href=", 200000),
		strings.Repeat("<!--[if mso]>", 100000),
		strings.Repeat("https://", 300000),
		strings.Repeat("www.", 500000),
		strings.Repeat("<a href='https://x.example/?u=https://y.example/'>", 50000),
		strings.Repeat("(", 1<<20) + "https://a.example/" + strings.Repeat(")", 1<<20),
	}
	start := time.Now()
	r := Extract(huge, huge, Options{})
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
	if len(r.Links) > DefaultMaxLinks {
		t.Errorf("%d links", len(r.Links))
	}
}
