package provider

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/analysis/message"
	"github.com/checkmail/checkmail/analysis/received"
)

// hdr builds a header from "Key: value" strings, top first.
func hdr(fields ...string) message.Header {
	h := make(message.Header, 0, len(fields))
	for _, f := range fields {
		k, v, _ := strings.Cut(f, ":")
		h = append(h, message.Field{Key: k, Value: strings.TrimSpace(v)})
	}
	return h
}

const forefrontPhish = "X-Forefront-Antispam-Report: CIP:203.0.113.5;CTRY:NL;LANG:ja;SCL:9;SRV:;IPV:NLI;SFV:SPM;H:mail.evil.example;PTR:;CAT:PHSH;SFTY:9.19;DIR:INB;SFS:(13230040)(4636009);"

func TestDecodeMicrosoft(t *testing.T) {
	trusted := Trust{Receivers: []Vendor{Microsoft}}
	tests := []struct {
		name   string
		h      message.Header
		trust  Trust
		want   Opinion // compared field by field below; Fields ignored
		en, ja string
	}{
		{
			name: "forefront phishing with impersonation, spoof check failed",
			h: hdr("Authentication-Results: spf=fail (sender IP is 203.0.113.5) smtp.mailfrom=evil.example; dmarc=fail action=none header.from=bank.example;compauth=fail reason=001",
				"Received: from x by y", "Authentication-Results: mx.evil.example; compauth=pass", "From: a@b.example", forefrontPhish, "X-Microsoft-Antispam: BCL:0;ARA:1444111002;"),
			trust: trusted,
			want: Opinion{Vendor: Microsoft, Trusted: true, Filtering: FilteringSpam, Category: CategoryPhishing, RawCategory: "PHSH", RawVerdict: "SPM",
				SCL: 9, BCL: 0, PCL: NoLevel, Flags: []Flag{FlagSpoofFailed, FlagImpersonation, FlagHighConfidence},
				ConnectingIP: "203.0.113.5", Country: "NL", Language: "ja", HELO: "mail.evil.example", Direction: "INB", CompAuth: "fail"},
			en: "Microsoft: SCL 9, CAT:PHSH (high-confidence phishing), spoof check failed, impersonation detected",
			ja: "Microsoft: SCL 9、CAT:PHSH（高確度のフィッシング）、なりすまし判定で不合格、偽装を検知",
		},
		{
			name: "spoof, organisation SCL wins, junk folder",
			h: hdr("X-MS-Exchange-Organization-SCL: 5", "X-MS-Exchange-Organization-PCL: 6",
				"X-Forefront-Antispam-Report: SCL:1;SFV:SPM;CAT:SPOOF;IPV:NLI;CIP:255.255.255.255;CTRY:;",
				"X-Microsoft-Antispam-Mailbox-Delivery: ucf:0;jmr:0;auth:0;dest:J;OFR:SpamFilterAuthJ;",
				"X-MS-Exchange-Organization-AuthAs: Anonymous"),
			trust: trusted,
			want: Opinion{Vendor: Microsoft, Trusted: true, Filtering: FilteringSpam, Category: CategorySpoof, RawCategory: "SPOOF", RawVerdict: "SPM",
				SCL: 5, BCL: NoLevel, PCL: 6, Flags: []Flag{FlagSpoofFailed, FlagJunkFolder}, AuthAs: "Anonymous", Folder: "junk"},
			en: "Microsoft: SCL 5, PCL 6, CAT:SPOOF (spoofed sender), delivered to Junk",
			ja: "Microsoft: SCL 5、PCL 6、CAT:SPOOF（差出人のなりすまし）、迷惑メールフォルダーに配信",
		},
		{
			name:  "only SCL and BCL",
			h:     hdr("X-MS-Exchange-Organization-SCL: 9", "X-Microsoft-Antispam: BCL:8;"),
			trust: trusted,
			want: Opinion{Vendor: Microsoft, Trusted: true, SCL: 9, BCL: 8, PCL: NoLevel,
				Flags: []Flag{FlagHighConfidence, FlagBulkSender}},
			en: "Microsoft: SCL 9 (high-confidence spam), BCL 8, bulk sender",
			ja: "Microsoft: SCL 9（高確度のスパム）、BCL 8、一括配信の送信者",
		},
		{
			name:  "allow-listed and skipped",
			h:     hdr("X-Forefront-Antispam-Report: SFV:SKA;IPV:CAL;SCL:-1;SRV:BULK;CAT:NONE;DIR:INB;"),
			trust: trusted,
			want: Opinion{Vendor: Microsoft, Trusted: true, Filtering: FilteringSkipped, Category: CategoryClean, RawCategory: "NONE", RawVerdict: "SKA",
				SCL: -1, BCL: NoLevel, PCL: NoLevel, Flags: []Flag{FlagAllowedSender, FlagAllowedIP, FlagBulkSender}, Direction: "INB"},
			en: "Microsoft: SCL -1, CAT:NONE (no threat found), bulk sender, sender on an allow list, IP on the recipient's allow list",
			ja: "Microsoft: SCL -1、CAT:NONE（問題なし）、一括配信の送信者、差出人が許可リストに登録済み、IPが受信側の許可リストに登録済み",
		},
		{
			name: "not the recipient's provider: untrusted",
			h:    hdr("Received: from a by mx.corp.example", "X-MS-Exchange-Organization-SCL: -1", "X-Forefront-Antispam-Report: SFV:NSPM;SCL:1;CAT:NONE;DIR:OUT;"),
			// Above covers the Received field only.
			trust: Trust{Above: 1},
			want: Opinion{Vendor: Microsoft, Filtering: FilteringNotSpam, Category: CategoryClean, RawCategory: "NONE", RawVerdict: "NSPM",
				SCL: -1, BCL: NoLevel, PCL: NoLevel, Flags: []Flag{FlagOutbound}, Direction: "OUT"},
			en: "Microsoft: SCL -1, CAT:NONE (no threat found), the sending side's scan — untrusted: written below the trust boundary, the sender could have forged it",
			ja: "Microsoft: SCL -1、CAT:NONE（問題なし）、送信側でのスキャン（信頼境界より下の記録のため、送信者が偽造した可能性があります）",
		},
		{
			name:  "garbage values are dropped",
			h:     hdr("X-Forefront-Antispam-Report: SCL:99;CAT:\x1b[31m;CIP:nonsense;CTRY:Nether;H:bad host;SFV:SPM"),
			trust: trusted,
			want:  Opinion{Vendor: Microsoft, Trusted: true, Filtering: FilteringSpam, RawVerdict: "SPM", SCL: NoLevel, BCL: NoLevel, PCL: NoLevel},
			en:    "Microsoft: marked as spam",
			ja:    "Microsoft: スパムと判定",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ops := Decode(tt.h, tt.trust)
			if len(ops) != 1 {
				t.Fatalf("got %d opinions: %+v", len(ops), ops)
			}
			got := ops[0]
			got.Fields = nil
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			if s := ops[0].Summary(English); s != tt.en {
				t.Errorf("en  %q\nwant %q", s, tt.en)
			}
			if s := ops[0].Summary(Japanese); s != tt.ja {
				t.Errorf("ja  %q\nwant %q", s, tt.ja)
			}
		})
	}
}

