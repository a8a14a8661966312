package verdict

import (
	"fmt"
	"slices"

	"github.com/checkmail/checkmail/analysis/claims"
	"github.com/checkmail/checkmail/analysis/evidence"
	"github.com/checkmail/checkmail/analysis/links"
	"github.com/checkmail/checkmail/analysis/obfuscation"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/analysis/scams"
)

// Thresholds on the summed weights.
const (
	PhishingAt   = 50
	SuspiciousAt = 25
)

// Rule is one reason a mail may get. Weight is positive toward phishing and
// negative toward legitimate. EN and JA are fmt templates filled with the
// evidence Check returns (already defanged and shortened). Attack marks
// evidence of the attack itself (a credential form, a link whose text
// points elsewhere, disposable infrastructure, a proven owner mismatch):
// without one, a mail whose only brand problem is an unverified owner
// stays at most suspicious.
type Rule struct {
	Code   string
	Weight int
	EN, JA string
	Check  func(e *evidence.Evidence) (evidence []any, ok bool)
	Attack bool
}

// Rules is every rule, in the order reasons are listed. Codes are stable.
var Rules = []Rule{
	// Who the mail claims to be, and whether the sender really is them.
	{"brand_impersonation", 45,
		"It presents itself as %s (%s), but the sender %s does not belong to that brand.",
		"%[2]sで%[1]sを名乗っていますが、送信元 %[3]s はそのブランドのものではありません。",
		brandImpersonation, true},
	{"brand_claim_unverified", 30,
		"It presents itself as %s (%s) from %s, which is not one of the brand's known domains: look up who owns it before trusting the mail.",
		"%[2]sで%[1]sを名乗っていますが、送信元 %[3]s はそのブランドの既知のドメインではありません。信用する前にドメインの所有者を確認してください。",
		brandClaimUnverified, false},
	{"lookalike_domain", 40,
		"The %s domain %s imitates %s (%s).",
		"%[1]sのドメイン %[2]s は%[3]sを模倣しています（%[4]s）。",
		lookalike, true},
	{"display_name_address", 35,
		"The display name shows the address %s, but the mail comes from %s.",
		"表示名に %s と書かれていますが、実際の送信元は %s です。",
		displayNameAddress, true},
	{"brand_links_elsewhere", 25,
		"It presents itself as %s, but %d of its links lead to other domains such as %s.",
		"%sを名乗っていますが、リンクのうち%d件は %s など別のドメインに向かっています。",
		brandLinksElsewhere, true},
	{"brand_origin_unrelated", 30,
		"It claims to come from %s, but the server that handed it over (%s) is not %s's and nothing vouches for the sender.",
		"%[1]s からのメールを名乗っていますが、受け渡したサーバー（%[2]s）は%[3]sのものではなく、送信元を裏付ける認証もありません。",
		brandOriginUnrelated, true},
	{"team_phishing", 40,
		"The team decided earlier mails with %s were phishing (%d case(s)).",
		"チームは以前 %s を含むメールをフィッシングと判断しています（%d件）。",
		teamPhishing, true},
	// Links and attachments.
	{"link_text_mismatch", 30,
		"A link shows %s but leads to %s.",
		"リンクの表示は %s ですが、実際の行き先は %s です。",
		linkTextMismatch, true},
	{"ip_link", 30,
		"A link points to a bare IP address (%s) instead of a domain.",
		"リンクの行き先がドメインではなくIPアドレス（%s）です。",
		ipLink, true},
	{"punycode_link", 30,
		"A link uses an internationalized look-alike host %s (%s).",
		"リンク先 %s は国際化ドメイン（%s）で、見た目を偽装できます。",
		punycodeLink, true},
	{"shortener_link", 15,
		"A link hides its destination behind the URL shortener %s.",
		"リンクが短縮URL（%s）で行き先を隠しています。",
		shortenerLink, true},
	{"html_form", 25,
		"The body contains a form that submits to %s: mail should not ask for data in a form.",
		"本文に入力フォームがあり、%s に送信されます。正規のメールはフォームで情報を求めません。",
		htmlForm, true},
	{"attachment_high_risk", 40,
		"The attachment %s is dangerous: %s.",
		"添付ファイル %s は危険です: %s。",
		attachmentHighRisk, true},
	{"encrypted_attachment_password", 35,
		"The attachment %s is encrypted and the mail gives its password (%q): a way to get a file past virus scanners.",
		"添付ファイル %s は暗号化されており、本文にそのパスワード（「%s」）が書かれています。ウイルス検査をすり抜ける手口です。",
		encryptedWithPassword, true},
	{"attachment_risky", 15,
		"The attachment %s needs care: %s.",
		"添付ファイル %s には注意が必要です: %s。",
		attachmentRisky, false},
	// Content.
	{"credential_lure", 25,
		"It asks for sign-in or identity details (%q).",
		"ログイン情報や本人確認を求めています（「%s」）。",
		lure(evidence.LureCredential, evidence.LureAccount), false},
	{"payment_lure", 20,
		"It asks for payment or card details (%q).",
		"支払いやカード情報を求めています（「%s」）。",
		lure(evidence.LurePayment, evidence.LureInvoice, evidence.LureTax), false},
	{"urgency_lure", 10,
		"It pushes for haste or threatens consequences (%q).",
		"急がせたり、利用停止などで脅したりしています（「%s」）。",
		lure(evidence.LureUrgency), false},
	{"delivery_lure", 10,
		"It claims a parcel or delivery problem (%q).",
		"荷物や配達の問題を装っています（「%s」）。",
		lure(evidence.LureDelivery), false},
	{"prize_lure", 25,
		"It promises money, a prize or an investment (%q).",
		"賞金・投資・送金などのうまい話を持ちかけています（「%s」）。",
		lure(evidence.LurePrize, evidence.LureCrypto), false},
	{"fraud_offer", 25,
		"It sells what fraudulent bulk mail sells (%q): drugs without a prescription, sex, miracle cures, casino bonuses or easy loans.",
		"詐欺的な大量送信メールが売るもの（「%s」）を宣伝しています。処方箋なしの薬、性的な誘い、奇跡の治療、カジノのボーナス、簡単な融資などです。",
		fraudOffer, false},
	// Identities.
	{"reply_to_freemail", 25,
		"Replies go to the free-mail address %s, not to the sender %s.",
		"返信先がフリーメールの %s で、送信元 %s とは異なります。",
		replyToFreemail, true},
	{"reply_to_elsewhere", 5,
		"Replies go to %s, a different domain from the sender %s.",
		"返信先 %s は送信元 %s と別のドメインです。",
		replyToElsewhere, false},
	{"mixed_script", 30,
		"The word %q is written in look-alike letters (Cyrillic or Greek mixed into Latin, or styled letters such as small capitals) to slip past filters.",
		"「%s」は似た形の文字（ラテン文字に混ぜたキリル文字・ギリシャ文字や、スモールキャピタルなどの装飾文字）で書かれ、フィルターをすり抜けようとしています。",
		mixedScript, true},
	{"split_word", 25,
		"The %s spells words letter by letter (%q) to slip past filters.",
		"%sで単語を1文字ずつ区切って書き（「%s」）、フィルターをすり抜けようとしています。",
		trickCheck(obfuscation.SplitWord), true},
	{"invisible_characters", 30,
		"The %s hides invisible characters inside words (%s) to slip past filters.",
		"%sの単語の中に見えない文字（%s）を埋め込み、フィルターをすり抜けようとしています。",
		trickCheck(obfuscation.InvisibleChars), true},
	{"recipient_in_subject", 25,
		"The subject names the reader by their address (%q), as mass mailings that fake a personal message do.",
		"件名に読み手のアドレス（「%s」）が入っています。個人宛てを装う大量送信の手口です。",
		recipientIn(obfuscation.InSubject), false},
	{"recipient_in_greeting", 20,
		"The greeting repeats the recipient's own address (%q), as mass mailings that fake a personal message do.",
		"本文の呼びかけに受信者自身のアドレス（「%s」）が入っています。個人宛てを装う大量送信の手口です。",
		recipientIn(obfuscation.InBody), false},
	{"encoded_display_name", 25,
		"The %s is padded or encoded to hide what it says (%q).",
		"%sが空白や符号化で細工されています（「%s」）。",
		trickCheck(obfuscation.EncodedDisplayName), true},
	{"throwaway_sender", 25,
		"The sender address %s %s.",
		"送信元アドレス %s は%s。",
		throwawaySender, true},
	{"sender_address_forged", 30,
		"The sender address %s %s: no mail system sends from it, so the From line was made up.",
		"送信元アドレス %s は%s。実在するメールシステムからは送れないため、差出人欄は偽装されています。",
		senderAddressForged, true},
	{"from_header_crafted", 25,
		"The From line %s: mail programs always write it correctly, so someone wrote it by hand, typically to show the reader one sender and filters another.",
		"差出人欄が%s。メールソフトは常に正しい形式で書くため、誰かが手で書いたものです。読む人とフィルターに別々の差出人を見せる典型的な手口です。",
		fromHeaderCrafted, true},
	{"free_service_link", 20,
		"A link leads to %s (%s), a free service anyone can publish a page, form or file on.",
		"リンク先 %s（%s）は誰でもページやフォーム、ファイルを公開できる無料サービスです。",
		freeServiceLink, true},
	// Scams that need no brand.
	{"callback_scam", 40,
		"It asks you to call a phone number about a charge, renewal or refund (%s): the classic callback scam.",
		"請求・更新・返金などについて電話をかけさせようとしています（%s）。典型的なコールバック詐欺です。",
		scamCheck(scams.Callback), true},
	{"crypto_wallet", 40,
		"It asks for payment to a cryptocurrency wallet (%s).",
		"暗号資産ウォレットへの送金を求めています（%s）。",
		scamCheck(scams.CryptoWallet), true},
	{"crypto_balance", 40,
		"It claims a cryptocurrency balance is waiting for you (%s).",
		"受け取れる暗号資産の残高があると主張しています（%s）。",
		scamCheck(scams.CryptoBalance), true},
	{"advance_fee", 40,
		"It offers funds, an inheritance or compensation waiting to be transferred (%s): an advance-fee scam.",
		"送金待ちの資金・遺産・補償金があると持ちかけています（%s）。前払い詐欺の手口です。",
		scamCheck(scams.AdvanceFee), true},
	{"job_offer_scam", 35,
		"It offers easy paid work from home (%s).",
		"簡単に稼げる在宅の仕事を持ちかけています（%s）。",
		scamCheck(scams.JobOffer), true},
	{"gift_card_scam", 40,
		"It asks you to buy gift cards and send their codes (%s).",
		"ギフトカードを購入してコードを送るよう求めています（%s）。",
		scamCheck(scams.GiftCard), true},
	{"extortion", 50,
		"It threatens to expose you unless you pay (%s).",
		"支払わなければ暴露すると脅しています（%s）。",
		scamCheck(scams.Extortion), true},
	{"scam_from_freemail", 15,
		"It tells this story from a free-mail address (%s): no bank, lawyer, employer or foundation with money to hand out writes from one.",
		"この話をフリーメールのアドレス（%s）から送っています。お金を渡す銀行・弁護士・雇用主・財団がフリーメールを使うことはありません。",
		scamFromFreemail, true},
	{"random_token", 15,
		"The subject carries the machine-made string %q, a trick to make each copy of a mass mailing unique.",
		"件名に機械的な文字列「%s」があり、大量送信の各通を別物に見せかけています。",
		randomTokenCheck, false},
	{"hash_buster", 20,
		"The body hides a run of random letters (%q…) so that no two copies of a mass mailing look alike.",
		"本文にランダムな文字列（「%s…」）が埋め込まれ、大量送信の各通を別物に見せかけています。",
		hashBusterCheck, false},
	{"freemail_organization", 25,
		"The display name speaks for an organization (%q), but the address is a free-mail or self-service account at %s.",
		"表示名は組織を名乗っています（「%s」）が、アドレスは誰でも作れるフリーメールやテナント（%s）です。",
		freemailOrganization, false},
	{"suspicious_tld", 15,
		"It uses a domain under a top-level domain popular with abuse (%s).",
		"悪用の多いトップレベルドメインを使っています（%s）。",
		suspiciousTLD, false},
	// What the recipient's provider recorded.
	{"dmarc_fail", 30,
		"The recipient's provider recorded DMARC %s for %s: the From address is not vouched for.",
		"受信側サーバーが %[2]s のDMARCを %[1]s と記録しています。差出人アドレスは正当性が確認できません。",
		dmarcFail, true},
	{"auth_fail", 15,
		"The recipient's provider recorded SPF %s and DKIM %s: neither vouches for %s.",
		"受信側サーバーの記録では SPF %s、DKIM %s で、%s を裏付けるものがありません。",
		authFail, false},
	{"filter_flagged", 25,
		"A spam filter on the way flagged it as spam (%s).",
		"経路上の迷惑メールフィルターがスパムと判定しています（%s）。",
		filterFlagged, false},
	{"sender_unauthenticated", 15,
		"The recipient's provider could not authenticate the sender domain %s (no DMARC pass, no aligned SPF or DKIM).",
		"受信側サーバーは送信元ドメイン %s を認証できませんでした（DMARC不合格、SPF/DKIMも不整合）。",
		senderUnauthenticated, true},
	{"links_elsewhere_unauthenticated", 20,
		"None of its %d links go to the sender's domain %s, and the sender is not authenticated.",
		"リンク%d件はいずれも送信元ドメイン %s 以外に向かっており、送信元も認証されていません。",
		linksElsewhereUnauthenticated, false},
	{"provider_phish", 25,
		"%s rated it as %s (SCL %d).",
		"%sはこのメールを%sと判定しています（SCL %d）。",
		providerPhish, true},
	{"provider_spam_high", 45,
		"%s rated it as high-confidence spam (SCL %d) and filed it as junk.",
		"%sはこのメールを確度の高い迷惑メールと判定しています（SCL %d）。",
		providerSpamAt(7, 9), false},
	{"provider_spam", 35,
		"%s rated it as spam (SCL %d) and filed it as junk.",
		"%sはこのメールを迷惑メールと判定しています（SCL %d）。",
		providerSpamAt(5, 6), false},
	// Ownership (lookups).
	{"young_domain", 35,
		"The domain %s was registered only %d days ago.",
		"ドメイン %s は%d日前に登録されたばかりです。",
		youngDomain, true},
	{"registrant_unrelated", 20,
		"%s is registered to %s, not to %s.",
		"%s の登録者は %s で、%s ではありません。",
		registrantUnrelated, true},
	{"own_dkim_fail", 20,
		"Our own DKIM check of %s failed: the signed content was altered or forged.",
		"独自のDKIM検証で %s の署名が不正でした。内容が改ざんまたは偽造されています。",
		ownDKIMFail, true},
	{"brand_dmarc_none", 5,
		"%s publishes DMARC p=none, so receivers do not reject forgeries of it.",
		"%s のDMARCポリシーは p=none で、なりすましメールが拒否されません。",
		brandDMARCNone, false},
	// Toward legitimate: only what a phisher cannot write.
	{"authentic_brand", -50,
		"It is authenticated as %s, which belongs to %s.",
		"%s として認証されており、このドメインは%sのものです。",
		authenticBrand, false},
	{"team_legitimate", -20,
		"The team decided earlier mails from %s were legitimate (%d case(s)).",
		"チームは以前 %s からのメールを正規と判断しています（%d件）。",
		teamLegitimate, false},
	{"established_domain", -10,
		"The sender domain %s has been registered for %d years.",
		"送信元ドメイン %s は登録から%d年経っています。",
		establishedDomain, false},
	// Context that earns nothing either way.
	{"links_match_sender", 0,
		"All %d links go to the sender's own domain or the brand's.",
		"リンク%d件はすべて送信元またはブランド自身のドメインです。",
		linksMatchSender, false},
	{"authenticated_sender", 0,
		"The recipient's provider authenticated the sender domain %s (DMARC/aligned DKIM or SPF).",
		"受信側サーバーが送信元ドメイン %s を認証しています（DMARCまたは整合したDKIM/SPF）。",
		authenticatedSender, false},
}

