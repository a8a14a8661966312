package scams

import (
	"os"
	"testing"

	"github.com/checkmail/checkmail/internal/corpusmail"
)

// legitCeil bounds, per kind, the share of legitimate mail (all
// legitimate sets together) a kind may fire on: just above what was
// measured.
var legitCeil = map[Kind]float64{
	Callback: 0.003, CryptoWallet: 0.001, CryptoBalance: 0.001, AdvanceFee: 0.005,
	JobOffer: 0.005, GiftCard: 0.001, Extortion: 0.001,
}

func TestCorpusRates(t *testing.T) {
	tally := corpusmail.NewTally()
	corpusmail.Walk(t, func(m *corpusmail.Mail) {
		fired := map[string]string{}
		for _, h := range Find(m.Subject, m.Body) {
			fired[h.Kind.String()] = h.Evidence
			fired["any"] = h.Kind.String()
		}
		tally.Mail(m, fired)
	})
	var features []string
	for k := Callback; k <= Extortion; k++ {
		features = append(features, k.String())
	}
	features = append(features, "any")
	tally.Report(t, features, os.Getenv("CHECKMAIL_CORPUS_VERBOSE") != "")
	for k, ceil := range legitCeil {
		if r := tally.Rate(k.String(), "legit (all)"); r > ceil {
			t.Errorf("%s fires on %.4f of legitimate mail, ceiling %.4f", k, r, ceil)
		}
	}
}
