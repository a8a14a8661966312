package brands

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/publicsuffix"
)

// wellFormed reports why d is not a well-formed domain for the data file,
// or "".
func wellFormed(d string, suffixOK bool) string {
	if normDomain(d) != d {
		return "not lower-case, or dots at the ends, or bad characters"
	}
	if d == "jcb" {
		return "" // the .jcb brand TLD
	}
	for l := range strings.SplitSeq(d, ".") {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return "bad label " + l
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return "bad character in " + l
			}
		}
	}
	if suffixOK {
		if ps, _ := publicsuffix.PublicSuffix(d); ps == d {
			return "" // a hosting platform that is itself a public suffix (github.io)
		}
	}
	if _, err := publicsuffix.EffectiveTLDPlusOne(d); err != nil {
		return err.Error()
	}
	return ""
}

// TestDataFile checks the built-in data: every domain well-formed, every
// brand named and backed by at least one legal entity, no official domain
// (or a host under it) flagged as a look-alike of any brand, and the
// global lists sane.
func TestDataFile(t *testing.T) {
	tb := Default()
	d := builtinData()
	if n := len(d.Brands); n < 180 {
		t.Errorf("only %d brands", n)
	}
	for _, b := range tb.Brands() {
		if b.Name == "" {
			t.Errorf("%s: no display name", b.ID)
		}
		if len(b.Entities) == 0 {
			t.Errorf("%s: no legal entity", b.ID)
		}
		for _, e := range b.Entities {
			if NormalizeEntity(e) == "" || strings.TrimSpace(e) != e {
				t.Errorf("%s: entity %q", b.ID, e)
			}
		}
		for _, list := range [][]string{b.Domains, b.Senders} {
			for _, dom := range list {
				if why := wellFormed(dom, false); why != "" {
					t.Errorf("%s: domain %q: %s", b.ID, dom, why)
				}
			}
		}
		for _, dom := range b.Domains {
			for _, h := range []string{dom, "www." + dom, "mail." + dom} {
				if l := tb.Lookalikes(h); len(l) > 0 {
					t.Errorf("official %s of %s flagged: %s %s %s", h, b.ID, l[0].Brand.ID, l[0].Kind, l[0].Evidence)
				}
			}
			if tb.IsESP(dom) || tb.IsTracker(dom) {
				t.Errorf("%s: domain %q is also a sending service or tracker", b.ID, dom)
			}
		}
	}
	for name, list := range map[string][]string{"esps": d.ESPs, "trackers": d.Trackers, "freemail": d.Freemail, "hosted": d.Hosted} {
		seen := map[string]bool{}
		for _, dom := range list {
			if why := wellFormed(dom, name == "hosted"); why != "" {
				t.Errorf("%s: %q: %s", name, dom, why)
			}
			if seen[dom] {
				t.Errorf("%s: %q twice", name, dom)
			}
			seen[dom] = true
		}
	}
	for _, dom := range d.ESPs {
		if o := tb.OwnerOf(dom); o != nil {
			t.Errorf("ESP %q is owned by %s", dom, o.ID)
		}
	}
	if len(d.LureWords) == 0 || len(d.CommonLabels) == 0 || len(d.ProtectionRegistrars) == 0 || len(d.Trackers) == 0 {
		t.Error("a global list is empty")
	}
}

func TestParseData(t *testing.T) {
	for _, bad := range []string{
		"brands: [{id: a, nmes: [x]}]",  // typo in a field name
		"brands: {id: a}",               // not a list
		"esps: [a.com]\nunknown: [b]\n", // unknown list
		"brands: [",                     // broken YAML
	} {
		if _, err := ParseData([]byte(bad)); err == nil {
			t.Errorf("ParseData(%q) succeeded", bad)
		}
	}
	d, err := ParseData([]byte("brands:\n  - id: acme\n    name: Acme\n    names: [acme corp]\n    domains: [acme.example]\n    entities: [Acme, Inc.]\ntrackers: [t.acme-esp.example]\n"))
	if err != nil {
		t.Fatal(err)
	}
	tb, err := NewFromData(d)
	if err != nil {
		t.Fatal(err)
	}
	if !tb.IsTracker("x.t.acme-esp.example") || tb.IsTracker("awstrack.me") {
		t.Error("NewFromData does not use the file's trackers only")
	}
	for _, bad := range []*Data{
		{Brands: []Brand{{ID: "a", Names: []string{"abcde"}, Senders: []string{"Bad.Example"}}}},
		{Brands: []Brand{{ID: "a", Names: []string{"abcde"}, Entities: []string{"株式会社"}}}},
		{Trackers: []string{"bad tracker"}},
		{ProtectionRegistrars: []string{"CSC"}},
	} {
		if _, err := NewFromData(bad); err == nil {
			t.Errorf("NewFromData(%+v) succeeded", bad)
		}
	}
}

