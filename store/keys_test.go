package store_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/store"
)

func TestKeysFrom(t *testing.T) {
	sha := "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"
	var manyLinks []report.Link
	for i := 0; i < 40; i++ {
		manyLinks = append(manyLinks, report.Link{Domain: fmt.Sprintf("d%02d.example", i)})
	}
	var first20 []string
	for i := 0; i < 20; i++ {
		first20 = append(first20, fmt.Sprintf("d%02d.example", i))
	}
	tests := []struct {
		name string
		r    *report.Report
		want store.Keys
	}{
		{"nil", nil, store.Keys{}},
		{"empty", &report.Report{}, store.Keys{}},
		{"full", &report.Report{
			MessageID: "<CAF=Abc@Mail.Gmail.com>",
			Sender:    report.Sender{FromDomain: "Mail.Rakuten.CO.JP."},
			Origin:    &report.Origin{IP: "203.0.113.77", Network: &report.Network{Range: "203.0.112.0/22"}},
			Links: []report.Link{
				{Domain: "evil.example"}, {Domain: "EVIL.example"}, {Domain: ""},
				{Domain: "www.rakuten.co.jp"}, // the sender's own org domain: skipped
				{Domain: "bit.ly"},
			},
			Attachments: []report.Attachment{{SHA256: sha}, {SHA256: ""}, {SHA256: sha}},
		}, store.Keys{
			MessageID: "caf=abc@mail.gmail.com", SenderDomain: "rakuten.co.jp", OriginNetwork: "203.0.112.0/22",
			LinkDomains:      []string{"evil.example", "bit.ly"},
			AttachmentHashes: []string{"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		}},
		{"ipv4 without range", &report.Report{Origin: &report.Origin{IP: "198.51.100.200", Network: &report.Network{Name: "X"}}},
			store.Keys{OriginNetwork: "198.51.100.0/24"}},
		{"ipv4-mapped", &report.Report{Origin: &report.Origin{IP: "::ffff:198.51.100.200"}},
			store.Keys{OriginNetwork: "198.51.100.0/24"}},
		{"ipv6", &report.Report{Origin: &report.Origin{IP: "2001:db8:abcd:12::1"}},
			store.Keys{OriginNetwork: "2001:db8:abcd::/48"}},
		{"ipv6 literal brackets", &report.Report{Origin: &report.Origin{IP: "[2001:db8:1:2::3]"}},
			store.Keys{OriginNetwork: "2001:db8:1::/48"}},
		{"bad ip", &report.Report{Origin: &report.Origin{IP: "not-an-ip"}}, store.Keys{}},
		// A bare public suffix is nobody's domain: it links no cases.
		{"from domain is a suffix", &report.Report{Sender: report.Sender{FromDomain: "co.jp"}}, store.Keys{}},
		{"from domain ip literal", &report.Report{Sender: report.Sender{FromDomain: "[192.0.2.1]"}}, store.Keys{SenderDomain: "192.0.2.1"}},
		{"link cap", &report.Report{Links: manyLinks}, store.Keys{LinkDomains: first20}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := store.KeysFrom(tt.r)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("KeysFrom =\n%#v\nwant\n%#v", got, tt.want)
			}
		})
	}
}

func TestMatched(t *testing.T) {
	a := store.Keys{MessageID: "m", SenderDomain: "s.example", LinkDomains: []string{"x.example", "y.example"}, AttachmentHashes: []string{"h1"}}
	b := store.Keys{MessageID: "<M>", LinkDomains: []string{"Y.example"}, AttachmentHashes: []string{"H1", "h2"}}
	got := store.Matched(a, b)
	want := []string{"message_id", "link_domain:y.example", "attachment:h1"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Matched = %q, want %q", got, want)
	}
	if got := store.Matched(a, store.Keys{}); got != nil {
		t.Fatalf("Matched with nothing = %q", got)
	}
}
