package message

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/internal/ascii"
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
			if got, want := indexLower(s, needle), strings.Index(ascii.Lower(s), needle); got != want {
				t.Fatalf("indexLower(%q, %q) = %d, want %d", s, needle, got, want)
			}
		}
	}
}

// Text whose lower case is longer or shorter than itself (Ⱥ, İ, the
// Kelvin sign) before a style element's end does not move the cut: the
// element is dropped whole and the text after it kept.
func TestStripTagsNonASCIIBeforeStyleEnd(t *testing.T) {
	for _, in := range []string{
		"<style>" + strings.Repeat("İ", 9) + "</style>after",
		"<style>" + strings.Repeat("Ⱥ", 12) + "</style>after", // ⱥ is a byte longer
		"<STYLE>" + strings.Repeat("\u212a", 5) + "</Style>after",
		"<script>\xff\xfe" + strings.Repeat("ſ", 7) + "</SCRIPT >after",
	} {
		if got := StripTags(in); !strings.HasSuffix(got, "after") || strings.Contains(got, "style") || strings.Contains(got, "ſ") {
			t.Errorf("StripTags(%q) = %q", in, got)
		}
	}
}