func TestNormalizeEntity(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Amazon Technologies, Inc.", "amazontechnologies"},
		{"Amazon Technologies Inc", "amazontechnologies"},
		{"AMAZON TECHNOLOGIES, INC", "amazontechnologies"},
		{"Ａｍａｚｏｎ Ｔｅｃｈｎｏｌｏｇｉｅｓ，Ｉｎｃ．", "amazontechnologies"},
		{"Fusion Communications Corporation", "fusioncommunications"},
		{"Fusion Communications Corp.", "fusioncommunications"},
		{"フュージョン・コミュニケーションズ株式会社", NormalizeEntity("フュージョンコミュニケーションズ")},
		{"ﾌｭｰｼﾞｮﾝ･ｺﾐｭﾆｹｰｼｮﾝｽﾞ(株)", NormalizeEntity("フュージョン・コミュニケーションズ株式会社")},
		{"株式会社NTTドコモ", NormalizeEntity("ＮＴＴドコモ")},
		{"㈱ジェーシービー", NormalizeEntity("株式会社ジェーシービー")},
		{"（株）ジェーシービー", NormalizeEntity("株式会社ジェーシービー")},
		{"JCB Co., Ltd.", "jcb"},
		{"JCB CO.,LTD.", "jcb"},
		{"Rakuten Group, Inc.", "rakutengroup"},
		{"Kabushiki Kaisha Toshiba", "toshiba"},
		{"Toshiba K.K.", "toshiba"},
		{"Google LLC", "google"},
		{"Deutsche Telekom AG", "deutschetelekom"},
		{"Barclays Bank PLC", "barclaysbank"},
		{"Banco Santander, S.A.", "bancosantander"},
		{"JPMorgan Chase Bank, N.A.", "jpmorganchasebank"},
		{"JPMorgan Chase & Co.", "jpmorganchase"},
		{"The Bank of Yokohama, Ltd.", "bankofyokohama"},
		{"Amazon.com, Inc.", "amazoncom"},
		{"Inc.", "inc"}, // a legal form alone stays: it is not nothing
		{"株式会社", ""},
		{"", ""},
		{"  ,.;  ", ""},
		{"REDACTED FOR PRIVACY", "redactedforprivacy"},
	}
	for _, tc := range tests {
		if got := NormalizeEntity(tc.in); got != tc.want {
			t.Errorf("NormalizeEntity(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if n := NormalizeEntity(strings.Repeat("株式会社ア", 10000)); len(n) > 4*MaxEntity {
		t.Errorf("NormalizeEntity of a long input gives %d bytes", len(n))
	}
}

func brandIDs(bs []*Brand) string {
	var s []string
	for _, b := range bs {
		s = append(s, b.ID)
	}
	return strings.Join(s, ",")
}

func TestEntities(t *testing.T) {
	tb := Default()
	tests := []struct {
		registrant string
		entityOf   string   // brands whose entity it is
		is         []string // IsEntity true (group members included)
		isNot      []string
	}{
		{"Fusion Communications Corporation", "smartalk", []string{"smartalk", "rakuten"}, []string{"amazon", "docomo"}},
		{"フュージョン・コミュニケーションズ株式会社", "smartalk", []string{"smartalk"}, nil},
		{"ﾌｭｰｼﾞｮﾝ･ｺﾐｭﾆｹｰｼｮﾝｽﾞ㈱", "smartalk", []string{"smartalk"}, nil},
		{"Rakuten Group, Inc.", "rakuten", []string{"rakuten", "smartalk"}, []string{"amazon"}},
		{"楽天グループ株式会社", "rakuten", []string{"smartalk"}, nil},
		{"Amazon Technologies, Inc.", "amazon", []string{"amazon"}, []string{"apple"}},
		{"Amazon Technologies Inc", "amazon", []string{"amazon"}, nil},
		{"AMAZON TECHNOLOGIES INC.", "amazon", []string{"amazon"}, nil},
		{"JPMorgan Chase & Co.", "chase", []string{"chase", "wamu"}, []string{"citi"}},
		{"Sumitomo Mitsui Card Company, Limited", "smbc-card", []string{"smbc-card", "smbc"}, []string{"mufg"}},
		{"三井住友カード株式会社", "smbc-card", []string{"smbc-card"}, nil},
		{"East Japan Railway Company", "ekinet", []string{"ekinet", "viewcard"}, []string{"jrwest"}},
		{"西日本旅客鉄道株式会社", "jrwest", []string{"jrwest"}, []string{"ekinet"}},
		{"株式会社NTTドコモ", "docomo", []string{"docomo", "plala"}, nil},
		{"KDDI CORPORATION", "kddi", []string{"kddi", "biglobe", "jibunbank"}, nil},
		{"Not Amazon Technologies Inc", "", nil, []string{"amazon"}},
		{"Amazon", "", nil, []string{"amazon"}},
		{"REDACTED FOR PRIVACY", "", nil, []string{"amazon", "rakuten"}},
		{"", "", nil, []string{"amazon"}},
	}
	for _, tc := range tests {
		if got := brandIDs(tb.EntityOf(tc.registrant)); got != tc.entityOf {
			t.Errorf("EntityOf(%q) = %q, want %q", tc.registrant, got, tc.entityOf)
		}
		for _, id := range tc.is {
			if !tb.IsEntity(tb.ByID(id), tc.registrant) {
				t.Errorf("IsEntity(%s, %q) = false", id, tc.registrant)
			}
		}
		for _, id := range tc.isNot {
			if tb.IsEntity(tb.ByID(id), tc.registrant) {
				t.Errorf("IsEntity(%s, %q) = true", id, tc.registrant)
			}
		}
	}
	if tb.IsEntity(nil, "Amazon Technologies, Inc.") || tb.IsEntity(&Brand{ID: "nope"}, "Amazon Technologies, Inc.") {
		t.Error("IsEntity of a nil or unknown brand")
	}
}

func TestProtectionRegistrar(t *testing.T) {
	tb := Default()
	tests := []struct {
		name string
		want bool
	}{
		{"MarkMonitor Inc.", true},
		{"MarkMonitor, Inc.", true},
		{"MARKMONITOR INC", true},
		{"CSC Corporate Domains, Inc.", true},
		{"Corporation Service Company", true},
		{"Nom-iq Ltd. dba COM LAUDE", true},
		{"Com Laude", true},
		{"Safenames Ltd", true},
		{"Corsearch Domains LLC", true},
		{"Brandsight, Inc.", true},
		{"GoDaddy Corporate Domains, LLC", true},
		{"Ascio Technologies, Inc. Danmark - Filial af Ascio technologies, Inc. USA", true},
		{"GMOブライツコンサルティング株式会社", true},
		{"GoDaddy.com, LLC", false},
		{"NameCheap, Inc.", false},
		{"Tucows Domains Inc.", false},
		{"GMO Internet Group, Inc.", false},
		{"Alibaba Cloud Computing (Beijing) Co., Ltd.", false},
		{"", false},
		{"CSC", false},
	}
	for _, tc := range tests {
		if got := tb.ProtectionRegistrar(tc.name); got != tc.want {
			t.Errorf("ProtectionRegistrar(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestTrackersAndSenders(t *testing.T) {
	tb := Default()
	tests := []struct {
		host string
		want bool
	}{
		{"92q24d3t.r.eu-west-1.awstrack.me", true},
		{"u123456.ct.sendgrid.net", true},
		{"ct.sendgrid.net", true},
		{"example.us1.list-manage.com", true},
		{"mandrillapp.com", true},
		{"cl.exct.net", true},
		{"d2v8tf04.na1.hubspotlinks.com", true},
		{"r20.rs6.net", true},
		{"bma.mpse.jp", true},
		{"nam12.safelinks.protection.outlook.com", true},
		{"urldefense.com", true},
		{"AWSTRACK.ME.", true},
		{"awstrack.me.evil.com", false},
		{"notawstrack.me", false},
		{"outlook.com", false},
		{"amazon.com", false},
		{"", false},
		{"bad host", false},
	}
	for _, tc := range tests {
		if got := tb.IsTracker(tc.host); got != tc.want {
			t.Errorf("IsTracker(%q) = %v, want %v", tc.host, got, tc.want)
		}
	}
	st := tb.ByID("smartalk")
	for _, tc := range []struct {
		b    *Brand
		host string
		want bool
	}{
		{st, "bma.mpse.jp", true},
		{tb.ByID("rakuten"), "bma.mpse.jp", true}, // the group
		{tb.ByID("amazon"), "bma.mpse.jp", false},
		{st, "mpse.jp.evil.top", false},
		{nil, "mpse.jp", false},
	} {
		if got := tb.SendsThrough(tc.b, tc.host); got != tc.want {
			t.Errorf("SendsThrough(%v, %q) = %v", tc.b, tc.host, got)
		}
	}
}

// TestFindJapanese: the spellings Japanese phishing uses, in every script
// and width, find the brand; short names that are ordinary words do not.
func TestFindJapanese(t *testing.T) {
	tb := Default()
	tests := []struct{ text, want string }{
		{"【 三井住友カード 】決済完了のお知らせ", "smbc-card"},
		{"＜重要＞【三井住友カード】", "smbc-card"},
		{"ＳＭＢＣカード", "smbc-card"},
		{"Vpass ご利用確認", "smbc-card"},
		{"【えきねっと】自動退会処理", "ekinet"},
		{"JR東日本", "ekinet"},
		{"ＪＲ東日本", "ekinet"},
		{"モバイルSuica", "ekinet"},
		{"JR西日本", "jrwest"},
		{"e5489 予約確認", "jrwest"},
		{"JRおでかけネット", "jrwest"},
		{"コインチェック", "coincheck"},
		{"ｺｲﾝﾁｪｯｸ", "coincheck"},
		{"Coincheck", "coincheck"},
		{"ポケットカード", "pocketcard"},
		{"アプラス", "aplus"},
		{"大和証券", "daiwa"},
		{"SBI証券", "sbisec"},
		{"ＳＢＩ証券", "sbisec"},
		{"横浜銀行", "boy"},
		{"北海道銀行", "hokkaidobank"},
		{"ETC利用照会サービス", "etc"},
		{"ＥＴＣ利用照会サービス", "etc"},
		{"国税庁", "nta"},
		{"e-Tax", "nta"},
		{"総務省", "soumu"},
		{"東京電力", "tepco"},
		{"TEPCO", "tepco"},
		{"au PAY", "kddi"},
		{"ａｕ ＰＡＹ", "kddi"},
		{"auかんたん決済", "kddi"},
		{"KDDI", "kddi"},
		{"NTTドコモ", "docomo"},
		{"docomo", "docomo"},
		{"ドコモ", "docomo"},
		{"SoftBank", "softbank"},
		{"ソフトバンク", "softbank"},
		{"ヤマト運輸", "yamato"},
		{"佐川急便", "sagawa"},
		{"日本郵便", "japanpost"},
		{"メルカリ", "mercari"},
		{"エポスカード", "epos"},
		{"セゾンカード", "saison"},
		{"SAISON CARD", "saison"},
		{"クレディセゾン", "saison"},
		{"イオンカード", "aeon"},
		{"ｲｵﾝｶｰﾄﾞ", "aeon"},
		{"JCB", "jcb"},
		{"三菱UFJニコス", "nicos"},
		{"MUFGカード", "nicos"},
		{"三菱ＵＦＪ銀行", "mufg"},
		{"ビューカード", "viewcard"},
		{"MICARD", "micard"},
		{"エムアイカード", "micard"},
		{"TS CUBIC CARD", "tscubic"},
		{"JAバンク", "jabank"},
		{"ＪＡバンク", "jabank"},
		{"BIGLOBE", "biglobe"},
		{"楽天カード", "rakuten"},
		{"スマートーク", "smartalk"},
		{"Amazon.co.jp", "amazon"},
		{"アマゾン", "amazon"},
		{"Yahoo! JAPAN", "yahoo-japan"},
		{"LINE Pay", "line"},
		{"PayPay銀行", "paypay"},
		{"ジャパンネット銀行", "paypay"},
		{"UCカード", "uccard"},
		{"みずほ銀行", "mizuho"},
		{"りそな銀行", "resona"},
		{"ゆうちょ銀行", "yucho"},
		{"NHKプラス", "nhk"},
		{"ヨドバシカメラ", "yodobashi"},
		{"ビックカメラ", "biccamera"},
		{"三越伊勢丹", "isetan-mitsukoshi"},
		{"ANAマイレージクラブ", "ana"},
		{"日本年金機構", "nenkin"},
		{"警視庁", "keishicho"},
		{"bitFlyer", "bitflyer"},
		{"GMOあおぞらネット銀行", "gmo-aozora"},
		{"住信SBIネット銀行", "netbk"},
		{"プロミス", "smbc-cf"},
		{"アコム", "acom"},
		{"ジャックス", "jaccs"},
		{"東京ガス", "tokyogas"},
	}
	for _, tc := range tests {
		hits := tb.Find(tc.text)
		if !slices.ContainsFunc(hits, func(h Hit) bool { return h.Brand.ID == tc.want }) {
			t.Errorf("Find(%q) = %q, want %s among the hits", tc.text, ids(hits), tc.want)
		}
	}
	for _, text := range []string{
		"au revoir", "Au pair wanted", "etc.", "apples, pears, etc", "JA", "line 42: syntax error",
		"Ana and Bob", "your iD", "ライオン", "goo goo dolls", "nicosia",
		"interactive session", "discordant", "Re: [PATCH] mm", "Sitting Bull über alles",
	} {
		if h := tb.Find(text); h != nil {
			t.Errorf("Find(%q) = %q, want nothing", text, ids(h))
		}
	}
	// Ordinary words among the names: in body text only when capitalised.
	for _, text := range []string{"a nifty trick", "a pocket card game", "see the view card details", "in an uber"} {
		if h := tb.FindStrict(text); h != nil {
			t.Errorf("FindStrict(%q) = %q, want nothing", text, ids(h))
		}
	}
}

// TestLookalikesJapan: domain shapes from confirmed Japanese phishing.
func TestLookalikesJapan(t *testing.T) {
	tb := Default()
	tests := []struct{ domain, want string }{
		{"www.aeon.co.jp.tbyzb.com", "aeon"},
		{"eki-net.mortrightarium.shop", "ekinet"},
		{"smbc-card.hosteons5.tokyo", "smbc-card"},
		{"smbcc-card.top", "smbc-card"},
		{"www.etc-meisai.jp.5kcquo.cn", "etc"},
		{"etc-meisia.example-shop.xyz", "etc"},
		{"eposcared.com", "epos"},
		{"www.eposcard-jp.k8iuhixh3.cn", "epos"},
		{"saisoncard.co.jp.dnsredirctfromweblinkx.xyz", "saison"},
		{"mercari-jp.top", "mercari"},
		{"coincheck-login.com", "coincheck"},
		{"jr-odekake.net.xyz.cn", "jrwest"},
		{"aupay-info.top", "kddi"},
		{"inof-auone-jp.top", "kddi"},
		{"biglobe-secure.com", "biglobe"},
	}
	for _, tc := range tests {
		looks := tb.Lookalikes(tc.domain)
		if !slices.ContainsFunc(looks, func(l Look) bool { return l.Brand.ID == tc.want }) {
			var got []string
			for _, l := range looks {
				got = append(got, l.Brand.ID+":"+l.Kind)
			}
			t.Errorf("Lookalikes(%q) = %v, want %s", tc.domain, got, tc.want)
		}
	}
}

func TestLookalikesNotGeneric(t *testing.T) {
	tb := Default()
	// Real domains from legitimate corpus mail that share only a generic
	// word with a brand's label.
	for _, d := range []string{"www.aibgroup.com", "www.aib.ie", "newsletter.online.com", "keionline.org", "optonline.net",
		"postmaster.co.uk", "email-server.info", "hermes.sun.com", "utvinternet.ie", "f1online.de"} {
		if l := tb.Lookalikes(d); len(l) > 0 {
			t.Errorf("Lookalikes(%q) = %s %s %s", d, l[0].Brand.ID, l[0].Kind, l[0].Evidence)
		}
	}
}
