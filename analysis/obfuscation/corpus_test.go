package obfuscation

import (
	"os"
	"testing"

	"github.com/checkmail/checkmail/internal/corpusmail"
)

// legitCeil bounds, per kind, the share of legitimate mail (all
// legitimate sets together) a kind may fire on: just above what was
// measured.
var legitCeil = map[Kind]float64{
	SplitWord: 0.003, InvisibleChars: 0.003, HomoglyphWord: 0.003, RecipientInSubject: 0.003, EncodedDisplayName: 0.003,
}

func TestCorpusRates(t *testing.T) {
	tally := corpusmail.NewTally()
	corpusmail.Walk(t, func(m *corpusmail.Mail) {
		fired := map[string]string{}
		for _, h := range Find(Input{Subject: m.Subject, DisplayName: m.DisplayName, From: m.From, Body: m.Body, Recipients: m.Recipients}) {
			fired[h.Kind.String()] = h.Field.String() + ": " + h.Evidence
			fired[h.Kind.String()+"/"+h.Field.String()] = h.Evidence
			fired["any"] = h.Kind.String()
		}
		tally.Mail(m, fired)
	})
	var features []string
	for k := SplitWord; k <= EncodedDisplayName; k++ {
		features = append(features, k.String())
		for f := InSubject; f <= InBody; f++ {
			features = append(features, k.String()+"/"+f.String())
		}
	}
	features = append(features, "any")
	tally.Report(t, features, os.Getenv("CHECKMAIL_CORPUS_VERBOSE") != "")
	for k, ceil := range legitCeil {
		if r := tally.Rate(k.String(), "legit (all)"); r > ceil {
			t.Errorf("%s fires on %.4f of legitimate mail, ceiling %.4f", k, r, ceil)
		}
	}
}
