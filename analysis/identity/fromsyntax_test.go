package identity

import (
	"bytes"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/internal/corpustest"
)

func TestCheckFrom(t *testing.T) {
	tests := []struct {
		name, from string
		want       FromFlaw
	}{
		// What honest mail programs write.
		{"name and address", `Rakuten <info@rakuten.co.jp>`, FromWellFormed},
		{"quoted name", `"Smith, John" <john@example.com>`, FromWellFormed},
		{"bare address", `john@example.com`, FromWellFormed},
		{"address and comment", `john@example.com (John Smith)`, FromWellFormed},
		{"comment for a name", `(Ted Harding) <ted@example.ac.uk>`, FromWellFormed},
		{"dots in an unquoted name", `John Q. Public <jqp@example.com>`, FromWellFormed},
		{"encoded name", `=?UTF-8?B?5qW95aSp?= <info@rakuten.co.jp>`, FromWellFormed},
		{"raw UTF-8 name", `楽天市場 <info@rakuten.co.jp>`, FromWellFormed},
		{"8-bit Latin-1 name", "\"Nils O. Sel\xe5sdal\" <nils@example.no>", FromWellFormed},
		{"space inside the brackets", `Shop <a@example.com >`, FromWellFormed},
		{"odd dots in a Japanese mobile address", `<taro..yamada.@docomo.ne.jp>`, FromWellFormed},
		{"quoted local part", `"john doe"@example.com`, FromWellFormed},
		{"internationalized domain", `<info@例え.jp>`, FromWellFormed},
		{"domain literal", `<root@[192.0.2.1]>`, FromWellFormed},
		{"trailing comma", `Shop <a@example.com>,`, FromWellFormed},
		{"null sender", `<>`, FromWellFormed},
		{"name without address", `Facebook`, FromStrayPart},
		{"empty", ``, FromWellFormed},
		// What phishers write.
		{"name set off by a comma", `"Die Ära der Kahlheit ist vorbei!", <service@stayfriends.example>, Office,`, FromStrayPart},
		{"unquoted comma", `Harbor Freight ,_<x7@na7jox.example>`, FromStrayPart},
		{"address in a comment", `Hit N Spin,(<message@my.zalando.example>)`, FromStrayPart},
		{"two names", `"MAC Cosmetics", "MAC Cosmetics" <telekom@email.example>`, FromStrayPart},
		{"words after the address", `"Schoonheden"<>69496118<info@h.example>`, FromStrayPart},
		{"two addresses", `Kinder <a@b.example>, Kinder <service@stayfriends.example>`, FromSeveral},
		{"whole address quoted", `"Booking" <"info@booking.example">`, FromBadAddress},
		{"empty local part", `"Security" <""@ebay.example>`, FromBadAddress},
		{"no at sign", `Kaufland Team <Kaufland.example>`, FromBadAddress},
		{"brackets in brackets", `Congratulations! <LKJZ@<noreply@digid.example>`, FromBadAddress},
		{"mailto in brackets", `"Julia" <mailto:news@appzm.example>`, FromBadAddress},
		{"quote in the domain", `IPTV <tv@'tv-fafdo.autoworks.example>`, FromBadDomain},
		{"trailing dot", `<service@stayfriends.example.>`, FromBadDomain},
		{"comma for a dot", `Costco Team <noreply@theskimm,com>`, FromBadDomain},
		{"percent in the domain", `CNH <cnh@%suspender.example>`, FromBadDomain},
		{"styled letters", `eBay <𝗲𝗯𝗮𝘆@𝗲𝗯𝗮𝘆.𝗱e>`, FromBadDomain},
		{"address as an unquoted name", `security@chase.example <security@chase.example>`, FromNameSpecials},
		{"colon in an unquoted name", `Immediate: Halfords <help@ncfww.example>`, FromNameSpecials},
		{"name beside a bare address", `Paypal service@paypal.example`, FromNameSpecials},
		{"unclosed quote", `"PayPal <service@paypal.example>`, FromUnclosed},
		{"unclosed bracket", `PayPal <service@paypal.example`, FromUnclosed},
		{"unclosed comment", `(PayPal <service@paypal.example>`, FromUnclosed},
	}
	for _, tt := range tests {
		if got := CheckFrom(tt.from); got != tt.want {
			t.Errorf("%s: CheckFrom(%q) = %d, want %d", tt.name, tt.from, got, tt.want)
		}
	}
}

func FuzzCheckFrom(f *testing.F) {
	for _, s := range []string{`Rakuten <info@rakuten.co.jp>`, `"a", <b@c.d>, e,`, `"x"<>1<y@z.w>`,
		`(a (b) \) c) <d@e.f>`, `"\"" <"a\"b"@c.d>`, `<a@[1.2.3.4]>`, `a@b..c`, "\xff<\xfe@\xfd>",
		`𝗲𝗯𝗮𝘆 <a@𝗲𝗯𝗮𝘆.𝗱e>`, strings.Repeat("a,", 100)} {
		f.Add(s)
	}
	// The From lines of real mail, phishing and legitimate.
	for _, m := range corpustest.Seeds(300) {
		if from, ok := headerLine(m, "From:"); ok {
			f.Add(from)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := CheckFrom(s)
		if got > FromUnclosed {
			t.Fatalf("CheckFrom(%q) = %d, not a flaw", s, got)
		}
		// Only the first MaxFromBytes bytes are read.
		if len(s) > MaxFromBytes && CheckFrom(s[:MaxFromBytes]) != got {
			t.Fatalf("CheckFrom reads past MaxFromBytes")
		}
	})
}

// headerLine returns the value of the first header line starting with
// name, without its continuation lines.
func headerLine(raw []byte, name string) (string, bool) {
	head, _, _ := bytes.Cut(raw, []byte("\n\n"))
	for line := range bytes.SplitSeq(head, []byte("\n")) {
		if len(line) > len(name) && strings.EqualFold(string(line[:len(name)]), name) {
			return strings.TrimSpace(string(line[len(name):])), true
		}
	}
	return "", false
}
