package brands

// The built-in data. Every domain here is one we are confident is official;
// where an official domain was uncertain it was left out (a missing domain
// costs a false "impersonation" only when the brand really mails from it,
// a wrong one would make a phish look authentic). Lists are returned by
// functions so there is no package-level mutable state.
//
// Names are matched anywhere (ASCII names shorter than 5 letters only as
// whole words); Words are names that are also ordinary words ("apple",
// "chase", "outlook"): whole words only, and in body text only when written
// with a capital letter.

func builtin() []Brand {
	bs := []Brand{
		// --- global technology and online services ---
		{ID: "microsoft", Name: "Microsoft", NameJA: "マイクロソフト",
			Names: []string{"microsoft", "マイクロソフト", "office 365", "office365", "microsoft 365", "onedrive", "one drive", "sharepoint", "hotmail"},
			Words: []string{"outlook"},
			// sharepoint.com and onmicrosoft.com host tenants' content: see hosted().
			Domains: []string{"microsoft.com", "microsoftonline.com", "office.com", "office365.com", "microsoft365.com", "outlook.com", "live.com", "hotmail.com", "msn.com", "onedrive.com", "1drv.ms", "skype.com", "bing.com", "windows.com", "windowsupdate.com", "azure.com", "xbox.com", "microsoft.co.jp"}},
		{ID: "linkedin", Name: "LinkedIn", Names: []string{"linkedin"}, Domains: []string{"linkedin.com", "lnkd.in", "licdn.com"}},
		{ID: "apple", Name: "Apple", NameJA: "アップル",
			Names:   []string{"icloud", "itunes", "apple id", "appleid", "アップル", "apple pay", "apple store", "apple support"},
			Words:   []string{"apple", "app store"},
			Domains: []string{"apple.com", "icloud.com", "me.com", "mac.com", "itunes.com", "apple.co", "mzstatic.com"}},
		{ID: "google", Name: "Google", NameJA: "グーグル",
			Names:   []string{"gmail", "グーグル", "google drive", "google docs", "google play", "google workspace", "youtube"},
			Words:   []string{"google"},
			Domains: []string{"google.com", "google.co.jp", "gmail.com", "googlemail.com", "youtube.com", "youtu.be", "gstatic.com", "googlegroups.com", "g.co", "goo.gl", "googlesource.com", "googlepages.com", "blogger.com"}},
		{ID: "amazon", Name: "Amazon", NameJA: "アマゾン",
			Names:   []string{"アマゾン", "amazon prime", "prime video", "amazon.com", "amazon.co.jp", "amazon pay"},
			Words:   []string{"amazon"},
			Domains: []string{"amazon.com", "amazon.co.jp", "amazon.co.uk", "amazon.de", "amazon.fr", "amazon.it", "amazon.es", "amazon.ca", "amazon.com.au", "amazon.in", "amazon.com.br", "amazon.com.mx", "amazon.nl", "amazon.se", "amazon.pl", "amazon.sg", "amazon.ae", "amazon.sa", "amazon.com.tr", "amazon.com.be", "amazon.eg", "primevideo.com", "a.co", "amzn.to"}},
		{ID: "paypal", Name: "PayPal", NameJA: "ペイパル", Names: []string{"paypal", "ペイパル"}, Domains: []string{"paypal.com", "paypal.me", "paypalobjects.com"}},
		{ID: "ebay", Name: "eBay", NameJA: "イーベイ", Names: []string{"ebay"},
			Domains: []string{"ebay.com", "ebay.co.uk", "ebay.de", "ebay.fr", "ebay.it", "ebay.es", "ebay.ca", "ebay.com.au", "ebaystatic.com", "ebayimg.com"}},
		{ID: "netflix", Name: "Netflix", NameJA: "ネットフリックス", Names: []string{"netflix", "ネットフリックス"}, Domains: []string{"netflix.com", "nflxext.com", "nflximg.net"}},
		{ID: "spotify", Name: "Spotify", Names: []string{"spotify"}, Domains: []string{"spotify.com"}},
		{ID: "meta", Name: "Meta", Words: []string{"meta platforms"}, Domains: []string{"meta.com"}},
		{ID: "facebook", Name: "Facebook", NameJA: "フェイスブック", Parent: "meta", Names: []string{"facebook", "フェイスブック"}, Domains: []string{"facebook.com", "fb.com", "fb.me", "facebookmail.com"}},
		{ID: "instagram", Name: "Instagram", NameJA: "インスタグラム", Parent: "meta", Names: []string{"instagram", "インスタグラム"}, Domains: []string{"instagram.com"}},
		{ID: "whatsapp", Name: "WhatsApp", Parent: "meta", Names: []string{"whatsapp"}, Domains: []string{"whatsapp.com", "whatsapp.net", "wa.me"}},
		{ID: "dropbox", Name: "Dropbox", Names: []string{"dropbox"}, Domains: []string{"dropbox.com", "dropboxmail.com"}},
		{ID: "docusign", Name: "DocuSign", Names: []string{"docusign", "docu sign", "docu-sign"}, Domains: []string{"docusign.com", "docusign.net"}},
		{ID: "adobe", Name: "Adobe", NameJA: "アドビ", Names: []string{"adobe", "アドビ"}, Words: []string{"acrobat"}, Domains: []string{"adobe.com", "adobesign.com", "echosign.com"}},
		{ID: "wetransfer", Name: "WeTransfer", Names: []string{"wetransfer"}, Domains: []string{"wetransfer.com", "we.tl"}},
		{ID: "zoom", Name: "Zoom", Words: []string{"zoom meeting", "zoom video"}, Domains: []string{"zoom.us", "zoom.com"}},
		{ID: "yahoo", Name: "Yahoo", NameJA: "ヤフー", Names: []string{"yahoo", "ヤフー"}, Domains: []string{"yahoo.com", "yahoo.co.jp", "ymail.com", "yahoo-inc.com", "yahoogroups.com", "yahooinc.com", "yahoo.net", "yimg.com"}},
		{ID: "norton", Name: "Norton", Names: []string{"nortonlifelock", "norton 360", "norton antivirus"}, Words: []string{"norton"}, Domains: []string{"norton.com", "nortonlifelock.com"}},
		{ID: "mcafee", Name: "McAfee", Names: []string{"mcafee"}, Domains: []string{"mcafee.com"}},
		{ID: "bestbuy", Name: "Best Buy / Geek Squad", Names: []string{"geek squad", "geeksquad"}, Words: []string{"best buy"}, Domains: []string{"bestbuy.com", "geeksquad.com"}},

		// --- crypto ---
		{ID: "ledger", Name: "Ledger", Names: []string{"ledger live"}, Words: []string{"ledger"}, Domains: []string{"ledger.com"}},
		{ID: "metamask", Name: "MetaMask", Names: []string{"metamask"}, Domains: []string{"metamask.io"}},
		{ID: "trustwallet", Name: "Trust Wallet", Names: []string{"trust wallet", "trustwallet"}, Domains: []string{"trustwallet.com"}},
		{ID: "coinbase", Name: "Coinbase", Names: []string{"coinbase"}, Domains: []string{"coinbase.com"}},
		{ID: "binance", Name: "Binance", Names: []string{"binance"}, Domains: []string{"binance.com"}},
		{ID: "blockchain", Name: "Blockchain.com", Names: []string{"blockchain.com"}, Domains: []string{"blockchain.com"}},
		{ID: "cryptocom", Name: "Crypto.com", Names: []string{"crypto.com"}, Domains: []string{"crypto.com"}},
		{ID: "opensea", Name: "OpenSea", Names: []string{"opensea"}, Domains: []string{"opensea.io"}},
		{ID: "robinhood", Name: "Robinhood", Words: []string{"robinhood"}, Domains: []string{"robinhood.com"}},

		// --- parcels and post ---
		{ID: "dhl", Name: "DHL", Names: []string{"dhl"}, Domains: []string{"dhl.com", "dhl.de"}},
		{ID: "fedex", Name: "FedEx", NameJA: "フェデックス", Names: []string{"fedex", "フェデックス"}, Domains: []string{"fedex.com"}},
		{ID: "ups", Name: "UPS", Words: []string{"ups"}, Domains: []string{"ups.com"}},
		{ID: "usps", Name: "USPS", Names: []string{"usps", "postal service"}, Domains: []string{"usps.com"}},
		{ID: "correios", Name: "Correios", Names: []string{"correios"}, Domains: []string{"correios.com.br"}},

		// --- banks and cards (US/UK/EU, many from the 2004-2005 phish) ---
		{ID: "bankofamerica", Name: "Bank of America", Names: []string{"bank of america", "bankofamerica"}, Domains: []string{"bankofamerica.com"}},
		{ID: "citi", Name: "Citibank", Names: []string{"citibank", "citigroup", "citicards"}, Words: []string{"citi"}, Domains: []string{"citi.com", "citibank.com", "citigroup.com", "citicards.com"}},
		{ID: "wellsfargo", Name: "Wells Fargo", Names: []string{"wells fargo", "wellsfargo"}, Domains: []string{"wellsfargo.com", "wf.com"}},
		{ID: "chase", Name: "Chase", Names: []string{"jpmorgan chase", "chase bank", "chase online"}, Words: []string{"chase"}, Domains: []string{"chase.com", "jpmorganchase.com", "jpmorgan.com"}},
		{ID: "barclays", Name: "Barclays", Names: []string{"barclays"}, Domains: []string{"barclays.co.uk", "barclays.com"}},
		{ID: "hsbc", Name: "HSBC", Names: []string{"hsbc"}, Domains: []string{"hsbc.com", "hsbc.co.uk"}},
		{ID: "lloyds", Name: "Lloyds Bank", Names: []string{"lloyds tsb", "lloydstsb", "lloyds bank"}, Words: []string{"lloyds"}, Domains: []string{"lloydsbank.com", "lloydstsb.com", "lloydsbankinggroup.com"}},
		{ID: "usbank", Name: "U.S. Bank", Words: []string{"us bank", "u.s. bank"}, Names: []string{"usbank"}, Domains: []string{"usbank.com"}},
		{ID: "wamu", Name: "Washington Mutual", Names: []string{"washington mutual", "wamu"}, Domains: []string{"wamu.com"}},
		{ID: "fifththird", Name: "Fifth Third Bank", Names: []string{"fifth third", "5/3 bank"}, Domains: []string{"53.com"}},
		{ID: "regions", Name: "Regions Bank", Words: []string{"regions bank", "regions online"}, Domains: []string{"regions.com"}},
		{ID: "southtrust", Name: "SouthTrust Bank", Names: []string{"southtrust"}, Domains: []string{"southtrust.com"}},
		{ID: "keybank", Name: "KeyBank", Names: []string{"keybank"}, Domains: []string{"key.com", "keybank.com"}},
		{ID: "bankofthewest", Name: "Bank of the West", Names: []string{"bank of the west", "bankofthewest"}, Domains: []string{"bankofthewest.com"}},
		{ID: "lasalle", Name: "LaSalle Bank", Names: []string{"lasalle bank", "lasallebank"}, Domains: []string{"lasallebank.com"}},
		{ID: "frostbank", Name: "Frost Bank", Names: []string{"frost bank", "frostbank"}, Domains: []string{"frostbank.com"}},
		{ID: "suntrust", Name: "SunTrust", Names: []string{"suntrust"}, Domains: []string{"suntrust.com"}},
		{ID: "wachovia", Name: "Wachovia", Names: []string{"wachovia"}, Domains: []string{"wachovia.com"}},
		{ID: "ncua", Name: "NCUA", Names: []string{"ncua", "national credit union administration"}, Domains: []string{"ncua.gov"}},
		{ID: "amex", Name: "American Express", NameJA: "アメリカン・エキスプレス", Names: []string{"american express", "amex", "アメリカン・エキスプレス", "アメックス"}, Domains: []string{"americanexpress.com", "aexp.com"}},
		{ID: "visa", Name: "Visa", Words: []string{"visa"}, Domains: []string{"visa.com", "visa.co.jp"}},
		{ID: "mastercard", Name: "Mastercard", Names: []string{"mastercard"}, Domains: []string{"mastercard.com"}},
		{ID: "capitalone", Name: "Capital One", Names: []string{"capital one", "capitalone"}, Domains: []string{"capitalone.com"}},
		{ID: "rbc", Name: "Royal Bank of Canada", Names: []string{"royal bank of canada"}, Words: []string{"rbc"}, Domains: []string{"rbc.com", "rbcroyalbank.com"}},
		{ID: "deutschebank", Name: "Deutsche Bank", Names: []string{"deutsche bank"}, Domains: []string{"db.com", "deutsche-bank.de"}},
		{ID: "postbank", Name: "Postbank", Names: []string{"postbank"}, Domains: []string{"postbank.de"}},
		{ID: "sparkasse", Name: "Sparkasse", Names: []string{"sparkasse"}, Domains: []string{"sparkasse.de"}},
		{ID: "commerzbank", Name: "Commerzbank", Names: []string{"commerzbank"}, Domains: []string{"commerzbank.de"}},
		// A person more than a brand: giveaway and investment scams use his name.
		{ID: "elonmusk", Name: "Elon Musk", Names: []string{"elon musk", "elonmusk", "イーロン・マスク"}, Domains: []string{"tesla.com", "spacex.com"}},
		{ID: "santander", Name: "Santander", Names: []string{"santander"}, Domains: []string{"santander.com", "santander.co.uk", "santander.com.br"}},
		{ID: "bradesco", Name: "Bradesco", Names: []string{"bradesco"}, Domains: []string{"bradesco.com.br"}},
		{ID: "bancodobrasil", Name: "Banco do Brasil", Names: []string{"banco do brasil"}, Domains: []string{"bb.com.br"}},
		{ID: "itau", Name: "Itaú", Names: []string{"itau"}, Domains: []string{"itau.com.br"}},
		{ID: "mercadopago", Name: "Mercado Pago", Names: []string{"mercado pago", "mercadopago", "mercado livre", "mercado libre", "mercadolivre"}, Domains: []string{"mercadopago.com", "mercadopago.com.br", "mercadolivre.com.br", "mercadolibre.com"}},

		// --- retail, telecoms, government (US/EU) ---
		{ID: "walmart", Name: "Walmart", Names: []string{"walmart"}, Domains: []string{"walmart.com"}},
		{ID: "costco", Name: "Costco", Names: []string{"costco"}, Domains: []string{"costco.com"}},
		{ID: "homedepot", Name: "The Home Depot", Names: []string{"home depot", "homedepot"}, Domains: []string{"homedepot.com"}},
		{ID: "lowes", Name: "Lowe's", Names: []string{"lowe's", "lowe’s"}, Words: []string{"lowes"}, Domains: []string{"lowes.com"}},
		{ID: "starbucks", Name: "Starbucks", Names: []string{"starbucks"}, Domains: []string{"starbucks.com"}},
		{ID: "temu", Name: "Temu", Words: []string{"temu"}, Domains: []string{"temu.com"}},
		{ID: "shein", Name: "SHEIN", Words: []string{"shein"}, Domains: []string{"shein.com"}},
		{ID: "aliexpress", Name: "AliExpress", Names: []string{"aliexpress"}, Domains: []string{"aliexpress.com"}},
		{ID: "att", Name: "AT&T", Names: []string{"at&t", "at & t"}, Domains: []string{"att.com", "att.net"}},
		{ID: "verizon", Name: "Verizon", Names: []string{"verizon"}, Domains: []string{"verizon.com", "verizon.net", "verizonwireless.com", "vzw.com", "verizonmedia.com"}},
		{ID: "tmobile", Name: "T-Mobile", Names: []string{"t-mobile"}, Domains: []string{"t-mobile.com"}},
		{ID: "spectrum", Name: "Spectrum", Names: []string{"charter spectrum"}, Words: []string{"spectrum"}, Domains: []string{"spectrum.com", "spectrum.net", "charter.com"}},
		{ID: "xfinity", Name: "Xfinity / Comcast", Names: []string{"xfinity", "comcast"}, Domains: []string{"xfinity.com", "comcast.com", "comcast.net"}},
		{ID: "telekom", Name: "Deutsche Telekom", Names: []string{"telekom"}, Domains: []string{"telekom.de", "telekom.com", "t-online.de"}},
		{ID: "irs", Name: "IRS", Names: []string{"internal revenue service"}, Words: []string{"irs"}, Domains: []string{"irs.gov"}},
		{ID: "hmrc", Name: "HMRC", Names: []string{"hmrc", "hm revenue"}, Domains: []string{"hmrc.gov.uk"}},

		// --- Japan ---
		{ID: "rakuten", Name: "Rakuten", NameJA: "楽天",
			Names:   []string{"rakuten", "楽天", "ラクテン", "らくてん"},
			Domains: []string{"rakuten.co.jp", "rakuten.com", "rakuten-card.co.jp", "rakuten-bank.co.jp", "rakuten-sec.co.jp", "r10s.jp", "rakuten.ne.jp"}},
		{ID: "smartalk", Name: "SMARTalk", NameJA: "スマートーク", Parent: "rakuten",
			Names: []string{"smartalk", "スマートーク"}, Domains: []string{"ip-phone-smart.jp"}},
		{ID: "smbc", Name: "SMBC (Sumitomo Mitsui Banking)", NameJA: "三井住友銀行",
			Names: []string{"三井住友銀行", "三井住友", "smbc", "sumitomo mitsui"}, Domains: []string{"smbc.co.jp"}},
		{ID: "smbc-card", Name: "Sumitomo Mitsui Card", NameJA: "三井住友カード", Parent: "smbc",
			Names: []string{"三井住友カード", "smbcカード", "vpass"}, Domains: []string{"smbc-card.com", "vpass.ne.jp"}},
		// jcb.jp is listed by the lead; JCB also owns the .jcb top-level domain.
		{ID: "jcb", Name: "JCB", Names: []string{"jcb", "ジェーシービー", "myjcb"}, Domains: []string{"jcb.co.jp", "jcb.jp", "jcb"}},
		{ID: "aeon", Name: "AEON", NameJA: "イオン", Names: []string{"イオンカード", "イオン銀行", "イオン", "aeon"}, Domains: []string{"aeon.co.jp", "aeonbank.co.jp", "aeon.com"}},
		{ID: "saison", Name: "Saison Card", NameJA: "セゾンカード", Names: []string{"セゾン", "saison"}, Domains: []string{"saisoncard.co.jp", "saison.co.jp", "credit-saison.co.jp"}},
		{ID: "mufg", Name: "MUFG", NameJA: "三菱UFJ", Names: []string{"三菱ufj", "mufg", "三菱東京ufj"}, Domains: []string{"mufg.jp"}},
		{ID: "mizuho", Name: "Mizuho", NameJA: "みずほ", Names: []string{"みずほ銀行", "みずほ", "mizuho"}, Domains: []string{"mizuhobank.co.jp", "mizuho-fg.co.jp"}},
		{ID: "resona", Name: "Resona", NameJA: "りそな", Names: []string{"りそな", "resona"}, Domains: []string{"resonabank.co.jp"}},
		{ID: "japanpost", Name: "Japan Post", NameJA: "日本郵便", Names: []string{"日本郵便", "japan post", "郵便局", "ゆうパック"}, Domains: []string{"japanpost.jp"}},
		{ID: "yucho", Name: "Japan Post Bank", NameJA: "ゆうちょ銀行", Parent: "japanpost", Names: []string{"ゆうちょ", "japan post bank"}, Domains: []string{"jp-bank.japanpost.jp"}},
		{ID: "yamato", Name: "Yamato Transport", NameJA: "ヤマト運輸", Names: []string{"ヤマト運輸", "クロネコヤマト", "クロネコ", "kuroneko", "yamato transport"}, Domains: []string{"kuronekoyamato.co.jp", "yamato-hd.co.jp"}},
		{ID: "sagawa", Name: "Sagawa Express", NameJA: "佐川急便", Names: []string{"佐川急便", "sagawa"}, Domains: []string{"sagawa-exp.co.jp"}},
		// docomo.co.jp left out: not sure it is NTT Docomo's.
		{ID: "docomo", Name: "NTT Docomo", NameJA: "NTTドコモ", Names: []string{"ドコモ", "docomo", "dアカウント", "dカード"}, Domains: []string{"docomo.ne.jp", "nttdocomo.co.jp"}},
		// Plain "au" is left out on purpose: it is a common word in French and
		// English text. au.com and ezweb.ne.jp are also customers' addresses.
		{ID: "kddi", Name: "au / KDDI", NameJA: "au", Names: []string{"kddi", "au pay", "auペイ", "auかんたん決済", "auじぶん銀行"}, Words: []string{"au id"}, Domains: []string{"kddi.com", "au.com", "auone.jp", "ezweb.ne.jp"}},
		{ID: "softbank", Name: "SoftBank", NameJA: "ソフトバンク", Names: []string{"ソフトバンク", "softbank", "ワイモバイル", "y!mobile"}, Domains: []string{"softbank.jp", "softbank.co.jp", "softbank.ne.jp", "ymobile.jp"}},
		{ID: "paypay", Name: "PayPay", NameJA: "ペイペイ", Names: []string{"paypay", "ペイペイ"}, Domains: []string{"paypay.ne.jp", "paypay-card.co.jp", "paypay-bank.co.jp"}},
		{ID: "mercari", Name: "Mercari", NameJA: "メルカリ", Names: []string{"メルカリ", "mercari", "メルペイ", "merpay"}, Domains: []string{"mercari.com", "mercari.jp", "merpay.com"}},
		{ID: "ekinet", Name: "Eki-net (JR East)", NameJA: "えきねっと", Names: []string{"えきねっと", "eki-net", "jr東日本", "jr east"}, Domains: []string{"eki-net.com", "jreast.co.jp"}},
		{ID: "nta", Name: "National Tax Agency (e-Tax)", NameJA: "国税庁", Names: []string{"国税庁", "e-tax", "税務署", "national tax agency"}, Domains: []string{"nta.go.jp"}},
		{ID: "etc", Name: "ETC usage inquiry service", NameJA: "ETC利用照会サービス", Names: []string{"etc利用照会", "etcマイレージ", "etc meisai"}, Domains: []string{"etc-meisai.jp"}},
		{ID: "nexco", Name: "NEXCO", NameJA: "ネクスコ", Names: []string{"nexco", "ネクスコ"}, Domains: []string{"e-nexco.co.jp", "c-nexco.co.jp", "w-nexco.co.jp"}},
		{ID: "epos", Name: "EPOS Card", NameJA: "エポスカード", Names: []string{"エポスカード", "epos card", "eposcard"}, Domains: []string{"eposcard.co.jp"}},
		{ID: "orico", Name: "Orico", NameJA: "オリコ", Names: []string{"オリコ", "orico"}, Domains: []string{"orico.co.jp"}},
		{ID: "lifecard", Name: "LIFE CARD", NameJA: "ライフカード", Names: []string{"ライフカード", "lifecard"}, Words: []string{"life card"}, Domains: []string{"lifecard.co.jp"}},
		{ID: "tepco", Name: "TEPCO", NameJA: "東京電力", Names: []string{"東京電力", "tepco"}, Domains: []string{"tepco.co.jp"}},
		{ID: "nhk", Name: "NHK", NameJA: "日本放送協会", Names: []string{"nhk", "日本放送協会"}, Domains: []string{"nhk.or.jp", "nhk.jp"}},
	}
	// Brands that hold their name under many country TLDs (google.de,
	// amazon.fr, paypal.de): name.<other TLD> is not a lookalike.
	anyTLD := set([]string{
		"microsoft", "apple", "google", "amazon", "ebay", "paypal", "netflix", "facebook",
		"instagram", "yahoo", "dhl", "fedex", "ups", "hsbc", "santander", "barclays", "citi",
		"mcafee", "norton", "adobe", "spotify", "linkedin", "dropbox", "visa", "mastercard",
		"amex", "costco", "walmart", "aliexpress", "shein", "temu", "binance", "coinbase",
		"docusign", "whatsapp", "wetransfer", "zoom", "mercadopago", "deutschebank",
	})
	for i := range bs {
		bs[i].AnyTLD = anyTLD[bs[i].ID]
	}
	return bs
}