func TestDecodeSpamFilters(t *testing.T) {
	above := Trust{Above: 100}
	tests := []struct {
		name   string
		h      message.Header
		want   Opinion
		tests  []string
		en, ja string
	}{
		{
			name: "SpamAssassin status with tests and report",
			h: hdr("X-Spam-Flag: YES", "X-Spam-Level: *******",
				"X-Spam-Status: Yes, score=7.9 required=6.0 tests=DKIM_SIGNED,HTML_MESSAGE, RCVD_IN_PBL,URIBL_DBL_PHISH autolearn=no autolearn_force=no version=3.4.6",
				"X-Spam-Report: Spam detection software has identified this incoming email as possible spam. Content analysis details: (7.9 points, 6.0 required) pts rule name description ---- ---------------------- ---------- 3.6 RCVD_IN_PBL RBL: Received via a relay in Spamhaus PBL [192.0.2.25 listed in zen.spamhaus.org] 2.5 URIBL_DBL_PHISH Contains a Phishing URL listed in the Spamhaus DBL blocklist 0.0 HTML_MESSAGE BODY: HTML included in message 0.1 DKIM_SIGNED Message has a DKIM or DK signature, not necessarily valid",
				"X-Spam-Checker-Version: SpamAssassin 3.4.6 (2021-04-09) on mx.rcpt.example"),
			want: Opinion{Vendor: SpamAssassin, Trusted: true, Filtering: FilteringSpam, Category: CategoryPhishing, SCL: NoLevel, BCL: NoLevel, PCL: NoLevel,
				Score: 7.9, Required: 6, HasScore: true, HasRequired: true},
			tests: []string{"DKIM_SIGNED", "HTML_MESSAGE", "RCVD_IN_PBL", "URIBL_DBL_PHISH"},
			en:    "SpamAssassin: marked as spam, phishing rule fired, score 7.9 / 6, rules RCVD_IN_PBL, URIBL_DBL_PHISH, DKIM_SIGNED",
			ja:    "SpamAssassin: スパムと判定、フィッシング判定のルールが該当、スコア 7.9 / 6、ルール RCVD_IN_PBL, URIBL_DBL_PHISH, DKIM_SIGNED",
		},
		{
			name:  "SpamAssassin 2 hits, clean",
			h:     hdr("X-Spam-Status: No, hits=-2.6 required=8.0 tests=BAYES_00,KNOWN_MAILING_LIST version=2.55", "X-Spam-Level: "),
			want:  Opinion{Vendor: SpamAssassin, Trusted: true, Filtering: FilteringNotSpam, Category: CategoryClean, SCL: NoLevel, BCL: NoLevel, PCL: NoLevel, Score: -2.6, Required: 8, HasScore: true, HasRequired: true},
			tests: []string{"BAYES_00", "KNOWN_MAILING_LIST"},
			en:    "SpamAssassin: not spam, score -2.6 / 8",
			ja:    "SpamAssassin: スパムではないと判定、スコア -2.6 / 8",
		},
		{
			name: "SourceForge style: X-Spam and X-Spam-Score",
			h:    hdr("X-Spam: Yes", "X-Spam-Score: 7.9 (+++++++)"),
			want: Opinion{Vendor: SpamAssassin, Trusted: true, Filtering: FilteringSpam, Category: CategorySpam, SCL: NoLevel, BCL: NoLevel, PCL: NoLevel, Score: 7.9, HasScore: true},
			en:   "SpamAssassin: marked as spam, score 7.9",
			ja:   "SpamAssassin: スパムと判定、スコア 7.9",
		},
		{
			name: "rspamd result and action",
			h: hdr("X-Spamd-Result: default: False [8.20 / 15.00]; PHISHING(4.50)[paypal.com->evil.example]; R_SPF_FAIL(1.00)[-all]; DMARC_POLICY_REJECT(2.00)[paypal.com : No valid SPF,reject]; MIME_GOOD(-0.10)[text/plain]",
				"X-Rspamd-Action: add header", "X-Rspamd-Server: mx1", "X-Spamd-Bar: ++++++++", "X-Spam: Yes"),
			want: Opinion{Vendor: Rspamd, Trusted: true, Filtering: FilteringSpam, Category: CategoryPhishing, SCL: NoLevel, BCL: NoLevel, PCL: NoLevel,
				Score: 8.2, Required: 15, HasScore: true, HasRequired: true, Action: "add header"},
			tests: []string{"PHISHING", "R_SPF_FAIL", "DMARC_POLICY_REJECT", "MIME_GOOD"},
			en:    "rspamd: add header, phishing rule fired, score 8.2 / 15, symbols PHISHING, DMARC_POLICY_REJECT, R_SPF_FAIL",
			ja:    "rspamd: add header、フィッシング判定のルールが該当、スコア 8.2 / 15、シンボル PHISHING, DMARC_POLICY_REJECT, R_SPF_FAIL",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ops := Decode(tt.h, above)
			if len(ops) != 1 {
				t.Fatalf("got %d opinions: %+v", len(ops), ops)
			}
			got := ops[0]
			var names []string
			for _, x := range got.Tests {
				names = append(names, x.Name)
			}
			if !slices.Equal(names, tt.tests) {
				t.Errorf("tests %q, want %q", names, tt.tests)
			}
			got.Fields, got.Tests = nil, nil
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			if s := ops[0].Summary(English); s != tt.en {
				t.Errorf("en  %q\nwant %q", s, tt.en)
			}
			if s := ops[0].Summary(Japanese); s != tt.ja {
				t.Errorf("ja  %q\nwant %q", s, tt.ja)
			}
		})
	}
}

