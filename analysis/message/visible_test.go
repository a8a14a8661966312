package message

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestStripTags(t *testing.T) {
	got := StripTags(`<style>p{x}</style><p>Update&nbsp;your <b>card</b></p><script>alert(1)</script>now`)
	if got != "  Update\u00a0your  card   now" {
		t.Errorf("StripTags = %q", got)
	}
}

// indexLower must agree with lower-casing the whole text, invalid UTF-8 and
// letters whose lower case has another length included.
func TestIndexLower(t *testing.T) {
	pieces := []string{"<", "/", "</", "style", "STYLE", "Script", "scr", "İ", "\u212a", "é", "Ä", "\xff", "\xe3\x81", "pt", "x", " ", ">", "ſ", "ＳＴＹＬＥ"}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.IntN(12); k > 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		for _, needle := range []string{"</style", "</script", "<style", "<script"} {
			if got, want := indexLower(s, needle), strings.Index(strings.ToLower(s), needle); got != want {
				t.Fatalf("indexLower(%q, %q) = %d, want %d", s, needle, got, want)
			}
		}
	}
}