// esps are sending services whose envelope and Message-ID domains are
// normal for legitimate bulk mail on behalf of anyone.
func esps() []string {
	return []string{
		// Japan
		"mpse.jp", "emberpoint.com", "cuenote.jp",
		// global
		"sendgrid.net", "sendgrid.com", "amazonses.com", "mailgun.org", "mailgun.net",
		"mcsv.net", "rsgsv.net", "mcdlv.net", "mailchimp.com", "mandrillapp.com",
		"exacttarget.com", "exct.net", "mktomail.com", "sparkpostmail.com",
		"cmail19.com", "cmail20.com", "createsend.com", "constantcontact.com", "ccsend.com",
		"hubspotemail.net", "responsys.net", "postmarkapp.com", "mtasv.net",
		"sendinblue.com", "brevo.com", "mailjet.com", "emarsys.net", "klaviyomail.com",
	}
}

// freemail are mailbox providers where anyone can have an address: a From
// at one of them never speaks for a brand, even when the brand owns the
// domain (outlook.com, gmail.com, docomo.ne.jp).
func freemail() []string {
	return []string{
		"gmail.com", "googlemail.com", "outlook.com", "outlook.jp", "hotmail.com", "hotmail.co.jp",
		"hotmail.co.uk", "hotmail.fr", "live.com", "live.jp", "msn.com", "yahoo.com", "yahoo.co.jp",
		"ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "gmx.de", "gmx.net", "gmx.com",
		"web.de", "mail.com", "proton.me", "protonmail.com", "yandex.ru", "yandex.com", "mail.ru",
		"qq.com", "163.com", "126.com", "naver.com", "t-online.de", "uol.com.br", "terra.com.br",
		// Japanese carrier mailboxes
		"docomo.ne.jp", "ezweb.ne.jp", "au.com", "softbank.ne.jp", "i.softbank.jp",
	}
}

