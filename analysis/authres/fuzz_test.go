package authres

import (
	"strings"
	"testing"

	"github.com/checkmail/checkmail/internal/corpustest"
)

var ownARSeeds = []string{
	"mx.google.com; dkim=pass header.i=@a.example header.s=s header.b=Ab+; spf=pass (google.com: domain of x@a.example designates 192.0.2.1 as permitted sender) smtp.mailfrom=x@a.example; dmarc=pass (p=REJECT sp=NONE dis=NONE) header.from=a.example",
	"spf=pass (sender IP is 203.0.113.5) smtp.mailfrom=x.example; dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=x.example;compauth=fail reason=001",
	"i=2; mx.microsoft.com 1; arc=pass (0 oda=1 ltdi=1 spf=[1,1,smtp.mailfrom=a.example]); spf=pass",
	`a 2; spf=fail reason (c) = "d; (e" smtp.mailfrom="x\"y"; none;`,
	"x.example; none",
	"=?utf-8?B?c3BmPXBhc3M=?=",
	"((((;;;\"\"\"====",
}

var ownSPFSeeds = []string{
	"Pass (protection.outlook.com: domain of a.example designates 203.0.113.5 as permitted sender) receiver=protection.outlook.com; client-ip=203.0.113.5; helo=h.example; pr=C",
	"fail (x: 192.0.2.1 is authorized to use 'a' in 'mfrom' identity (mechanism 'mx' matched)) receiver=R; identity=mfrom; envelope-from=\"a@b\"; client-ip=192.0.2.1",
	"SoftFail (protection.outlook.com: domain of transitioning a.example discourages use of 2001:db8::1 as permitted sender)",
	"none",
	"client-ip=;;;=\"",
}

// cornerSeeds returns values of the given header from corpus mail.
func cornerSeeds(key string, n int) []string {
	var out []string
	for _, raw := range corpustest.Seeds(n) {
		out = append(out, parseHeaderBlock(raw).Values(key)...)
	}
	return out
}

func checkHeader(t *testing.T, in string, h Header) {
	if len(h.Raw) > MaxValueLen {
		t.Fatalf("Raw longer than the bound")
	}
	if len(h.Results) > MaxResults {
		t.Fatalf("%d results over the bound", len(h.Results))
	}
	for _, r := range h.Results {
		if r.Method == "" || r.Method != strings.ToLower(r.Method) {
			t.Fatalf("bad method %q", r.Method)
		}
		if r.Value != strings.ToLower(r.Value) {
			t.Fatalf("value not lower-case: %q", r.Value)
		}
		if len(r.Comment) > maxComment {
			t.Fatalf("comment over the bound: %d", len(r.Comment))
		}
		for k := range r.Props {
			if k != strings.ToLower(k) {
				t.Fatalf("prop key not lower-case: %q", k)
			}
		}
	}
	if h.AuthservID != strings.ToLower(h.AuthservID) {
		t.Fatalf("authserv-id not lower-case: %q", h.AuthservID)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range ownARSeeds {
		f.Add(s)
	}
	for _, s := range cornerSeeds("authentication-results", 80) {
		f.Add(s)
	}
	for _, s := range cornerSeeds("arc-authentication-results", 80) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h := Parse(s)
		checkHeader(t, s, h)
		// Summaries over the value must not panic either, trusted or not.
		hs := fakeHeaders{"authentication-results": {s, s}, "arc-authentication-results": {s}}
		_ = Summarize(hs, DefaultTrustedIDs())
		_ = Summarize(hs, []string{h.AuthservID})
	})
}

func FuzzParseReceivedSPF(f *testing.F) {
	for _, s := range ownSPFSeeds {
		f.Add(s)
	}
	for _, s := range cornerSeeds("received-spf", 120) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := ParseReceivedSPF(s)
		if r.Result != strings.ToLower(r.Result) {
			t.Fatalf("result not lower-case: %q", r.Result)
		}
		if a, ok := r.IP(); ok && (a.Zone() != "" || a.Is4In6()) {
			t.Fatalf("IP not normalised: %v", a)
		}
		if len(r.Comment) > maxComment {
			t.Fatalf("comment over the bound")
		}
	})
}