// TestReportTests checks that X-Spam-Report gives scores and descriptions.
func TestReportTests(t *testing.T) {
	ops := Decode(hdr("X-Spam-Report: * 3.6 RCVD_IN_PBL RBL: Received via a relay in Spamhaus PBL * -0.1 DKIM_VALID Message has at least one valid DKIM or DK signature"), Trust{Above: 1})
	if len(ops) != 1 || len(ops[0].Tests) != 2 {
		t.Fatalf("got %+v", ops)
	}
	want := []Test{{Name: "RCVD_IN_PBL", Score: 3.6, Scored: true, Description: "RBL: Received via a relay in Spamhaus PBL"},
		{Name: "DKIM_VALID", Score: -0.1, Scored: true, Description: "Message has at least one valid DKIM or DK signature"}}
	if !reflect.DeepEqual(ops[0].Tests, want) {
		t.Errorf("tests %+v\nwant  %+v", ops[0].Tests, want)
	}
}

// TestTrust checks which copies count as the recipient's: by position
// above the boundary, or anywhere for the provider that received the mail
// (Microsoft strips and renames incoming copies); a second copy below the
// boundary becomes its own, untrusted opinion.
func TestTrust(t *testing.T) {
	h := hdr(
		"X-Spam-Status: No, score=-1.0 required=5.0",     // 0: the recipient's SpamAssassin
		"Received: from evil.example by mx.rcpt.example", // 1: the hand-over
		"X-Spam-Status: No, score=-9.9 required=5.0",     // 2: forged by the sender
		"X-MS-Exchange-Organization-SCL: -1",             // 3: forged, Microsoft did not receive it
		"Received: from laptop by evil.example",          // 4
	)
	ops := Decode(h, Trust{Above: 2})
	if len(ops) != 3 {
		t.Fatalf("got %d opinions: %+v", len(ops), ops)
	}
	if ops[0].Vendor != Microsoft || ops[0].Trusted {
		t.Errorf("Microsoft opinion %+v: want untrusted", ops[0])
	}
	if ops[1].Vendor != SpamAssassin || !ops[1].Trusted || ops[1].Score != -1 {
		t.Errorf("first SpamAssassin opinion %+v: want trusted, score -1", ops[1])
	}
	if ops[2].Vendor != SpamAssassin || ops[2].Trusted || ops[2].Score != -9.9 {
		t.Errorf("second SpamAssassin opinion %+v: want untrusted, score -9.9", ops[2])
	}
	// The zero Trust trusts nothing.
	for _, o := range Decode(h, Trust{}) {
		if o.Trusted {
			t.Errorf("zero Trust trusted %+v", o)
		}
	}
	if ops := Decode(hdr("From: a@b.example", "X-Spam-Level: ", "X-Rspamd-Server: mx1"), Trust{Above: 3}); len(ops) != 0 {
		t.Errorf("fields without a rating gave %+v", ops)
	}
}

