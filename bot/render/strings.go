package render

import "strings"

// Strings are the user-visible texts of the bot and of the rendered report in
// one language. Fields documented with a verb take fmt arguments; all of them
// are safe mrkdwn as they are (callers must still Escape what they insert,
// except Slack IDs they built themselves such as "<@U123>").
type Strings struct {
	Lang string // "en" or "ja"

	// Bot conversation.
	Analyzing         string // placeholder while the analysis runs
	TriageRequestedBy string // %s: the requesting user's mention "<@U…>"
	NotInChannel      string // the bot must be invited; %s: the bot's mention or name
	RateLimited       string // %s: how long to wait, e.g. "30s"
	TooLarge          string // %s: the cap, e.g. "25 MiB"
	NotMail           string // the input is not mail (analysis.ErrInput)
	NothingToAnalyze  string // mention or shortcut without headers or .eml
	NoReceivedChain   string // a mail forwarded to the channel's address: no Received chain
	InternalError     string // analysis failed for another reason
	Panicked          string // the analysis crashed (recovered)
	DownloadFailed    string // the file could not be fetched from Slack
	AnalyzingFile     string // %s: file name (escaped by the caller)
	ShortcutName      string // message shortcut "Check this mail"
	FullReportTitle   string // title of the uploaded full report
	FullReportComment string // comment posted with the full report file
	VoteThanks        string // ephemeral after a vote; %s: the choice label

	// Modal for /checkmail without text. Slack: title ≤ 24, submit ≤ 24.
	ModalTitle       string
	ModalLabel       string
	ModalPlaceholder string
	ModalHint        string // mentions the 3000-character limit and .eml uploads
	ModalSubmit      string
	ModalCancel      string
	ModalEmpty       string // validation error when the input is empty

	// Verdict.
	LevelPhishing   string
	LevelSuspicious string
	LevelLegitimate string
	LevelUnknown    string
	Score           string // %d
	Subject         string
	NoSubject       string
	Why             string
	Notes           string

	// Origin.
	Origin        string
	NoOrigin      string
	IP            string
	Host          string
	Helo          string
	Location      string
	ASN           string
	Network       string
	Abuse         string
	HandedTo      string // the trusted host that received it from the origin
	OriginSource  string
	CrossChecked  string
	ClaimedHidden string // %d: number of sender-written ("claimed") hops not shown

	// Sender and authentication.
	SenderAuth  string
	From        string
	ReturnPath  string
	ReplyTo     string
	SenderHdr   string
	DKIMDomains string
	Results     string
	Alignment   string
	Untrusted   string // results not from a trusted authserv-id
	AuthservID  string
	Brands      string
	Authentic   string
	Imitated    string
	Mismatches  string

	// Who the mail claims to be, and the spam filters' own ratings.
	Claims, Provider string

	// Domains.
	Domains     string
	Registrar   string
	Registrant  string
	Created     string // %s: date, %d: age in days
	CreatedDate string // %s: date (age unknown)
	Unavailable string
	Via         string // %s: rdap|whois

	// Links.
	Links      string
	TextShows  string // %s: what the visible link text says
	Shortener  string
	IPLiteral  string
	Punycode   string // %s: the Unicode form
	Times      string // %d: how often the link appears
	More       string // %d: how many more items were left out
	Attachment string
	Risk       string // %s: level
	Size       string

	// Related cases.
	SeenBefore   string
	Thread       string
	Case         string // %d: case ID (when there is no permalink)
	DecidedVotes string // %s: decision, %d: votes
	Undecided    string // %d: votes
	MatchedOn    string
	MatchLabels  map[string]string // store.Kind* → label

	// Lookups.
	LookupsUnavailable string
	StatusLabels       map[string]string // error|timeout|skipped → label

	// Votes.
	Votes          string
	NoVotes        string
	TallyLine      string // %d phishing, %d legitimate, %d not sure
	Decision       string // %s: the decision
	Tied           string
	VotePhishing   string
	VoteLegitimate string
	VoteNotSure    string
	FullReport     string
	ChoiceLabels   map[string]string // store choice → label

	RoleLabels map[string]string // report.Role* → label
}

