package lures

// Lure kinds.
const (
	Credential = "credential" // asks for a password, sign-in or identity check
	Account    = "account"    // says the account is suspended, locked, limited
	Payment    = "payment"    // asks to update a card or pay
	Urgency    = "urgency"    // a deadline or alarm
	Delivery   = "delivery"   // a parcel that needs action
	Invoice    = "invoice"    // an invoice or shared document to open
	Prize      = "prize"      // a win, gift or reward
	Crypto     = "crypto"     // wallets, seed phrases, coins
	Tax        = "tax"        // tax refunds and government payments
	// Offer: what fraudulent bulk mail sells — prescription drugs without
	// a prescription, sex and dating, miracle cures and diets, casino
	// bonuses, easy loans, car warranties. Honest senders rarely write
	// these words; those who do are not who a team needs to trust.
	Offer = "offer"
)

// entry is one phrase of the built-in table. A trailing '*' makes the
// phrase a stem: it may continue into a longer word ("deactivat*").
// Weak phrases are ordinary words that legitimate mail uses too: alone they
// say little.
type entry struct {
	kind   string
	phrase string
	weak   bool
}

func builtin() []entry {
	var es []entry
	add := func(kind string, weak bool, phrases ...string) {
		for _, p := range phrases {
			es = append(es, entry{kind: kind, phrase: p, weak: weak})
		}
	}

	// --- English ---
	add(Credential, false,
		"verify your account", "verify your identity", "confirm your identity", "confirm your account",
		"validate your account", "validate your mailbox", "validate your email", "verify your email",
		"confirm your email", "verify your information", "confirm your information", "update your information",
		"update your account", "login to continue", "log in to continue", "sign in to continue",
		"sign in to your account", "log in to your account", "login to your account",
		"password expires", "password will expire", "password expiry", "password expired",
		"password has expired", "keep your password", "keep same password", "keep your current password",
		"unusual sign-in activity", "unusual sign in activity", "unusual signin activity",
		"unusual login", "suspicious login", "suspicious sign-in", "someone tried to log in",
		"someone tried to sign in", "mailbox storage", "mailbox is full", "mailbox quota",
		"storage is full", "email storage", "storage full", "reactivate your account", "re-activate your account",
		"click here to verify", "click here to confirm", "click here to login", "click here to log in",
		"click here to sign in", "click here to update", "click here to validate", "click here to restore",
		"login credentials", "enter your password", "confirm your password", "verify your password",
		"verify your login", "verification required", "identity verification", "account verification",
		"email verification", "email account will be", "verify and update", "not yet verified",
		"new email address", "update your account information", "account update", "mailbox will be", "security check")
	add(Credential, true, "webmail", "click here to", "sign in", "log in", "login", "password", "verify", "verification")
	add(Account, false,
		"account has been suspended", "account has been locked", "account has been limited",
		"account has been disabled", "account has been blocked", "account has been restricted",
		"account has been compromised", "account has been flagged", "account has been deactivated",
		"account suspended", "account locked", "account limited", "account disabled", "account blocked",
		"account will be closed", "account will be suspended", "account will be terminated",
		"account will be deleted", "account will be locked", "account will be disabled",
		"temporarily suspended", "temporarily disabled", "temporarily locked", "temporarily limited",
		"temporarily restricted", "restore your account", "restore access", "restore full access",
		"unlock your account", "account review", "account on hold", "limited access",
		"suspicious activity", "unusual activity", "unauthorized access", "unauthorized activity",
		"unauthorised access", "unauthorized transaction", "security alert", "security notice",
		"blocked account", "flagged account", "listed for closure", "scheduled for deletion",
		"fraud alert", "fraud prevention", "did not authorize",
		"didn't authorize", "not authorized by you", "account notification", "account notice",
		"wallet is suspended", "wallet has been suspended")
	add(Account, true, "security measures", "security issue*", "suspended", "suspension", "locked", "restricted", "compromised", "deactivat*")
	add(Payment, false,
		"update your payment", "update payment", "payment failed", "payment declined",
		"payment was declined", "payment not processed", "payment could not be processed",
		"unable to process your payment", "we were unable to process", "billing information",
		"billing problem", "billing issue", "update your billing", "payment information",
		"payment details", "credit card information", "card details", "card has expired",
		"card expired", "card expiration", "subscription has expired", "subscription expired",
		"membership has expired", "membership expired", "renew your subscription", "renewal failed",
		"auto-renewal", "outstanding balance", "outstanding payment", "overdue payment", "unpaid",
		"wire transfer", "bank transfer", "payment method", "pending payment", "payment pending",
		"payment issue", "payment problem", "billing department", "card update")
	add(Payment, true, "payment", "billing", "overdue", "subscription", "refund")
	add(Urgency, false,
		"within 24 hours", "within 48 hours", "within 12 hours", "within 72 hours", "within 24hrs",
		"within 24 hrs", "action required", "act now!", "immediate action", "action needed", "final notice",
		"final warning", "last warning", "last notice", "expires today", "expire today",
		"will be permanently", "permanently deleted", "permanently disabled",
		"respond immediately", "avoid suspension", "avoid interruption",
		"avoid termination", "urgent action", "will be deleted today", "will be removed today",
		"photos will be deleted", "files will be deleted", "videos will be deleted", "data will be deleted")
	add(Urgency, true, "as soon as possible", "failure to", "act now", "urgent", "immediately", "important", "asap", "24 hours", "48 hours", "expire*", "deadline", "last chance")
	add(Delivery, false,
		"your package", "your parcel", "your shipment", "delivery attempt", "we could not deliver", "package is on hold",
		"parcel is on hold", "shipment is on hold", "customs fee", "shipping fee", "delivery fee",
		"redelivery", "reschedule delivery", "reschedule your delivery", "pending delivery",
		"awaiting delivery", "confirm your address", "package pending", "pending for delivery",
		"delivery pending", "held at customs")
	// Bounces say these too: weak.
	add(Delivery, true, "package", "parcel", "shipment", "delivery", "delivery address", "tracking number",
		"delivery failed", "unable to deliver", "failed delivery")
	add(Invoice, false,
		"invoice attached", "attached invoice", "see attached invoice", "invoice is attached",
		"payment advice", "remittance advice", "remittance", "proforma invoice", "pro forma invoice",
		"purchase order", "statement attached", "you have received a document", "received a new document",
		"shared a file with you", "shared a document with you", "shared a folder with you",
		"has shared", "sent you a document", "sent you a file", "review and sign", "please review the document",
		"view document", "open document", "view the document", "access document", "secure document",
		"secure message", "encrypted message", "fax message", "voice message", "voicemail",
		"new document", "pending document", "documents for your review", "completed document",
		"pending signature")
	add(Invoice, true, "invoice", "document", "attached file", "attachment")
	add(Prize, false,
		"you have won", "you've won", "you have been selected", "you've been selected",
		"claim your", "claim now", "gift card", "your reward", "reward points",
		"lottery", "jackpot", "free spins", "welcome bonus", "beneficiary",
		"compensation fund", "unclaimed", "loyalty program", "exclusive offer", "selected to receive")
	add(Prize, true, "gratis", "gratuit", "inheritance", "prize", "free gift", "congratulations", "winner", "reward", "bonus", "survey", "free", "gift")
	add(Crypto, false,
		"seed phrase", "recovery phrase", "secret phrase", "secret recovery", "private key", "wallet address",
		"connect your wallet", "verify your wallet", "validate your wallet", "sync your wallet",
		"airdrop", "staking", "usdt", "pending withdrawal", "withdrawal request",
		"wallet has not been", "not been synchroni*", "incoming transaction", "withdrawal note",
		"bitcoin payment", "bitcoin transfer", "payment to your bitcoin", "receive a bitcoin",
		"bitcoin details", "credited to your fund")
	add(Crypto, true, "synchroni*", "btc", "nft", "wallet", "bitcoin", "ethereum", "crypto*", "blockchain", "withdrawal", "token")
	add(Tax, false,
		"tax refund", "tax return", "tax rebate", "refund of tax", "tax authority",
		"hmrc", "internal revenue", "receita federal", "stimulus payment", "government grant")
	add(Tax, true, "tax", "irs")

	add(Offer, false,
		"viagra", "cialis", "levitra", "kamagra", "without a prescription", "without prescription",
		"no prescription", "online pharmacy", "erectile dysfunction", "male enhancement", "penis enlarge*",
		"harder erections", "last longer in bed", "libido", "aphrodisiac*",
		"lose weight fast", "weight loss pill*", "diet pill*", "fat burner", "burn belly fat", "melt fat",
		"keto gummies", "cbd gummies", "keto diet pill*", "miracle cure", "doctors hate", "doctors are stunned",
		"one weird trick", "hot singles", "singles in your area", "singles near you", "lonely women",
		"local women", "women near you", "horny", "sex dating", "adult dating",
		"casino bonus", "deposit bonus", "no deposit bonus", "first deposit", "pre-approved loan",
		"payday loan", "bad credit ok", "debt relief", "car warranty", "vehicle protection plan",
		"timeshare", "casino", "looking for a lover", "ukrainian women", "ukrainian girls",
		"ukrainian brides", "russian women", "russian brides", "slut*", "lewd", "get it up", "getting hard",
		"erection*", "weight loss", "personal loan*", "business loan*", "loan offer", "loan deal",
		"instant approval", "home warranty", "so sexy", "sexy girls", "hot girls", "available girls",
		"dissolute girl*", "ready to mingle", "nude photos", "naked photos", "sex cam*", "live sex",
		"webcam girls", "hot ukrainian*", "hot russian*", "for bad credit", "bad credit loan*",
		"earn from home", "a day from home", "credit line was approved", "approved for a credit line")
	add(Offer, false, // German, Portuguese, Spanish, French, Dutch
		"ohne rezept", "potenzmittel", "erektion", "abnehmen", "fettverbrennung", "singles in ihrer nähe",
		"sexkontakte", "einzahlungsbonus", "bonus ohne einzahlung", "kredit ohne schufa",
		"sem receita", "emagrecer", "perder peso", "rodadas grátis", "empréstimo pré-aprovado",
		"limite pré-aprovado", "crédito pré-aprovado", "sin receta", "bajar de peso", "giros gratis",
		"préstamo preaprobado", "sans ordonnance", "perdre du poids", "tours gratuits",
		"rencontres coquines", "zonder recept", "afvallen", "gratis spins", "sexdating",
		"aphrodisiaka", "potenzprobleme", "oekraïense vrouwen", "oekraïense meisje*",
		"oekraïense schoonhe*", "naaktfoto*", "spannende afspraak", "expliciete beelden", "sexafspraak",
		"russische vrouwen", "eerste storting", "welkomstbonus", "femmes ukrainiennes", "filles ukrainiennes",
		"célibataires ukrainiens", "rachat de crédit*", "mulheres ucranianas", "empréstimo pessoal",
		"mujeres ucranianas", "esposa ucraniana", "chica ucraniana", "préstamo personal")

	// --- German, Portuguese, French, Spanish (frequent in the phishing corpus) ---
	add(Credential, false, "bestätigen sie", "verifizieren", "sicherheitsprüfung", "konto bestätigen",
		"acesso suspeito", "novo acesso", "bevestig uw", "verifieer",
		"confirme seus dados", "atualize seus dados", "verifique sua conta", "confirmez votre",
		"vérifiez votre", "verifique su cuenta", "confirme su identidad")
	add(Account, false, "konto gesperrt", "konto wurde gesperrt", "eingeschränkt", "conta bloqueada",
		"geblokkeerd", "sua conta", "sicherheitswarnung",
		"bloqueio", "desbloqueie", "compte suspendu", "compte bloqué", "cuenta suspendida", "cuenta bloqueada")
	add(Account, false, "limited your access", "limit your access",
		"unauthorized atm", "will be reactivated")
	add(Account, false, "may be suspended", "will be suspended", "be deactivated", "threats detected",
		"threats are detected", "security threats")
	add(Account, false, "liberação pendente", "pendente de liberação", "pendência", "regularize sua")
	add(Urgency, false, "notificação urgente", "última notificação")
	add(Payment, false, "payment decline", "transaction declined", "saldo foi liberado")
	add(Tax, false, "irpf", "imposto de renda")
	add(Payment, false, "zahlung fehlgeschlagen", "zahlungsinformationen", "pagamento pendente",
		"fatura", "paiement refusé", "pago pendiente")
	add(Urgency, false, "dringend", "sofort", "sofortige", "letzte mahnung", "prazo final", "urgente", "dernier avis",
		"actie vereist", "massnahme erforderlich", "maßnahme erforderlich", "expire aujourd'hui")
	add(Delivery, false, "ihr paket", "sendung", "zustellung", "encomenda", "mercadoria retida",
		"taxa de importação", "uw pakket", "pakket",
		"alfândega", "votre colis", "colis", "su paquete")
	add(Invoice, false, "rechnung", "nota fiscal", "boleto", "facture")
	add(Prize, false, "gewinnspiel", "gewonnen", "glückwunsch", "gutschein", "prämie", "freispiele",
		"gratis-spins", "cadeau gratuit", "cadeaukaart",
		"parabéns", "resgate", "félicitations", "gagnant", "felicidades")
	// "You have been selected", "you have won", "claim your" in the same
	// languages.
	add(Prize, false, "sie wurden ausgewählt", "wurden als gewinner", "gewinnerbekanntgabe", "zu gewinnenden",
		"je bent geselecteerd", "u bent geselecteerd", "jij bent geselecteerd", "je hebt gewonnen", "u heeft gewonnen",
		"jij hebt gewonnen", "claim je", "claim uw", "vous avez été sélectionné*", "vous avez gagné", "réclamez votre",
		"has sido seleccionad*", "ha sido seleccionad*", "has ganado", "usted ha ganado", "reclama tu",
		"você foi selecionad*", "você ganhou")
	add(Tax, false, "regulariz*", "cpf", "steuerrückerstattung", "remboursement d'impôt")
	// France's training account (CPF): "your unused CPF rights expire, spend
	// them now" is money the reader is told is theirs, like a prize.
	add(Prize, false, "droits cpf", "compte personnel de formation", "financement cpf", "solde cpf",
		"droits à la formation")

	// --- Japanese ---
	add(Credential, false, "ご本人確認", "本人確認", "不正ログイン", "ログインが検出", "ログインを検出",
		"ログインしてください", "ログインの上", "アカウント情報", "登録情報", "情報を更新", "情報の更新",
		"確認手続き", "再認証", "認証が必要", "パスワードの変更", "パスワードを変更", "パスワードの再設定",
		"ID・パスワード", "セキュリティ確認", "セキュリティ認証")
	add(Credential, true, "ログイン", "パスワード", "セキュリティ", "認証", "確認")
	add(Account, false, "アカウントが停止", "アカウントを停止", "アカウント停止", "アカウントの停止",
		"利用停止", "ご利用を停止", "一時停止", "利用制限", "ご利用制限", "アカウントがロック",
		"アカウントをロック", "凍結", "不正利用", "不正アクセス", "第三者による", "異常なアクセス",
		"不審なアクセス", "不審なログイン", "ETC利用照会サービス", "サービスの停止", "失効")
	add(Account, true, "ロック", "無効", "停止", "制限")
	add(Payment, false, "クレジットカード情報の更新", "カード情報", "お支払い方法", "支払い方法",
		"お支払い情報", "支払い情報", "決済情報", "引き落としができ", "お引き落とし", "未払い", "料金未納",
		"未納", "滞納", "お支払いが確認できません", "ご入金", "有効期限が切れ", "更新のお願い")
	add(Payment, true, "お支払い", "決済", "請求", "有効期限", "支払")
	add(Urgency, false, "緊急", "至急", "24時間以内", "48時間以内", "72時間以内", "本日中", "直ちに",
		"早急に", "最終通知", "最終警告", "期限内", "期限までに", "速やかに")
	add(Urgency, true, "重要", "期限", "お早めに")
	add(Delivery, false, "お荷物", "不在", "再配達", "お届けできません", "お届けできませんでした",
		"住所不明", "保管期限", "配達予定", "配送状況", "宅配便", "追跡番号")
	add(Delivery, true, "配達", "配送", "お届け")
	add(Invoice, false, "請求書", "ご請求書", "領収書", "見積書", "ファイルを共有", "ドキュメントを共有", "添付ファイルをご確認")
	add(Invoice, true, "添付")
	add(Prize, false, "当選", "おめでとうございます", "ご当選", "プレゼント", "懸賞", "ギフト券", "特典")
	add(Prize, true, "ポイント", "キャンペーン", "無料", "ギフト")
	add(Crypto, false, "ビットコイン", "仮想通貨", "暗号資産", "ウォレット", "秘密鍵", "リカバリーフレーズ")
	add(Offer, false, "出会い系", "精力剤", "ED治療薬", "バイアグラ", "シアリス", "痩せる", "ダイエットサプリ",
		"即日融資", "審査なし", "ブラックでも", "オンラインカジノ", "入金不要ボーナス", "フリースピン", "人妻", "セフレ")
	add(Tax, false, "還付金", "税金", "税務署", "国税", "e-tax", "マイナンバー", "給付金", "延滞税", "差押")
	return es
}
