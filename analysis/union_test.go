package analysis

import (
	"slices"
	"testing"

	"github.com/checkmail/checkmail/analysis/brands/phrase"
	"github.com/checkmail/checkmail/analysis/message"
	"github.com/checkmail/checkmail/analysis/scams"
	"github.com/checkmail/checkmail/internal/corpustest"
)

// The brands, lures and scams matchers find in a corpus mail's body,
// through the body's one shared pass, what each finds on its own.
func TestBodyUnion(t *testing.T) {
	a := New(Deps{})
	if a.body == nil {
		t.Fatal("no union of the body matchers")
	}
	seeds := corpustest.Seeds(1000)
	if len(seeds) == 0 {
		t.Skip("shared corpus not found")
	}
	members := []*phrase.Matcher{a.deps.Brands.StrictMatcher(), a.deps.Lures.Matcher(), scams.Matcher()}
	found := 0
	for _, raw := range seeds {
		msg, err := message.Parse(raw, a.deps.Limits)
		if err != nil {
			continue
		}
		text := message.VisibleText(msg, 64<<10)
		f := phrase.FoldTextFor(text, a.body)
		for i, m := range members {
			got, want := m.FindFolded(text, f), m.Find(text)
			if !slices.Equal(got, want) {
				t.Fatalf("matcher %d: union %v, own %v in %.200q", i, got, want, text)
			}
			found += len(got)
		}
		f.Release()
	}
	if found == 0 {
		t.Error("no phrase found in the corpus")
	}
	t.Logf("%d mails, %d matches", len(seeds), found)
}
