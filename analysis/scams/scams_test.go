package scams

import (
	"crypto/sha256"
	"math/big"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/internal/corpusmail"
	"github.com/checkmail/checkmail/internal/corpustest"
)

func TestFindPhones(t *testing.T) {
	tests := []struct {
		text   string
		digits []string
		obf    bool
	}{
		{"Call us at +1 (808) 555-0199 now", []string{"+18085550199"}, false},
		{"call +1 (8O8) 555-0l99 to cancel", []string{"+18085550199"}, true},
		{"Helpline: 1-800-555-0199.", []string{"18005550199"}, false},
		{"(808) 555-0199", []string{"8085550199"}, false},
		{"808.555.0199", []string{"8085550199"}, false},
		{"UK: 020 7946 0018 or +44 20 7946 0018", []string{"02079460018", "+442079460018"}, false},
		{"お電話は０１２０－１２３－４５６まで", []string{"0120123456"}, false},
		{"サポートセンター 03-1234-5678（平日）", []string{"0312345678"}, false},
		{"携帯 090-1234-5678", []string{"09012345678"}, false},
		{"call 8085550199", []string{"8085550199"}, false},
		// Not phone numbers.
		{"Order #112-3456789-1234567 shipped", nil, false},
		{"invoice 8085550199 attached", nil, false},
		{"on 2024-01-15 at 10:30", nil, false},
		{"server 192.168.100.200 down", nil, false},
		{"total $1,234,567.89", nil, false},
		{"https://example.com/track/8085550199", nil, false},
		{"id=808-555-0199", nil, false},
		{"(123) 555-0199", nil, false}, // area code cannot start with 1
		{"version 1.2.3.4.5.6.7.8.9.10", nil, false},
		{"", nil, false},
	}
	for _, tt := range tests {
		got := findPhones(tt.text)
		var digits []string
		for _, p := range got {
			digits = append(digits, p.Digits)
			if p.Obfuscated != tt.obf {
				t.Errorf("%q: %s obfuscated=%v", tt.text, p.Digits, p.Obfuscated)
			}
			if tt.text[p.Start:p.End] != p.Text {
				t.Errorf("%q: offsets %d:%d do not give %q", tt.text, p.Start, p.End, p.Text)
			}
		}
		if strings.Join(digits, ",") != strings.Join(tt.digits, ",") {
			t.Errorf("findPhones(%q) = %v, want %v", tt.text, digits, tt.digits)
		}
	}
}

