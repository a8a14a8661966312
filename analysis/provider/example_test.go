package provider_test

import (
	"fmt"

	"github.com/checkmail/checkmail/analysis/message"
	"github.com/checkmail/checkmail/analysis/provider"
	"github.com/checkmail/checkmail/analysis/received"
)

// The analyzer walks the Received chain, derives the trust from it, decodes
// the ratings and puts them in the report (report.Report.Provider).
func ExampleDecode() {
	raw := []byte("Received: from mail.evil.example (203.0.113.77) by AM3PEPF0000A791.mail.protection.outlook.com (10.167.16.120) with Microsoft SMTP Server id 15.20.1.1 via Frontend Transport; Mon, 9 Mar 2026 04:05:07 +0000\n" +
		"X-Spam-Status: No, score=-9.9 required=5.0\n" +
		"From: Bank <security@bank.example>\n" +
		"Subject: Verify your account\n" +
		"X-MS-Exchange-Organization-SCL: 9\n" +
		"X-Forefront-Antispam-Report: CIP:203.0.113.77;CTRY:NL;SCL:9;SFV:SPM;CAT:PHSH;DIR:INB;\n\nbody\n")
	m, _ := message.Parse(raw, message.Limits{})
	chain := received.Walk(m.Header, received.DefaultTrust())
	for _, o := range provider.Decode(m.Header, provider.TrustFromChain(m.Header, chain)) {
		fmt.Println(o.Trusted, o.Summary(provider.English))
		fmt.Println(o.Summary(provider.Japanese))
	}
	// Output:
	// true Microsoft: SCL 9, CAT:PHSH (high-confidence phishing)
	// Microsoft: SCL 9、CAT:PHSH（高確度のフィッシング）
	// false SpamAssassin: not spam, score -9.9 / 5 — untrusted: written below the trust boundary, the sender could have forged it
	// SpamAssassin: スパムではないと判定、スコア -9.9 / 5（信頼境界より下の記録のため、送信者が偽造した可能性があります）
}
