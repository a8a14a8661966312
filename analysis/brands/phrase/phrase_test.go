package phrase

import (
	"slices"
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"PayPal", "paypal"},
		{"ＡＭＡＺＯＮ", "amazon"},
		{"ﾗｸﾃﾝ", "ラクテン"},
		{"ﾄﾞｺﾓ", "トコモ"}, // voicing marks vanish on both sides of a match
		{"ドコモ", "トコモ"},
		{"𝐏𝐚𝐲𝐏𝐚𝐥", "paypal"},
		{"Pay\u200bPal", "paypal"},
		{"Pay\u00adPal", "paypal"},
		{"L\ufeffе\ufeffdger", "ledger"},
		{"MеtаМаsk", "metamask"}, // Cyrillic е, а, М
		{"ᴍɪᴄʀᴏꜱᴏꜰᴛ", "microsoft"},
		{"M̶icrosoft", "microsoft"},
		{"Tr\U000E0139ust", "trust"},
		{"Ýóúr fúñds", "your funds"},
		{"a \t\r\n  b", "a b"},
		{"  lead", "lead"},
		{"三菱ＵＦＪ", "三菱ufj"},
		{"ETC利用照会サービス", "etc利用照会サーヒス"},
		{"スマートーク", "スマートーク"},
		{"a\u3000b", "a b"},
		{"pay–pal", "pay-pal"},
		{"bad\xffbyte", "bad byte"},
		{"İ", "i"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name string
		pats []Pattern
	}{
		{"none", nil},
		{"one byte", []Pattern{{Text: "a"}}},
		{"two bytes", []Pattern{{Text: "ab"}}},
		{"only invisible", []Pattern{{Text: "\u200b\u200b"}}},
		{"too long", []Pattern{{Text: strings.Repeat("ab", MaxPatternLen)}}},
	}
	for _, tc := range tests {
		if _, err := New(tc.pats); err == nil {
			t.Errorf("%s: New succeeded, want an error", tc.name)
		}
	}
}

func TestFind(t *testing.T) {
	pats := []Pattern{
		0: {Text: "paypal", Start: true},
		1: {Text: "ups", Start: true, End: true},
		2: {Text: "apple", Start: true, End: true, Cased: true},
		3: {Text: "イオン", Start: true},
		4: {Text: "楽天", Start: true},
		5: {Text: "google", Start: true, End: true, Standalone: true},
		6: {Text: "verify your account"},
		7: {Text: "オリコ", Start: true, End: true},
	}
	m, err := New(pats)
	if err != nil {
		t.Fatal(err)
	}
	type hit struct {
		pat  int
		text string
	}
	tests := []struct {
		name string
		text string
		want []hit
	}{
		{"plain", "Your PayPal account", []hit{{0, "PayPal"}}},
		{"word start only", "PayPalService and mypaypal", []hit{{0, "PayPal"}}},
		{"full width", "ＰａｙＰａｌ", []hit{{0, "ＰａｙＰａｌ"}}},
		{"invisible inside", "Pay\u200bPal", []hit{{0, "Pay\u200bPal"}}},
		{"whole word", "groups ups-and-downs", []hit{{1, "ups"}}},
		{"not inside word", "groups startups", nil},
		{"cased", "apple pie, Apple ID", []hit{{2, "Apple"}}},
		{"cased lower only", "an apple a day", nil},
		{"katakana boundary", "ライオン", nil},
		{"katakana ok", "イオンカード", []hit{{3, "イオン"}}},
		{"half width katakana", "ｲｵﾝ銀行", []hit{{3, "ｲｵﾝ"}}},
		{"kanji no boundary", "【楽天】お知らせ", []hit{{4, "楽天"}}},
		{"katakana end boundary", "オリコン", nil},
		{"standalone address", "x@google.com and www.google.com", nil},
		{"standalone word", "Google said. google.", []hit{{5, "Google"}}},
		{"phrase across spaces", "Please VERIFY\n  your   account now", []hit{{6, "VERIFY\n  your   account"}}},
		{"once each", "paypal paypal PayPal", []hit{{0, "paypal"}}},
		{"order", "楽天 and PayPal", []hit{{4, "楽天"}, {0, "PayPal"}}},
		{"empty", "", nil},
		{"truncated phrase", "verify your acc", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []hit
			ms := m.Find(tc.text)
			for _, x := range ms {
				got = append(got, hit{x.Pattern, tc.text[x.Start:x.End]})
			}
			if len(got) != len(tc.want) {
				t.Fatalf("Find(%q) = %v, want %v", tc.text, got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("Find(%q) = %v, want %v", tc.text, got, tc.want)
				}
			}
			// A text folded once gives the same matches; a folded text
			// of another text is not used.
			if f := m.FindFolded(tc.text, FoldText(tc.text)); !slices.Equal(f, ms) {
				t.Errorf("FindFolded(%q) = %v, Find = %v", tc.text, f, ms)
			}
			if f := m.FindFolded(tc.text, FoldText("PayPal "+tc.text)); !slices.Equal(f, ms) {
				t.Errorf("FindFolded(%q, other text) = %v, Find = %v", tc.text, f, ms)
			}
		})
	}
}

