package phrase

import (
	"golang.org/x/text/unicode/norm"
	"testing"
)

func TestKanaVoicedTable(t *testing.T) {
	for r := rune(0x3041); r <= 0x30FC; r++ {
		has := norm.NFKD.PropertiesString(string(r)).Decomposition() != nil
		if (r <= 0x3096 || r >= 0x30A1) && has != kanaVoiced(r) {
			t.Errorf("%c U+%04X: decomposes=%v kanaVoiced=%v", r, r, has, kanaVoiced(r))
		}
	}
}
