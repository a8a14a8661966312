package identity

import (
	"github.com/checkmail/checkmail/analysis/domain"
	"reflect"
	"strings"
	"testing"
)

type hdr map[string][]string

func (h hdr) Get(k string) string {
	if v := h[strings.ToLower(k)]; len(v) > 0 {
		return v[0]
	}
	return ""
}
func (h hdr) Values(k string) []string { return h[strings.ToLower(k)] }

func TestAddresses(t *testing.T) {
	tests := []struct {
		in   string
		want []Address
	}{
		{`SMARTalk <smart@comm.rakuten.co.jp>`, []Address{{"SMARTalk", "smart@comm.rakuten.co.jp", "smart@comm.rakuten.co.jp"}}},
		{`"Doe, John" <John@Example.COM>, jane@example.org`, []Address{{"Doe, John", "john@example.com", "John@Example.COM"}, {"", "jane@example.org", "jane@example.org"}}},
		{`jane@example.org (Jane Doe)`, []Address{{"Jane Doe", "jane@example.org", "jane@example.org"}}},
		{`"PayPal <service@paypal.com>" <x@evil.example>`, []Address{{"PayPal <service@paypal.com>", "x@evil.example", "x@evil.example"}}},
		{`<mailto:a@b.example>`, []Address{{"", "a@b.example", "a@b.example"}}},
		{`<MAILTO:A@b.example>`, []Address{{"", "a@b.example", "A@b.example"}}},
		// İ lower-cases to the one byte 'i': no "mailto:" to cut, and not
		// its first 7 bytes either (that left ":a@b.example").
		{`<maİlto:a@b.example>`, []Address{{"", "mailto:a@b.example", "maİlto:a@b.example"}}},
		{`Broken <no-at-sign>`, nil},
		{`undisclosed-recipients:;`, nil},
		{`Name <unterminated@example.com`, []Address{{"Name", "unterminated@example.com", "unterminated@example.com"}}},
		{``, nil},
	}
	for _, tt := range tests {
		got := Addresses(tt.in)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Addresses(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

func TestExtractSMARTalk(t *testing.T) {
	h := hdr{
		"from":           {`=?ISO-2022-JP?B?x?= <smart@comm.rakuten.co.jp>`},
		"return-path":    {`<z-fusion-xfb6x7-0-4zs-007ymg0123gmail.com@bma.mpse.jp>`},
		"message-id":     {`<1639558839196.2021100235.fusion.0.6472.00000000@ad148se.mpse.jp>`},
		"dkim-signature": {"v=1; a=rsa-sha256; d=comm.rakuten.co.jp;\r\n s=mpse1; b=abc", "v=1; d=mpse.jp; s=x"},
	}
	id := Extract(h, func(string) string { return "SMARTalkカスタマーセンター" })
	if id.From != "smart@comm.rakuten.co.jp" || id.FromDomain != "comm.rakuten.co.jp" {
		t.Fatalf("from = %q %q", id.From, id.FromDomain)
	}
	if id.DisplayName != "SMARTalkカスタマーセンター" {
		t.Errorf("display name = %q", id.DisplayName)
	}
	if id.ReturnPathDomain != "bma.mpse.jp" || id.MessageIDDomain != "ad148se.mpse.jp" {
		t.Errorf("return-path %q message-id %q", id.ReturnPathDomain, id.MessageIDDomain)
	}
	if !reflect.DeepEqual(id.DKIMDomains, []string{"comm.rakuten.co.jp", "mpse.jp"}) || id.DKIMSelectors[0] != "mpse1" {
		t.Errorf("dkim = %v %v", id.DKIMDomains, id.DKIMSelectors)
	}
	if got, want := id.Mismatches(), []string{MismatchReturnPath, MismatchMessageID}; !reflect.DeepEqual(got, want) {
		t.Errorf("mismatches = %v, want %v", got, want)
	}
}

func TestDisplayNameDomain(t *testing.T) {
	tests := map[string]string{
		"PayPal <service@paypal.com>":  "paypal.com",
		"Amazon.co.jp":                 "",
		"SMARTalkカスタマーセンター":            "",
		"John Q. Public":               "",
		"Mr. Smith":                    "",
		"support at www.apple.com":     "",
		"CNET News.com Daily Dispatch": "",
		"Craig R.Hughes":               "",
		"hyatt@mozilla":                "",
	}
	for in, want := range tests {
		if got := DisplayNameDomain(in); got != want {
			t.Errorf("DisplayNameDomain(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzAddresses(f *testing.F) {
	for _, s := range []string{`a <b@c.d>`, `"x, y" <z@w.v>, q@r.s`, `(<>@,`, `<<<@>>>`, `"\"`, "<maİlto:Ⱥ\u212a@\xffİ>, \"Ⱥ\" <MAILTO:İ@\u212a>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, a := range Addresses(s) {
			if !strings.Contains(a.Addr, "@") {
				t.Fatalf("address without @: %q", a.Addr)
			}
		}
		_ = DisplayNameDomain(s)
		_ = domain.Org(s)
	})
}

func TestExtractFromLocalKeepsCase(t *testing.T) {
	id := Extract(hdr{"from": {`"Real Home Coverage." <JndLebIg@Slave.Example.COM>`}}, nil)
	if id.From != "jndlebig@slave.example.com" || id.FromLocal != "JndLebIg" || id.FromDomain != "slave.example.com" {
		t.Errorf("From, FromLocal, FromDomain = %q, %q, %q", id.From, id.FromLocal, id.FromDomain)
	}
}