// TestTrustFromChain reads the fixture: Exchange Online received the mail,
// so its fields below the sender's are trusted, and the boundary sits at
// the Received field of the hand-over.
func TestTrustFromChain(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "exchange.eml"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := message.Parse(raw, message.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	chain := received.Walk(m.Header, received.DefaultTrust())
	tr := TrustFromChain(m.Header, chain)
	if !tr.receiver(Microsoft) {
		t.Errorf("Receivers %v lack Microsoft", tr.Receivers)
	}
	if tr.Above < 1 || tr.Above >= len(m.Header) || !strings.EqualFold(m.Header[tr.Above-1].Key, "Received") ||
		!strings.Contains(m.Header[tr.Above-1].Value, "203.0.113.77") {
		t.Errorf("Above = %d: the boundary is not the hand-over from 203.0.113.77", tr.Above)
	}
	ops := Decode(m.Header, tr)
	if len(ops) != 2 {
		t.Fatalf("got %d opinions: %+v", len(ops), ops)
	}
	ms, sa := ops[0], ops[1]
	if ms.Vendor != Microsoft || !ms.Trusted || ms.SCL != 9 || ms.Category != CategoryPhishing || !ms.Has(FlagJunkFolder) {
		t.Errorf("Microsoft opinion %+v", ms)
	}
	if sa.Vendor != SpamAssassin || sa.Trusted || sa.Filtering != FilteringNotSpam {
		t.Errorf("the sender's own X-Spam-Status should be untrusted: %+v", sa)
	}
	t.Logf("%s\n%s", ms.Summary(English), sa.Summary(Japanese))
}

func TestReport(t *testing.T) {
	ops := Decode(hdr(forefrontPhish), Trust{Receivers: []Vendor{Microsoft}})
	r := Reports(ops)
	if len(r) != 1 {
		t.Fatalf("got %+v", r)
	}
	p := r[0]
	if p.Vendor != "microsoft" || !p.Trusted || p.SCL == nil || *p.SCL != 9 || p.BCL != nil || p.Category != "phishing" ||
		p.RawCategory != "PHSH" || p.Verdict != "spam" || !slices.Contains(p.Flags, "impersonation") || p.Summary == "" || p.SummaryJA == "" ||
		p.ConnectingIP != "203.0.113.5" || p.Country != "NL" {
		t.Errorf("report %+v", p)
	}
	if Reports(nil) != nil {
		t.Error("Reports(nil) is not nil")
	}
}