// b58check encodes version+payload with its checksum (test helper).
func b58check(version byte, payload []byte) string {
	b := append([]byte{version}, payload...)
	h1 := sha256.Sum256(b)
	h2 := sha256.Sum256(h1[:])
	b = append(b, h2[:4]...)
	n := new(big.Int).SetBytes(b)
	var out []byte
	mod := new(big.Int)
	for n.Sign() > 0 {
		n.DivMod(n, big.NewInt(58), mod)
		out = append(out, b58Alphabet[mod.Int64()])
	}
	for _, c := range b {
		if c != 0 {
			break
		}
		out = append(out, '1')
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}

func TestWalletCoin(t *testing.T) {
	h20 := []byte("0123456789abcdefghij")
	tests := []struct {
		addr string
		want Coin
	}{
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", Bitcoin},
		{"3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", Bitcoin},
		{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", Bitcoin},
		{"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", Bitcoin},
		{"bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297", Bitcoin},
		{"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", Ethereum},
		{"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", Ethereum},
		{"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", Tron},
		{b58check(0x30, h20), Litecoin},
		{b58check(0x1e, h20), Dogecoin},
		{b58check(0x41, h20), Tron},
		// Broken checksums, wrong versions, placeholders.
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", NoCoin},
		{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", NoCoin},
		{"bc1qw508d6qejxtdg4y5r3zarvary0c5xW7kv8f3t4", NoCoin},
		{"0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed", NoCoin},
		{"0x0000000000000000000000000000000000000000", NoCoin},
		{b58check(0x99, h20), NoCoin},
		{"abcdefghijkmnopqrstuvwxyz123456", NoCoin},
	}
	for _, tt := range tests {
		if got := walletCoin(tt.addr); got != tt.want {
			t.Errorf("walletCoin(%q) = %v, want %v", tt.addr, got, tt.want)
		}
	}
	ws := findWallets("pay to https://x.example/1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa or 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa, twice 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")
	if len(ws) != 1 || ws[0].Coin != Bitcoin {
		t.Errorf("findWallets: %v", ws)
	}
}

func kinds(hs []Hit) string {
	var s []string
	for _, h := range hs {
		s = append(s, h.Kind.String())
	}
	return strings.Join(s, ",")
}

func TestFind(t *testing.T) {
	tests := []struct {
		name, subject, body, want string
	}{
		{"norton renewal", "Your Norton subscription has been renewed",
			"Dear customer, your Norton 360 Total Protection has been renewed and $399.99 has been charged to your account. " +
				"If you did not authorize this, call our billing department at +1 (8O8) 555-0199 within 24 hours.", "callback"},
		{"geek squad", "Invoice #GS-88122", "Thank you for your order of Geek Squad protection, $249.00. To cancel your order and get a refund call 1-808-555-0199.", "callback"},
		{"paypal invoice", "You've got a new invoice", "PayPal invoice: Amount due $599.00 (Bitcoin purchase). Not you? Call PayPal support: +1 808 555 0199", "callback"},
		{"jp callback", "【重要】未払い料金のお知らせ", "ご利用料金の未払いがあります。本日中にサポートセンター（03-1234-5678）までお電話ください。", "callback"},
		{"norton receipt with a support contact", "Your Norton Order Confirmation", "Your Norton Ultimate Plus subscription has been successfully renewed. Total Amount: $299.99. Support Contact: +1 808-555-0199", "callback"},
		{"phone without lure", "Meeting", "Call me at (808) 555-0199 about the design review.", ""},
		{"lure without phone", "Your order", "Your order has been charged $12.00. Thanks!", ""},
		{"signature with tel", "Re: patch", "The subscription list moved.\n--\nJohn Doe\nTel: +353 1 620 4900", ""},
		{"btc wallet", "Payment", "Send 0.5 BTC to my wallet bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 today.", "crypto_wallet"},
		{"eth donate", "", "Pay the fee in USDT (ERC-20) to 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "crypto_wallet"},
		{"wallet in url only", "", "send: https://explorer.example/address/1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", ""},
		{"crypto balance", "Your account balance", "Your crypto balance of 1.2845 BTC is ready to be withdrawn. Withdraw now.", "crypto_balance"},
		{"balance earned in a coin", "You are now rich on your balance!", "You joined our platform for automatic Bitcoin mining. Your account has earned a balance of $25,745. Withdraw your funds within 24 hours.", "crypto_balance"},
		{"exchange price news", "Market update", "Bitcoin rose to $100,000 this week.", ""},
		{"widow in Portuguese", "Bom dia, minha querida", "Sou a Sra. Anitha, uma viúva doente. Tenho um fundo de donativos que quero doar através de você.", "advance_fee"},
		{"foreign partner", "Business", "I have a business deal: the fund of our late client, 10.2M USD, needs a foreign business partner.", "advance_fee"},
		{"inheritance", "Next of kin", "I am Barrister James, my late client left an inheritance of US$10.5 million. You are the next of kin.", "advance_fee"},
		{"restitution", "Restitution payment", "The compensation fund has approved your restitution payment of $2,500,000.00 (two million five hundred thousand dollars).", "advance_fee"},
		{"heirless estate", "HELLO", "A foreigner bearing your last name died intestate, leaving an estate of usd12,800,000 and no next-of-kin.", "advance_fee"},
		{"the donor", "Doação da Sra. Wanczyk", "Mrs. Mavis Wanczyk has donated five million dollars to you. Email her for a claim.", "advance_fee"},
		{"compensation in Portuguese", "Notice", "Você está qualificado para o pagamento de compensação de € 950.000,00 com cartão de débito multibanco.", "advance_fee"},
		{"jp lottery", "ご当選のお知らせ", "おめでとうございます。当選金 500万円の受取手続きのため、手数料をお振込みください。", "advance_fee"},
		{"news on the UN", "World news", "The United Nations and the World Bank met to discuss the award.", ""},
		{"job", "Remote job offer", "We are hiring a personal assistant. Part-time, work from home, $400 per week.", "job_offer"},
		{"jp job", "副業のご案内", "在宅でできる簡単な作業です。日給2万円以上可能。", "job_offer"},
		{"job post without pay", "Position open", "We have a position for a kernel engineer; flexible hours.", ""},
		{"gift card", "Quick favor", "Are you available? I need you to buy 5 Google Play gift cards of $100, scratch them and send me the codes.", "gift_card"},
		{"gift card promo", "Holiday deals", "Give the gift of choice: buy a gift card today.", ""},
		{"sextortion", "Your account is hacked", "I hacked your device and recorded you on an adult website. Pay $1500 in bitcoin to my wallet or I send the video to all your contacts.", "extortion"},
		{"security news", "Security news", "A trojan was found in a webcam driver; update now.", ""},
		{"full-width phone", "ご請求", "ご請求額について返金手続きはカスタマーセンター ０１２０－９１２－３４５ にお電話ください。", "callback"},
	}
	for _, tt := range tests {
		hs := Find(tt.subject, tt.body)
		if got := kinds(hs); got != tt.want {
			t.Errorf("%s: kinds %q, want %q (%+v)", tt.name, got, tt.want, hs)
		}
		for _, h := range hs {
			if h.Evidence == "" || len(h.Evidence) > 220 {
				t.Errorf("%s: evidence %q", tt.name, h.Evidence)
			}
			if (h.Kind == Callback) != (h.Phone != nil) || (h.Kind == CryptoWallet) != (h.Wallet != nil) {
				t.Errorf("%s: %v phone=%v wallet=%v", tt.name, h.Kind, h.Phone, h.Wallet)
			}
		}
	}
}

func TestKindString(t *testing.T) {
	for k := Callback; k <= Extortion; k++ {
		if k.String() == "unknown" {
			t.Errorf("kind %d has no name", k)
		}
	}
	if Kind(0).String() != "unknown" || Kind(99).String() != "unknown" || Coin(99).String() != "?" {
		t.Error("out-of-range names")
	}
}

func FuzzFind(f *testing.F) {
	f.Add("Your Norton subscription", "has been charged; call +1 (8O8) 555-0199")
	f.Add("", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 send bitcoin")
	f.Add("当選", "受取手続き ０１２０－１２３－４５６ お電話 $1,000,000 1.2 BTC withdraw")
	f.Add("x", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed pay 1111111111111111111114oLvT2")
	for _, raw := range corpustest.Seeds(40) {
		if m, ok := corpusmail.Read(raw); ok {
			f.Add(m.Subject, clip(m.Body, 8<<10))
		}
	}
	f.Fuzz(func(t *testing.T, subject, body string) {
		for _, h := range Find(subject, body) {
			if h.Kind < Callback || h.Kind > Extortion || len(h.Evidence) > 400 {
				t.Fatalf("bad hit %+v", h)
			}
		}
		for _, p := range findPhones(body) {
			if p.Start < 0 || p.End > len(body) || p.Start >= p.End {
				t.Fatalf("bad phone %+v", p)
			}
		}
	})
}

func benchBody() string {
	var b strings.Builder
	for b.Len() < 10<<10 {
		b.WriteString("Hello team, the quarterly report is attached. Please review the order of the sections and " +
			"send comments by Friday. The meeting moved to room 4 at 10:30; call me on 020 7946 0018 if needed. " +
			"Total budget is $12,500 for the year. Thanks, Alice\n")
	}
	return b.String()
}

func BenchmarkFind(b *testing.B) {
	body := benchBody()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		Find("Quarterly report", body)
	}
}

func TestFindMoney(t *testing.T) {
	tests := []struct {
		text           string
		any, million   bool
		amount, crypto string
	}{
		{"a fee of $1,500.00 now", true, false, "$1,500.00", ""},
		{"US$ 4.5 million dollars", true, true, "US$ 4.5", ""},
		{"the sum of USD 10,500,000", true, true, "10,500,000", ""},
		{"2.500.000 € for you", true, true, "2.500.000", ""},
		{"当選金 5,000,000円", true, false, "5,000,000", ""},
		{"Active__mining__balance__0.7495__BTC", false, false, "", "0.7495 BTC"},
		{"pending btc of 0.55615081 waiting", false, false, "", "0.55615081 BTC"},
		{"Claim 5000USDT today", false, false, "", "5000 USDT"},
		{"version 2.6.32 released", false, false, "", ""},
		{"room 404 at 10:30", false, false, "", ""},
	}
	for _, tt := range tests {
		m := findMoney(tt.text)
		if m.any != tt.any || m.million != tt.million || m.text != tt.amount || m.crypto != tt.crypto {
			t.Errorf("findMoney(%q) = %+v", tt.text, m)
		}
	}
}
