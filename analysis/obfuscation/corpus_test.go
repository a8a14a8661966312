package obfuscation

import (
	"os"
	"testing"

	"github.com/checkmail/checkmail/internal/corpusmail"
)

// bounds: per kind, the ceiling on the share of legitimate mail (all
// legitimate sets) and the floor on the share of phishing (all phishing
// sets) it fires on, set just beyond what was measured (comment).
var bounds = map[Kind][2]float64{
	SplitWord:          {0.0010, 0.0010}, // legit 0.0004, phishing 0.0016
	InvisibleChars:     {0.0005, 0.0080}, // 0.0001, 0.0090
	HomoglyphWord:      {0.0005, 0.0240}, // 0.0001, 0.0255
	RecipientInSubject: {0.0025, 0.0750}, // 0.0015, 0.0789
	EncodedDisplayName: {0.0010, 0.0030}, // 0.0005, 0.0037
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
	for k, b := range bounds {
		tally.Bounds(t, k.String(), b[0], b[1])
	}
}
