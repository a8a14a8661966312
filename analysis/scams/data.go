package scams

// group is the role a phrase plays in the rules of Find.
type group uint8

const (
	gCallCue    group = iota // says to call a number
	gChargeLure              // a charge, renewal, refund or cancellation to dispute, or an antivirus brand
	gCommerce                // an order, invoice or payment (weaker: every shop mail has one)
	gCryptoPay               // asks for a crypto payment or transfer
	gCryptoBal               // a crypto balance waiting to be withdrawn
	gFeeStrong               // advance-fee story: inheritance, next of kin, compensation, lottery
	gFeeWeak                 // advance-fee wording that needs company: the sum, transfer, confidential
	gJob                     // a job or task offer
	gJobPay                  // pay per day or hour, easy earnings
	gGiftCard                // gift cards by name
	gGiftSend                // asks for the codes or pictures of the cards
	gThreat                  // says the reader's device or secrets were taken
	gExposure                // threatens to expose the reader
	gExtortPay               // asks for the ransom in cryptocurrency
	gCoin                    // a cryptocurrency by name
	nGroups
)

// phrases are the words the rules look for, in English and Japanese, as
// folded by the phrase package (case, width, accents and look-alikes
// ignored). A trailing '*' lets the word continue.
var phrases = [nGroups][]string{
	gCallCue: {"call us", "call our", "call the", "call now", "call immediately", "call at", "call on", "please call",
		"give us a call", "contact us at", "contact our", "reach us at", "reach our", "dial", "helpline", "help line",
		"hotline", "toll free", "toll-free", "tollfree", "support number", "customer care",
		"billing department", "billing support", "tech support", "technical support", "call:", "call",
		"support contact", "contact support",
		"お電話", "電話番号", "電話で", "までご連絡", "にご連絡", "お問い合わせ窓口", "サポートセンター", "カスタマーセンター",
		"コールセンター", "フリーダイヤル"},
	gChargeLure: {"has been charged", "have been charged", "will be charged", "was charged", "been debited",
		"been deducted", "deducted from", "debited from", "auto-renew*", "auto renew*", "automatically renew*",
		"has been renewed", "successfully renewed", "renewal", "cancel your order", "cancel the order", "cancel this order",
		"cancel this transaction", "cancel the transaction", "cancel your subscription", "cancel the subscription",
		"refund", "dispute", "did not authorize", "didn't authorize", "not authorized by you", "did not make this",
		"didn't make this", "not you?", "norton", "mcafee", "geek squad", "geeksquad", "antivirus", "anti-virus",
		"lifelock", "totalav", "total av", "bitdefender", "kaspersky", "windows defender", "microsoft defender", "total protection", "malwarebytes",
		"未払い", "未納", "滞納", "延滞", "返金", "解約", "自動更新", "契約更新", "ウイルス", "感染", "法的措置", "訴訟"},
	gCommerce: {"invoice", "order", "purchase", "receipt", "transaction", "payment", "billing", "charged", "amount",
		"subscription", "membership", "unauthorized", "請求", "注文", "購入", "決済", "料金", "お支払い", "請求書"},
	gCryptoPay: {"send", "pay", "payment", "transfer", "deposit", "bitcoin", "btc", "wallet", "usdt", "ethereum",
		"ransom", "address", "ビットコイン", "送金", "支払", "振込", "ウォレット"},
	gCryptoBal: {"withdraw*", "your balance", "account balance", "crypto balance", "available balance", "mining",
		"profit", "earnings", "claim your", "ready to be", "credited", "pending", "waiting for", "allocation", "cashback",
		"airdrop", "payout", "auszahlung", "guthaben", "出金", "残高", "利益", "受け取り"},
	gFeeStrong: {"next of kin", "inheritance", "beneficiary", "late client", "fund transfer",
		"transfer of the fund", "transfer of the sum", "compensation fund", "compensation payment", "restitution",
		"lottery", "sweepstake*", "unclaimed fund*", "dormant account", "consignment box", "diplomat",
		"atm card", "barrister", "business proposal", "foreign partner", "million united states dollars",
		"million us dollars", "won the sum", "compensation funds", "victim compensation", "scam victim",
		"fundos do fmi", "遺産", "当選金", "賞金", "受取手続き", "受け取り手続き", "当選",
		// The dying donor, the dictator's widow, the e-mail address that won.
		"bequeath*", "philanthropist", "my last wish", "diagnosed with cancer", "widow",
		"email address has won", "e-mail address has won", "email has won", "donation fund",
		"investment partner", "trusted partner", "herança", "herdar", "doação", "legado",
		// The same tales in Portuguese, Spanish and French: the widow, the
		// late husband, the compensation programme, the foreign partner.
		"foreign business partner", "late husband", "viúva", "falecido marido", "meu falecido", "fundo de donativos",
		"comissão de indenização", "programa de indenização", "modalidades da transferência", "modalities of the transfer",
		"viuda", "difunto esposo", "herencia", "veuve", "défunt mari",
		// The heirless estate and the donor who gives millions away.
		"next-of-kin", "intestate", "has donated", "fundo vencedor", "pagamento de compensação",
		"cartão multibanco", "débito multibanco"},
	gFeeWeak: {"transfer", "fund", "funds", "confidential", "proposal", "percent", "bank", "claim", "deceased",
		"western union", "moneygram", "united nations", "world bank", "imf", "award", "winning", "jackpot",
		"sum of", "mutual benefit", "compensation", "dear friend", "my dear", "greeting to you", "greetings to you", "手数料", "送金", "振込", "受取", "相続",
		"donation", "charity", "kindly", "reply me", "private email", "investment", "fundo",
		"transferência bancária", "quantia", "indenização", "indemnización", "fondos", "compensação"},
	gJob: {"remote job", "remote work", "work from home", "work at home", "part-time", "part time", "personal assistant",
		"job offer", "job opportunity", "hiring", "no experience", "flexible hours", "data entry", "online job",
		"副業", "在宅", "求人", "募集", "スキマ時間", "簡単な作業", "お仕事"},
	gJobPay: {"per day", "per hour", "per week", "daily pay", "weekly pay", "earn up to", "you will earn",
		"you can earn", "paid daily", "paid weekly", "日給", "時給", "日払い", "高収入", "報酬", "稼げ", "月収"},
	gGiftCard: {"gift card*", "giftcard*", "itunes card*", "apple card*", "google play card*", "google play gift",
		"steam card*", "steam gift", "amazon card*", "ebay card*", "vanilla card*", "vanilla visa", "razer gold",
		"ギフト券", "ギフトカード", "itunesカード", "プリペイドカード", "アマゾンギフト", "アップルギフト", "googleplayカード"},
	gGiftSend: {"scratch", "the codes", "the code", "card codes", "card numbers", "pin", "pictures of", "picture of",
		"photo of", "photos of", "send me", "email me", "text me", "reply with", "are you available",
		"quick favor", "favour", "reimburse*", "surprise", "コードを", "番号を", "写真を", "購入して"},
	gThreat: {"hacked your", "i hacked", "access to your device", "access to your computer", "access to your account",
		"access to all your", "your device was", "your computer was", "infected your", "malware on your",
		"your password is", "i know your password", "recorded you", "installed a", "remote access",
		"ハッキング", "あなたのデバイス", "パスワードは", "アクセスしました"},
	gExposure: {"adult website", "adult site", "porn*", "masturbat*", "video of you", "compromising", "intimate",
		"send to all", "all your contacts", "everyone you know", "your family", "colleagues", "make public",
		"アダルト", "連絡先", "拡散", "恥ずかしい"},
	gExtortPay: {"bitcoin", "btc", "wallet", "crypto*", "usdt", "litecoin", "ethereum", "ビットコイン", "仮想通貨", "暗号資産", "ウォレット"},
	gCoin:      {"bitcoin*", "btc", "ethereum", "usdt", "tether", "litecoin", "crypto*", "ビットコイン", "仮想通貨", "暗号資産"},
}