// Decide applies every rule and sums the weights. A mail whose brand claim
// is only unverified (no owner lookup, no attack evidence) stays at most
// suspicious unless the rest of its evidence alone makes it phishing: the
// name never does.
func Decide(e *evidence.Evidence) report.Verdict {
	v := report.Verdict{Reasons: []report.Reason{}}
	unverified, attack := false, false
	unverifiedWeight := 0
	var seen []Family
	add := func(r Rule, ev []any) {
		v.Score += r.Weight
		v.Reasons = append(v.Reasons, report.Reason{
			Code:   r.Code,
			Text:   fmt.Sprintf(r.EN, ev...),
			TextJA: fmt.Sprintf(r.JA, japanese(ev)...),
			Weight: r.Weight,
		})
	}
	for _, r := range Rules {
		ev, ok := r.Check(e)
		if !ok {
			continue
		}
		if r.Code == "brand_claim_unverified" {
			unverified, unverifiedWeight = true, r.Weight
		}
		attack = attack || (r.Attack && r.Weight > 0)
		if f := familyOf(r.Code, e); f != FamilyNone && r.Weight > 0 && !slices.Contains(seen, f) {
			seen = append(seen, f)
		}
		add(r, ev)
	}
	if len(seen) >= 2 {
		add(corroboration, []any{familyNames[seen[0]], familyNames[seen[1]]})
	}
	if unverified && !attack {
		// What the mail scores without the claim: the claim's weight, and
		// the corroboration if it took the claim to have two families.
		without := v.Score - unverifiedWeight
		if len(seen) == 2 && slices.Contains(seen, FamilyClaim) {
			without -= corroboration.Weight
		}
		v.Score = min(v.Score, max(PhishingAt-1, without))
	}
	v.Score = max(0, min(100, v.Score))
	switch {
	case v.Score >= PhishingAt:
		v.Level = report.Phishing
	case v.Score >= SuspiciousAt:
		v.Level = report.Suspicious
	default:
		v.Level = report.Legitimate
	}
	sortReasons(v.Reasons)
	return v
}

