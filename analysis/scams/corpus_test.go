package scams

import (
	"os"
	"testing"

	"github.com/checkmail/checkmail/internal/corpusmail"
)

// bounds: per kind, the ceiling on the share of legitimate mail (all
// legitimate sets) and the floor on the share of phishing (all phishing
// sets) it fires on, set just beyond what was measured (comment).
var bounds = map[Kind][2]float64{
	Callback:      {0.0015, 0.005},  // legit 0.0007, phishing 0.0065
	CryptoWallet:  {0.0005, 0.0005}, // 0, 0.0009
	CryptoBalance: {0.0005, 0.0050}, // 0, 0.0053
	AdvanceFee:    {0.0010, 0.0135}, // 0.0004, 0.0143
	JobOffer:      {0.0005, 0.0003}, // 0, 0.0006
	GiftCard:      {0.0005, 0.0025}, // 0, 0.0028
	Extortion:     {0.0005, 0.0001}, // 0, 0.0003
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
	for k, b := range bounds {
		tally.Bounds(t, k.String(), b[0], b[1])
	}
}
