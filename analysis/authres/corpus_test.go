package authres

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/internal/corpustest"
)

func readHeaders(t *testing.T, path string) fakeHeaders {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("%s: %v", path, err)
	}
	return parseHeaderBlock(raw)
}

// SpamAssassin's nice/authres: 8 Authentication-Results variants (quoting,
// comments, version, reason with a comment before '=', odd case).
func TestCorpusSpamAssassinAuthres(t *testing.T) {
	dir := corpustest.Dir(t)
	h := readHeaders(t, filepath.Join(dir, "spamassassin_testdata", "nice", "authres"))
	vals := h.Values("Authentication-Results")
	want := []struct {
		id      string
		version int
		results string // method=value list
	}{
		{"authrestest1int", 0, "spf=pass dkim=pass dkim=fail"},
		{"authrestest2int", 0, "dmarc=none"},
		{"authrestest3int", 0, "spf=fail"},
		{"authrestest4int", 2, "spf=fail"},
		{"authrestest5int", 0, "dkim=pass"},
		{"authrestest6int", 0, "dkim=fail"},
		{"authrestest7tru", 0, "spf=fail"},
		{"authrestest8ext", 0, "spf=pass"},
	}
	if len(vals) != len(want) {
		t.Fatalf("%d Authentication-Results, want %d", len(vals), len(want))
	}
	pass := 0
	for i, w := range want {
		p := Parse(vals[i])
		var rs []string
		for _, r := range p.Results {
			rs = append(rs, r.Method+"="+r.Value)
		}
		if p.AuthservID != w.id || p.Version != w.version || strings.Join(rs, " ") != w.results {
			t.Errorf("header %d: id %q v%d results %q, want %q v%d %q", i+1, p.AuthservID, p.Version, rs, w.id, w.version, w.results)
			continue
		}
		pass++
	}
	// Details SpamAssassin's test exercises.
	if r, _ := Parse(vals[3]).Find("spf"); r.Reason != "just some (<>.%&! reason" || r.Props["smtp.mailfrom"] != "dogma.slashnull.org" {
		t.Errorf("header 4 reason %q props %v", r.Reason, r.Props)
	}
	if r, _ := Parse(vals[5]).Find("dkim"); r.Props["header.i"] != ` foo bar "xyz"@gmail.com` || r.Props["header.b"] != "SI+iqkld" {
		t.Errorf("header 6 props %v", r.Props)
	}
	if r, _ := Parse(vals[4]).Find("dkim"); r.Comment != "2048-bit key; unprotected" {
		t.Errorf("header 5 comment %q", r.Comment)
	}
	t.Logf("spamassassin authres variants: %d/%d parsed as expected", pass, len(want))

	// SpamAssassin's "authres_trusted_authserv authrestest6int" case: only
	// that header counts, giving dkim=fail.
	s := Summarize(h, []string{"authrestest6int"})
	if !s.Trusted || s.AuthservID != "authrestest6int" || s.DKIM != "fail" || s.SPF != "" || len(s.DKIMPassed) != 0 {
		t.Errorf("trusted authrestest6int: %+v", s)
	}
	s = Summarize(h, []string{"authrestest1int"})
	if !s.Trusted || s.SPF != "pass" || s.SPFDomain != "bounce.example.org" || s.DKIM != "pass" ||
		!slices.Equal(s.DKIMPassed, []string{"example.org"}) || !slices.Equal(s.DKIMDomains, []string{"example.org", "another.signing.domain.example"}) {
		t.Errorf("trusted authrestest1int: %+v", s)
	}
	// With no trusted id nothing is trusted.
	if s := Summarize(h, nil); s.Trusted {
		t.Errorf("no trusted ids but Trusted: %+v", s)
	}
}

