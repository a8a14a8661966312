package textreport

// lbl holds the fixed words of the text report in one language.
type lbl struct {
	verdict, score, subject, from, date, input, unwrapped           string
	why, noReasons, origin, noOrigin, receivedBy, location, network string
	abuse, check, auth, recordedBy, untrusted, ownDKIM, ownSPF      string
	ownDMARC, disagree, sender, mismatch, domains, unavailable      string
	created, days, route, trusted, claimed, originMark, links, more string
	mismatchFlag, shortener, shows, attachments, risk, lookups      string
	notes, aligned, notAligned, claims, owners, provider            string
	levels                                                          map[string]string
}

func labels(lang string) lbl {
	if lang == "ja" {
		return lbl{
			verdict: "判定", score: "スコア", subject: "件名", from: "差出人", date: "日時", input: "入力",
			unwrapped: "転送メールに添付された元のメールを解析しました",
			why:       "判定の理由", noReasons: "特記事項なし", origin: "送信元サーバー（受信側に渡した接続元）",
			noOrigin: "送信元IPを特定できませんでした", receivedBy: "受信サーバー", location: "所在地",
			network: "ネットワーク", abuse: "不正連絡先", check: "照合", auth: "認証（受信側の記録）",
			recordedBy: "記録者", untrusted: "信頼できる記録なし", ownDKIM: "独自DKIM", ownSPF: "独自SPF",
			ownDMARC: "DMARC方針", disagree: "相違", sender: "送信者情報", mismatch: "不一致",
			domains: "ドメインの所有者", unavailable: "取得不可", created: "登録日", days: "日",
			route: "経路（上が新しい）", trusted: "受信側", claimed: "送信側の自己申告", originMark: "送信元",
			links: "リンク", more: "件省略", mismatchFlag: "表示と不一致:", shortener: "短縮URL", shows: "表示:",
			attachments: "添付ファイル", risk: "危険度", lookups: "照会", notes: "メモ",
			aligned: "整合", notAligned: "不整合", claims: "名乗っている相手", owners: "所有者", provider: "フィルター判定",
			levels: map[string]string{"legitimate": "正規", "suspicious": "要注意", "phishing": "フィッシング"},
		}
	}
	return lbl{
		verdict: "checkmail", score: "score", subject: "Subject", from: "From", date: "Date", input: "Input",
		unwrapped: "analyzed the original attached to a forward",
		why:       "Why", noReasons: "nothing notable", origin: "Origin (the server that handed the mail to the recipient's provider)",
		noOrigin: "no sender IP could be found", receivedBy: "Received by", location: "Location",
		network: "Network", abuse: "Abuse", check: "Cross-check", auth: "Authentication (as recorded by the recipient's provider)",
		recordedBy: "Recorded by", untrusted: "no trusted record", ownDKIM: "Our DKIM", ownSPF: "Our SPF",
		ownDMARC: "DMARC policy", disagree: "Disagrees", sender: "Sender", mismatch: "Mismatch",
		domains: "Domain owners", unavailable: "unavailable", created: "created", days: "days",
		route: "Route (newest first)", trusted: "recipient", claimed: "claimed", originMark: "origin",
		links: "Links", more: "more", mismatchFlag: "text shows", shortener: "shortener", shows: "shows",
		attachments: "Attachments", risk: "risk", lookups: "Lookups", notes: "Notes",
		aligned: "aligned", notAligned: "not aligned", claims: "Who it claims to be", owners: "Owner", provider: "Spam filter",
		levels: map[string]string{},
	}
}
