package phrase

import (
	"math/rand"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/checkmail/checkmail/internal/corpustest"
)

// unionMembers are matchers whose patterns overlap (the same phrase in two
// members, phrases with the same first bytes and different flags), so that
// one hash bucket of the union holds patterns of several members.
func unionMembers(tb testing.TB) []*Matcher {
	sets := [][]Pattern{
		{
			{Text: "paypal", Start: true}, {Text: "ups", Start: true, End: true, Standalone: true},
			{Text: "Apple", Start: true, End: true, Cased: true}, {Text: "イオン", Start: true, End: true},
			{Text: "ETC利用照会"}, {Text: "verify your account"}, {Text: "ドコモ"}, {Text: "the", Start: true, End: true},
		},
		{
			{Text: "verify your", Start: true}, {Text: "paypal", Start: true, End: true},
			{Text: "apple", Start: true}, {Text: "account", Start: true, End: true}, {Text: "your account"},
			{Text: "ups", Start: true}, {Text: "トコモ"}, {Text: "the "}, {Text: "then", End: true}, {Text: "利用照会"},
		},
		{
			{Text: "pay", Start: true, End: true}, {Text: "paypal"}, {Text: "Verify", Cased: true},
			{Text: "ion", Standalone: true}, {Text: "com", End: true}, {Text: "the", Standalone: true},
			{Text: "イオン"}, {Text: "照会"}, {Text: "ups", Standalone: true, Cased: true},
		},
	}
	var ms []*Matcher
	for _, pats := range sets {
		m, err := New(pats)
		if err != nil {
			tb.Fatal(err)
		}
		ms = append(ms, m)
	}
	return ms
}

// checkUnion compares every member's matches in text, found through a
// Folded of the union, with the member's own Find, and likewise for a
// beginning of text (a clipped body, which the union does not serve).
func checkUnion(t testing.TB, u *Matcher, members []*Matcher, text string) {
	f := FoldTextFor(text, u)
	defer f.Release()
	cut := len(text) / 2
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	for i, m := range members {
		if got, want := m.FindFolded(text, f), m.Find(text); !slices.Equal(got, want) {
			t.Fatalf("member %d in %q: union %v, own %v", i, text, got, want)
		}
		if got, want := m.FindFolded(text[:cut], f), m.Find(text[:cut]); !slices.Equal(got, want) {
			t.Fatalf("member %d in %q[:%d]: folded %v, own %v", i, text, cut, got, want)
		}
	}
}

func TestUnion(t *testing.T) {
	members := unionMembers(t)
	u, err := Union(members...)
	if err != nil {
		t.Fatal(err)
	}
	if want := members[0].Len() + members[1].Len() + members[2].Len(); u.Len() != want {
		t.Fatalf("union has %d patterns, want %d", u.Len(), want)
	}
	texts := []string{
		"", "x", "Verify  your account at PayPal\u200b! ｲｵﾝ and ﾄﾞｺﾓ, Ｕｐｓ ups.com \xff\xfe x ups\tApple ETC利用照会 𝐏𝐚𝐲𝐏𝐚𝐥 Ⱥİ\u212a ups",
		"then the Then THE the. the@x pay paypal Paypal-pay UPS ups_ion ion. ion.com イオン ライオン",
	}
	for _, s := range corpustest.Seeds(300) {
		texts = append(texts, string(s))
	}
	// Random texts over the patterns' pieces and separators.
	pieces := []string{"pay", "pal", "PayPal", "ups", "UPS", "apple", "Apple", "verify", " ", "  ", "your", "account",
		"the", "n", "ion", "イ", "オン", "ラ", "ﾄﾞ", "ｺﾓ", "ドコモ", "ETC", "利用", "照会", ".", "@", "/", "_", ".com", "-",
		"\u200b", "\xff", "é", "Ａ", "x", "1", "\n"}
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 3000; n++ {
		var b strings.Builder
		for k := rng.Intn(40); k > 0; k-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		checkUnion(t, u, members, text)
	}
	// A matcher that is not a member, and a Folded without a union, keep
	// their own results.
	other, err := New([]Pattern{{Text: "paypal"}, {Text: "account"}})
	if err != nil {
		t.Fatal(err)
	}
	text := texts[2]
	f := FoldTextFor(text, u)
	defer f.Release()
	if got, want := other.FindFolded(text, f), other.Find(text); !slices.Equal(got, want) {
		t.Errorf("non-member: %v, want %v", got, want)
	}
	// The union searched directly finds what its members find, shifted.
	var want []Match
	all := u.Find(text)
	for _, x := range all {
		if x.Pattern < members[0].Len() {
			want = append(want, x)
		}
	}
	if got := members[0].Find(text); !slices.Equal(got, want) {
		t.Errorf("member 0: %v, union %v", got, want)
	}
}

func TestUnionErrors(t *testing.T) {
	if _, err := Union(); err == nil {
		t.Error("Union() succeeded, want an error")
	}
	m, err := New([]Pattern{{Text: "abc"}})
	if err != nil {
		t.Fatal(err)
	}
	many := make([]*Matcher, MaxPatterns+1)
	for i := range many {
		many[i] = m
	}
	if _, err := Union(many...); err == nil {
		t.Error("Union of too many patterns succeeded, want an error")
	}
}

// Members searching one Folded from several goroutines all get their own
// matches (the union's pass runs once).
func TestUnionConcurrent(t *testing.T) {
	members := unionMembers(t)
	u, err := Union(members...)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("Verify your account at PayPal, UPS and イオン: the Apple ETC利用照会. ", 20)
	want := make([][]Match, len(members))
	for i, m := range members {
		want[i] = m.Find(text)
	}
	for round := 0; round < 20; round++ {
		f := FoldTextFor(text, u)
		var wg sync.WaitGroup
		for g := 0; g < 6; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				i := g % len(members)
				if got := members[i].FindFolded(text, f); !slices.Equal(got, want[i]) {
					t.Errorf("member %d: %v, want %v", i, got, want[i])
				}
			}()
		}
		wg.Wait()
		f.Release()
	}
}