// SpamAssassin's Received-SPF variants: folded, unfolded, CRLF.
func TestCorpusSpamAssassinReceivedSPF(t *testing.T) {
	dir := corpustest.Dir(t)
	files := []string{"spf3-received-spf", "spf4-received-spf-nofold", "spf5-received-spf-crlf", "spf6-received-spf-crlf2"}
	want := []ReceivedSPF{
		{Result: "fail", ClientIP: "69.61.78.188", EnvelopeFrom: "spamassassin@dostech.ca", Helo: "smtp.dostech.net", Receiver: "FC5-VPC", Identity: "mfrom"},
		{Result: "softfail", ClientIP: "69.61.78.188", Helo: "dostech.ca", Receiver: "FC5-VPC", Identity: "helo"},
		{Result: "neutral"},
	}
	pass, total := 0, 0
	for _, f := range files {
		vals := readHeaders(t, filepath.Join(dir, "spamassassin_testdata", "nice", f)).Values("Received-SPF")
		if len(vals) != len(want) {
			t.Errorf("%s: %d Received-SPF, want %d", f, len(vals), len(want))
			continue
		}
		for i, w := range want {
			total++
			got := ParseReceivedSPF(vals[i])
			ip, ok := got.IP()
			got.Comment = "" // compared through IP()
			if got != w || !ok || ip != netip.MustParseAddr("69.61.78.188") {
				t.Errorf("%s #%d: %+v ip %v", f, i+1, got, ip)
				continue
			}
			pass++
		}
	}
	t.Logf("spamassassin Received-SPF variants: %d/%d", pass, total)
}

// mailauth's Gmail ARC messages: the recorded results (the "fail" files
// fail cryptographic verification after modification; their recorded
// results are the same).
func TestCorpusMailauthARC(t *testing.T) {
	dir := corpustest.Dir(t)
	for _, f := range []string{"arc-pass.eml", "arc-pass2.eml", "arc-fail.eml", "arc-fail2.eml", "arc-fail3.eml"} {
		h := readHeaders(t, filepath.Join(dir, "mailauth_fixtures", f))
		s := Summarize(h, DefaultTrustedIDs())
		if !s.Trusted || s.AuthservID != "mx.google.com" || s.ARC != "pass" || s.DKIM != "pass" || s.SPF != "neutral" ||
			s.SenderIP != netip.MustParseAddr("209.85.220.41") || len(s.DKIMPassed) == 0 {
			t.Errorf("%s: %+v", f, s)
		}
		var inst []int
		for _, v := range h.Values("ARC-Authentication-Results") {
			p := Parse(v)
			if p.AuthservID != "mx.google.com" {
				t.Errorf("%s: ARC-A-R id %q", f, p.AuthservID)
			}
			inst = append(inst, p.Instance)
		}
		if !slices.Equal(inst, []int{2, 1}) {
			t.Errorf("%s: ARC instances %v, want [2 1]", f, inst)
		}
	}
}

// Over phishing_pot (Microsoft 365 recipients): the id-less Exchange
// header is trusted and its sender IP matches X-Sender-IP.
func TestCorpusPhishingPotSummary(t *testing.T) {
	labels := corpustest.Labels(t)
	var n, trusted, withIP, ipAgree int
	dist := map[string]int{}
	for _, l := range labels {
		if !strings.HasPrefix(l.Rel, "phishing_pot/") {
			continue
		}
		raw, err := os.ReadFile(l.Path)
		if err != nil {
			t.Fatal(err)
		}
		h := parseHeaderBlock(raw)
		if len(h.Values("Authentication-Results")) == 0 {
			continue
		}
		n++
		s := Summarize(h, DefaultTrustedIDs())
		if s.Trusted {
			trusted++
		}
		dist["dmarc="+s.DMARC]++
		dist["compauth="+s.CompAuth]++
		if xs := h.Values("X-Sender-IP"); len(xs) > 0 {
			if want, err := netip.ParseAddr(strings.TrimSpace(xs[0])); err == nil {
				withIP++
				if s.SenderIP == want {
					ipAgree++
				}
			}
		}
	}
	if n == 0 {
		t.Skip("no phishing_pot messages")
	}
	var keys []string
	for k, v := range dist {
		keys = append(keys, fmt.Sprintf("%s:%d", k, v))
	}
	slices.Sort(keys)
	t.Logf("phishing_pot: %d with A-R, %d trusted (%.1f%%); SenderIP = X-Sender-IP %d/%d; %v",
		n, trusted, 100*float64(trusted)/float64(n), ipAgree, withIP, keys)
	if float64(trusted)/float64(n) < 0.95 {
		t.Errorf("trusted rate %.3f below 0.95", float64(trusted)/float64(n))
	}
	if withIP > 0 && float64(ipAgree)/float64(withIP) < 0.99 {
		t.Errorf("sender IP agreement %d/%d below 0.99", ipAgree, withIP)
	}
}