// sortReasons puts the strongest evidence first (stable for equal weights).
func sortReasons(rs []report.Reason) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && abs(rs[j].Weight) > abs(rs[j-1].Weight); j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// dom defangs a domain for a sentence.
func dom(d string) string { return links.DefangDomain(short(d, 80)) }

func short(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// bilingual is evidence that reads differently in Japanese.
type bilingual struct{ en, ja string }

func (b bilingual) String() string { return b.en }

// japanese swaps bilingual evidence for its Japanese form.
func japanese(ev []any) []any {
	out := make([]any, len(ev))
	for i, e := range ev {
		if b, ok := e.(bilingual); ok {
			e = b.ja
		}
		out[i] = e
	}
	return out
}

// where names the part of the mail a brand was claimed in.
func where(w claims.Where) bilingual {
	switch w {
	case claims.DisplayName:
		return bilingual{"display name", "表示名"}
	case claims.FromAddress:
		return bilingual{"sender address", "送信元アドレス"}
	case claims.SubjectTag:
		return bilingual{"subject tag", "件名のタグ"}
	case claims.Signature:
		return bilingual{"signature", "署名"}
	case claims.LogoAlt:
		return bilingual{"logo", "ロゴ"}
	case claims.SubjectAccount:
		return bilingual{"subject", "件名"}
	}
	return bilingual{w.String(), w.String()}
}