// Messages returns the strings for lang: "ja" (or a Slack locale such as
// "ja-JP") gives Japanese, anything else English.
func Messages(lang string) Strings {
	if normLang(lang) == "ja" {
		return japanese()
	}
	return english()
}

func normLang(lang string) string {
	l := strings.ToLower(strings.TrimSpace(lang))
	if l == "ja" || strings.HasPrefix(l, "ja-") || strings.HasPrefix(l, "ja_") {
		return "ja"
	}
	return "en"
}

func english() Strings {
	return Strings{
		Lang:              "en",
		Analyzing:         ":hourglass_flowing_sand: Analyzing…",
		TriageRequestedBy: ":mag: Mail triage requested by %s. Results in the thread.",
		NotInChannel:      "I'm not in this channel, so I can't post the result here. Invite me with `/invite %s` and try again, or send the mail in a direct message.",
		RateLimited:       "You've asked for many analyses in a short time. Please try again in %s.",
		TooLarge:          "That file is larger than %s, the most I analyze. Export only the headers (or the .eml without big attachments) and try again.",
		NotMail:           "That doesn't look like mail headers or an .eml file. Paste the full headers (starting with `Received:`) or upload the original .eml.",
		NothingToAnalyze:  "I found no mail headers or .eml file here. Mention me in a thread that holds the .eml, or paste the headers in your message.",
		NoReceivedChain:   "This mail was forwarded to the channel's email address, so it carries no Received chain from the original sender and its origin can't be traced. Attach the original instead: in Outlook use *Forward as attachment*, in Gmail *More → Download message* and upload the .eml here.",
		InternalError:     "Something went wrong while analyzing this mail. The error was logged; please try again later.",
		Panicked:          "The analysis of this mail crashed and was stopped. The error was logged; the rest of checkmail keeps working.",
		DownloadFailed:    "I couldn't download that file from Slack. Please upload it again.",
		AnalyzingFile:     ":eyes: Analyzing %s…",
		ShortcutName:      "Check this mail",
		FullReportTitle:   "checkmail full report",
		FullReportComment: "The full report, as JSON.",
		VoteThanks:        "Your vote (%s) is recorded. You can change it at any time.",

		ModalTitle:       "Check a mail",
		ModalLabel:       "Mail headers",
		ModalPlaceholder: "Paste the full headers here (Received:, From:, Authentication-Results: …)",
		ModalHint:        "Slack allows at most 3000 characters here. For longer headers, upload the .eml file to a channel I'm in.",
		ModalSubmit:      "Analyze",
		ModalCancel:      "Cancel",
		ModalEmpty:       "Paste the mail headers first.",

		LevelPhishing:   "Phishing",
		LevelSuspicious: "Suspicious",
		LevelLegitimate: "Looks legitimate",
		LevelUnknown:    "Unknown",
		Score:           "score %d",
		Subject:         "Subject",
		NoSubject:       "(no subject)",
		Why:             "Why",
		Notes:           "Notes",

		Origin:        "Origin",
		NoOrigin:      "No trusted hop was found, so the sending IP is unknown.",
		IP:            "IP",
		Host:          "Host",
		Helo:          "HELO",
		Location:      "Location",
		ASN:           "ASN",
		Network:       "Network owner",
		Abuse:         "Abuse contact",
		HandedTo:      "Handed to",
		OriginSource:  "Found from",
		CrossChecked:  "cross-checked with",
		ClaimedHidden: "%d earlier hops were written by the sender and may be forged (claimed); see the full report.",

		SenderAuth:  "Sender and authentication",
		From:        "From",
		ReturnPath:  "Return-Path",
		ReplyTo:     "Reply-To",
		SenderHdr:   "Sender",
		DKIMDomains: "DKIM signed by",
		Results:     "Results",
		Alignment:   "Aligned with From",
		Untrusted:   "not recorded by a trusted server: may be forged",
		AuthservID:  "by",
		Brands:      "Brands named",
		Authentic:   "authentic",
		Imitated:    "not the brand's own domain",
		Mismatches:  "Mismatches",

		Claims:      "Who it claims to be",
		Provider:    "Spam filters",
		Domains:     "Domain owners",
		Registrar:   "registrar",
		Registrant:  "registrant",
		Created:     "created %s (%d days ago)",
		CreatedDate: "created %s",
		Unavailable: "unavailable",
		Via:         "via %s",

		Links:      "Links",
		TextShows:  "text shows %s",
		Shortener:  "URL shortener",
		IPLiteral:  "IP address",
		Punycode:   "punycode: %s",
		Times:      "×%d",
		More:       "+%d more",
		Attachment: "Attachments",
		Risk:       "risk: %s",
		Size:       "bytes",

		SeenBefore:   "Seen before",
		Thread:       "thread",
		Case:         "case #%d",
		DecidedVotes: "decided %s (%d votes)",
		Undecided:    "no decision (%d votes)",
		MatchedOn:    "same",
		MatchLabels: map[string]string{
			"message_id": "Message-ID", "sender_domain": "sender domain", "origin_network": "origin network",
			"link_domain": "link domain", "attachment": "attachment",
		},

		LookupsUnavailable: "Lookups unavailable",
		StatusLabels:       map[string]string{"error": "error", "timeout": "timed out", "skipped": "skipped"},

		Votes:          "Team decision",
		NoVotes:        "no votes yet",
		TallyLine:      "Phishing %d · Legitimate %d · Not sure %d",
		Decision:       "decided: *%s*",
		Tied:           "no majority yet",
		VotePhishing:   "Phishing",
		VoteLegitimate: "Legitimate",
		VoteNotSure:    "Not sure",
		FullReport:     "Full report",
		ChoiceLabels:   map[string]string{"phishing": "phishing", "legitimate": "legitimate", "not_sure": "not sure"},

		RoleLabels: map[string]string{
			"from": "From", "return_path": "Return-Path", "dkim": "DKIM", "reply_to": "Reply-To",
			"link": "link", "message_id": "Message-ID",
		},
	}
}

