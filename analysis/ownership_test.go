package analysis

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/checkmail/checkmail/analysis/analysistest"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/analysis/team"
)

// rehome moves the SMARTalk mail to another sender domain: From, DKIM and
// the recorded authentication all name newDomain, as they would for a
// brand's own unlisted domain (or a phisher's well-configured one).
func rehome(raw []byte, newDomain string) []byte {
	raw = bytes.ReplaceAll(raw, []byte("comm.rakuten.co.jp"), []byte("mail."+newDomain))
	return bytes.ReplaceAll(raw, []byte("header.from=rakuten.co.jp"), []byte("header.from="+newDomain))
}

// globalMail is a brand mail from domain with a trusted Gmail record that
// authenticates it.
func globalMail(display, domain, link string) []byte {
	return []byte("Received: from mta.example.net (mta.example.net [198.51.100.7])\r\n" +
		"        by mx.google.com with ESMTPS id x1si1.2021.12.15; Wed, 15 Dec 2021 01:00:41 -0800 (PST)\r\n" +
		"Authentication-Results: mx.google.com;\r\n" +
		"       dkim=pass header.i=@" + domain + ";\r\n" +
		"       spf=pass smtp.mailfrom=bounce@" + domain + ";\r\n" +
		"       dmarc=pass (p=REJECT) header.from=" + domain + "\r\n" +
		"From: " + display + " <noreply@" + domain + ">\r\n" +
		"To: taro@example.com\r\n" +
		"Subject: Your trip is confirmed: please review your payment details\r\n" +
		"Date: Wed, 15 Dec 2021 18:00:39 +0900\r\n" +
		"Message-ID: <1@" + domain + ">\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\n" +
		"Thank you for booking with " + display + ".\r\nReview your trip: https://www." + link + "/trips\r\n")
}

func analyzeWith(t *testing.T, a *Analyzer, raw []byte, offline bool) *report.Report {
	t.Helper()
	rep, err := a.AnalyzeBytes(context.Background(), raw, Options{Offline: offline})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// The seed's question asked of domains nobody listed: the owner decides.
func TestOwnershipDecides(t *testing.T) {
	jp := analysistest.Clock.AddDate(0, 0, -6)
	tests := []struct {
		name    string
		setup   func(w *analysistest.World)
		raw     func(w *analysistest.World) []byte
		level   string
		want    []string // reason codes that must be present
		wantNot []string
	}{
		{
			name: "SMARTalk from an unlisted .jp domain registered to Fusion Communications",
			setup: func(w *analysistest.World) {
				w.WHOIS.Set("smart-fusion.jp/e", analysistest.JPRSGeneric("smart-fusion.jp", "Fusion Communications Corporation", "2008/03/01", "2027/03/31"))
			},
			raw:     func(w *analysistest.World) []byte { return rehome(fixture(t, "smartalk.eml"), "smart-fusion.jp") },
			level:   report.Legitimate,
			want:    []string{"authentic_brand"},
			wantNot: []string{"brand_impersonation", "brand_claim_unverified"},
		},
		{
			name: "the same mail from a .jp domain registered last week by a private person",
			setup: func(w *analysistest.World) {
				w.WHOIS.Set("smart-fusion-card.jp/e", analysistest.JPRSGeneric("smart-fusion-card.jp", "Taro Suzuki", jp.Format("2006/01/02"), "2022/12/31"))
			},
			raw:   func(w *analysistest.World) []byte { return rehome(fixture(t, "smartalk.eml"), "smart-fusion-card.jp") },
			level: report.Phishing,
			want:  []string{"brand_impersonation", "young_domain"},
		},
		{
			name: "Chase Travel from an unlisted .com registered to JPMorgan Chase at MarkMonitor",
			setup: func(w *analysistest.World) {
				w.RDAP.Domain("chase-travelcenter.com", analysistest.DomainRecord{
					Registrar: "MarkMonitor Inc.", RegistrarIANAID: "292", Registrant: "JPMorgan Chase & Co.",
					Created: time.Date(2011, 5, 3, 0, 0, 0, 0, time.UTC),
				})
			},
			raw: func(w *analysistest.World) []byte {
				return globalMail("Chase Travel", "chase-travelcenter.com", "chase-travelcenter.com")
			},
			level:   report.Legitimate,
			want:    []string{"authentic_brand"},
			wantNot: []string{"brand_impersonation", "lookalike_domain"},
		},
		{
			name: "the same mail from a days-old .com with a redacted registrant at a retail registrar",
			setup: func(w *analysistest.World) {
				w.RDAP.Domain("chase-travelcentre.com", analysistest.DomainRecord{
					Registrar: "NameSilo, LLC", RegistrarIANAID: "1479", Redacted: true,
					Created: analysistest.Clock.AddDate(0, 0, -3),
				})
			},
			raw: func(w *analysistest.World) []byte {
				return globalMail("Chase Travel", "chase-travelcentre.com", "chase-travelcentre.com")
			},
			level: report.Phishing,
			want:  []string{"young_domain"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, w := worldAnalyzer(t)
			w.RDAP.TLD("com")
			tt.setup(w)
			rep := analyzeWith(t, a, tt.raw(w), false)
			if rep.Verdict.Level != tt.level {
				t.Errorf("level = %s (%d) %v; ownership %+v", rep.Verdict.Level, rep.Verdict.Score, codes(rep), rep.Ownership)
			}
			for _, c := range tt.want {
				if !slices.Contains(codes(rep), c) {
					t.Errorf("missing %s in %v", c, codes(rep))
				}
			}
			for _, c := range tt.wantNot {
				if slices.Contains(codes(rep), c) {
					t.Errorf("unexpected %s in %v", c, codes(rep))
				}
			}
			if len(rep.Ownership) == 0 || rep.Ownership[0].Summary == "" || rep.Ownership[0].SummaryJA == "" {
				t.Errorf("ownership not explained: %+v", rep.Ownership)
			}
			// Offline, nobody knows the owner: never phishing on the name alone.
			if tt.level == report.Legitimate {
				off := analyzeWith(t, New(Deps{}), tt.raw(w), true)
				if off.Verdict.Level == report.Phishing {
					t.Errorf("offline: phishing on the name alone: %v", codes(off))
				}
				if len(off.Ownership) == 0 || off.Ownership[0].Status != "unknown" {
					t.Errorf("offline ownership = %+v", off.Ownership)
				}
			}
		})
	}
}

// fakeHistory is the team's record, as the triage store would give it.
type fakeHistory map[string]team.Record

func (h fakeHistory) Decisions(_ context.Context, d string) (team.Record, error) {
	return h[d], nil
}

// The team's earlier decision is evidence a phisher cannot write.
func TestTeamDecisions(t *testing.T) {
	raw := rehome(fixture(t, "smartalk.eml"), "smart-fusion.jp")
	tests := []struct {
		rec   team.Record
		level string
		code  string
	}{
		{team.Record{Domain: "smart-fusion.jp", Legitimate: 2, Cases: []int64{7, 3}}, report.Legitimate, "team_legitimate"},
		{team.Record{Domain: "smart-fusion.jp", Phishing: 1, Cases: []int64{9}}, report.Phishing, "team_phishing"},
	}
	for _, tt := range tests {
		a := New(Deps{Team: fakeHistory{"smart-fusion.jp": tt.rec}})
		rep := analyzeWith(t, a, raw, true)
		if rep.Verdict.Level != tt.level || !slices.Contains(codes(rep), tt.code) {
			t.Errorf("%+v: level %s %v", tt.rec, rep.Verdict.Level, codes(rep))
		}
	}
}