// hosted are domains under which anyone can publish pages or run a tenant:
// a subdomain there belongs to whoever signed up, not to the operator.
func hosted() []string {
	return []string{
		"onmicrosoft.com", "sharepoint.com", "azurewebsites.net", "windows.net", "azureedge.net",
		"firebaseapp.com", "web.app", "appspot.com", "blogspot.com", "googleusercontent.com",
		"googleapis.com", "sites.google.com", "docs.google.com", "forms.gle", "forms.office.com",
		"github.io", "amazonaws.com", "cloudfront.net", "herokuapp.com", "netlify.app",
		"vercel.app", "pages.dev", "workers.dev", "r2.dev", "glitch.me", "weebly.com", "wixsite.com",
		"square.site", "godaddysites.com", "000webhostapp.com", "ipfs.io", "dweb.link", "myshopify.com",
		"notion.site", "canva.site", "webflow.io", "framer.app",
	}
}

// lureWords make an embedded brand name in a domain suspicious even when
// the name is short or an ordinary word.
func lureWords() []string {
	return []string{
		"secure", "security", "login", "logon", "signin", "sign-in", "verify", "verification",
		"account", "update", "support", "billing", "service", "confirm", "auth", "wallet",
		"recovery", "unlock", "alert", "payment", "customer", "online", "helpdesk", "help",
		"validate", "suspend", "limited", "refund", "reward", "invoice", "track", "delivery",
	}
}