func japanese() Strings {
	return Strings{
		Lang:              "ja",
		Analyzing:         ":hourglass_flowing_sand: 解析中…",
		TriageRequestedBy: ":mag: %s さんからメールの確認依頼がありました。結果はスレッドに投稿します。",
		NotInChannel:      "このチャンネルに参加していないため、結果を投稿できません。`/invite %s` で招待してからもう一度お試しいただくか、ダイレクトメッセージで送ってください。",
		RateLimited:       "短時間に多くの解析が依頼されました。%s 後にもう一度お試しください。",
		TooLarge:          "ファイルが大きすぎます（上限 %s）。ヘッダーのみ、または大きな添付ファイルを除いた .eml で再度お試しください。",
		NotMail:           "メールのヘッダーまたは .eml ファイルではないようです。`Received:` から始まるヘッダー全体を貼り付けるか、元の .eml をアップロードしてください。",
		NothingToAnalyze:  "解析できるメールヘッダーや .eml ファイルが見つかりません。.eml のあるスレッドでメンションするか、メッセージにヘッダーを貼り付けてください。",
		NoReceivedChain:   "このメールはチャンネルのメールアドレスに転送されたもので、元の送信者からの Received ヘッダーが含まれていないため、送信元を特定できません。元のメールを添付してください（Outlook では「添付ファイルとして転送」、Gmail では「その他 → メッセージをダウンロード」で .eml を保存してここにアップロード）。",
		InternalError:     "解析中にエラーが発生しました。エラーは記録されました。しばらくしてからもう一度お試しください。",
		Panicked:          "このメールの解析が異常終了したため中止しました。エラーは記録されました。他の解析には影響ありません。",
		DownloadFailed:    "Slack からファイルをダウンロードできませんでした。もう一度アップロードしてください。",
		AnalyzingFile:     ":eyes: %s を解析中…",
		ShortcutName:      "このメールを確認",
		FullReportTitle:   "checkmail 詳細レポート",
		FullReportComment: "詳細レポート（JSON）です。",
		VoteThanks:        "投票（%s）を記録しました。いつでも変更できます。",

		ModalTitle:       "メールを確認",
		ModalLabel:       "メールヘッダー",
		ModalPlaceholder: "ヘッダー全体をここに貼り付けてください（Received:、From:、Authentication-Results: など）",
		ModalHint:        "ここには最大 3000 文字まで入力できます。それより長い場合は、私が参加しているチャンネルに .eml ファイルをアップロードしてください。",
		ModalSubmit:      "解析",
		ModalCancel:      "キャンセル",
		ModalEmpty:       "メールヘッダーを貼り付けてください。",

		LevelPhishing:   "フィッシング",
		LevelSuspicious: "要注意",
		LevelLegitimate: "正規のメールと思われます",
		LevelUnknown:    "不明",
		Score:           "スコア %d",
		Subject:         "件名",
		NoSubject:       "（件名なし）",
		Why:             "判定理由",
		Notes:           "補足",

		Origin:        "送信元",
		NoOrigin:      "信頼できる中継記録が見つからず、送信元 IP は不明です。",
		IP:            "IP",
		Host:          "ホスト",
		Helo:          "HELO",
		Location:      "所在地",
		ASN:           "AS 番号",
		Network:       "ネットワーク管理者",
		Abuse:         "不正利用の連絡先",
		HandedTo:      "受け取ったサーバー",
		OriginSource:  "特定方法",
		CrossChecked:  "照合",
		ClaimedHidden: "それ以前の %d 件の中継記録は送信者が書いたもので、偽装の可能性があります（詳細レポート参照）。",

		SenderAuth:  "送信者と認証",
		From:        "From",
		ReturnPath:  "Return-Path",
		ReplyTo:     "Reply-To",
		SenderHdr:   "Sender",
		DKIMDomains: "DKIM 署名ドメイン",
		Results:     "認証結果",
		Alignment:   "From との一致",
		Untrusted:   "信頼できるサーバーの記録ではありません（偽装の可能性）",
		AuthservID:  "記録",
		Brands:      "言及されたブランド",
		Authentic:   "正規",
		Imitated:    "ブランド自身のドメインではありません",
		Mismatches:  "不一致",

		Claims:      "名乗っている相手",
		Provider:    "フィルター判定",
		Domains:     "ドメインの所有者",
		Registrar:   "レジストラ",
		Registrant:  "登録者",
		Created:     "登録日 %s（%d 日前）",
		CreatedDate: "登録日 %s",
		Unavailable: "取得できません",
		Via:         "%s による",

		Links:      "リンク",
		TextShows:  "表示テキスト %s",
		Shortener:  "短縮 URL",
		IPLiteral:  "IP アドレス",
		Punycode:   "punycode: %s",
		Times:      "×%d",
		More:       "ほか %d 件",
		Attachment: "添付ファイル",
		Risk:       "危険度: %s",
		Size:       "バイト",

		SeenBefore:   "過去の類似案件",
		Thread:       "スレッド",
		Case:         "案件 #%d",
		DecidedVotes: "判定: %s（%d 票）",
		Undecided:    "未決定（%d 票）",
		MatchedOn:    "共通",
		MatchLabels: map[string]string{
			"message_id": "Message-ID", "sender_domain": "送信者ドメイン", "origin_network": "送信元ネットワーク",
			"link_domain": "リンク先ドメイン", "attachment": "添付ファイル",
		},

		LookupsUnavailable: "利用できなかった照会",
		StatusLabels:       map[string]string{"error": "エラー", "timeout": "タイムアウト", "skipped": "スキップ"},

		Votes:          "チームの判断",
		NoVotes:        "まだ投票はありません",
		TallyLine:      "フィッシング %d · 正規 %d · 不明 %d",
		Decision:       "判定: *%s*",
		Tied:           "過半数に達していません",
		VotePhishing:   "フィッシング",
		VoteLegitimate: "正規",
		VoteNotSure:    "わからない",
		FullReport:     "詳細レポート",
		ChoiceLabels:   map[string]string{"phishing": "フィッシング", "legitimate": "正規", "not_sure": "わからない"},

		RoleLabels: map[string]string{
			"from": "From", "return_path": "Return-Path", "dkim": "DKIM", "reply_to": "Reply-To",
			"link": "リンク", "message_id": "Message-ID",
		},
	}
}