func TestFindConcurrent(t *testing.T) {
	m, err := New([]Pattern{{Text: "paypal"}, {Text: "楽天"}})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan bool)
	for g := 0; g < 8; g++ {
		go func() {
			ok := true
			for i := 0; i < 200; i++ {
				if len(m.Find("楽天 PayPal")) != 2 || len(m.Find("nothing here")) != 0 {
					ok = false
				}
			}
			done <- ok
		}()
	}
	for g := 0; g < 8; g++ {
		if !<-done {
			t.Error("wrong result under concurrency")
		}
	}
}

func FuzzFind(f *testing.F) {
	m, err := New([]Pattern{
		{Text: "paypal", Start: true}, {Text: "ups", Start: true, End: true, Standalone: true},
		{Text: "Apple", Start: true, End: true, Cased: true}, {Text: "イオン", Start: true, End: true},
		{Text: "ETC利用照会"}, {Text: "verify your account"},
	})
	if err != nil {
		f.Fatal(err)
	}
	members := unionMembers(f)
	u, err := Union(members...)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"PayPal", "ﾗｸﾃﾝ ｲｵﾝ", "x@ups.com", "\xff\xfe", "𝐏𝐚𝐲", "ｶﾞ\u200b", "verify  your\taccount", "the Then paypal-pay UPS ion.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Every member of a union finds through it what it finds alone.
		checkUnion(t, u, members, s)
		for _, x := range m.Find(s) {
			if x.Start < 0 || x.End > len(s) || x.Start >= x.End {
				t.Fatalf("bad span %+v for %q", x, s)
			}
		}
		// Folding is idempotent on its own output.
		once := Fold(s)
		if twice := Fold(once); twice != once {
			t.Fatalf("Fold not idempotent: %q -> %q -> %q", s, once, twice)
		}
	})
}

// A text folded once serves every beginning of it (a body clipped to a
// reader's limit) with Find's result, wherever the cut falls.
func TestFindFoldedPrefix(t *testing.T) {
	m, err := New([]Pattern{
		{Text: "paypal", Start: true}, {Text: "ups", Start: true, End: true, Standalone: true},
		{Text: "Apple", Start: true, End: true, Cased: true}, {Text: "イオン", Start: true, End: true},
		{Text: "ETC利用照会"}, {Text: "verify your account"}, {Text: "ドコモ"},
	})
	if err != nil {
		t.Fatal(err)
	}
	text := "Verify  your account at PayPal\u200b! ｲｵﾝ and ﾄﾞｺﾓ, Ｕｐｓ ups.com \xff\xfe x ups\tApple ETC利用照会 𝐏𝐚𝐲𝐏𝐚𝐥 Ⱥİ\u212a ups"
	f := FoldText(text)
	defer f.Release()
	for n := 0; n <= len(text); n++ {
		prefix := text[:n]
		if got, want := m.FindFolded(prefix, f), m.Find(prefix); !slices.Equal(got, want) {
			t.Errorf("FindFolded(text[:%d]) = %v, Find = %v", n, got, want)
		}
	}
}
