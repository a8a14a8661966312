package received

import (
	"os"
	"testing"

	"github.com/checkmail/checkmail/internal/corpustest"
)

// BenchmarkParseWalk measures Parse+Walk per message over a sample of
// corpus header blocks (header splitting is done before the timer).
func BenchmarkParseWalk(b *testing.B) {
	labels := corpustest.Labels(b)
	var msgs []fakeHeaders
	for i := 0; i < len(labels) && len(msgs) < 500; i += 10 {
		raw, err := os.ReadFile(labels[i].Path)
		if err != nil {
			b.Fatal(err)
		}
		msgs = append(msgs, parseHeaderBlock(raw))
	}
	trust := DefaultTrust()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		_ = Walk(msgs[i%len(msgs)], trust)
	}
}

// BenchmarkParseM365 measures one Microsoft 365 chain without the corpus.
func BenchmarkParseM365(b *testing.B) {
	h := headersOf(m365Chain...)
	trust := DefaultTrust()
	b.ReportAllocs()
	for b.Loop() {
		_ = Walk(h, trust)
	}
}
