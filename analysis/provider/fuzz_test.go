package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/checkmail/checkmail/analysis/message"
	"github.com/checkmail/checkmail/internal/corpustest"
)

// parseFields reads "Key: value" lines (continuation lines start with a
// blank) into a header, top first.
func parseFields(s string) message.Header {
	var h message.Header
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line != "" && (line[0] == ' ' || line[0] == '\t') && len(h) > 0 {
			h[len(h)-1].Value += " " + strings.TrimSpace(line)
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		h = append(h, message.Field{Key: k, Value: strings.TrimSpace(v)})
	}
	return h
}

// corpusSeeds returns the rating fields (and the topmost
// Authentication-Results) of a sample of phishing_pot (Microsoft), the
// Japanese list mail (SpamAssassin) and LKML (rspamd), one seed per mail.
func corpusSeeds() []string {
	dir, ok := corpustest.Find()
	if !ok {
		return nil
	}
	var out []string
	for _, g := range []struct {
		glob string
		step int
	}{{"phishing_pot/eml/*.eml", 25}, {"jp_phishing_lists/*/*.eml", 8}, {"lkml_kasan-dev_googlegroups/*/*", 20}, {"trec07p_ham_subset/ham/*", 100}} {
		files, _ := filepath.Glob(filepath.Join(dir, g.glob))
		for i := 0; i < len(files); i += g.step {
			raw, err := os.ReadFile(files[i])
			if err != nil {
				continue
			}
			m, err := message.Parse(raw, message.Limits{})
			if err != nil {
				continue
			}
			var b strings.Builder
			firstAR := true
			for _, f := range m.Header {
				_, ok := vendorOf(f.Key)
				if strings.EqualFold(f.Key, "Authentication-Results") {
					ok, firstAR = firstAR, false
				}
				if ok {
					b.WriteString(f.Key + ": " + f.Value + "\n")
				}
			}
			if b.Len() > 0 {
				out = append(out, b.String())
			}
		}
	}
	return out
}

var ownSeeds = []string{
	forefrontPhish + "\nX-MS-Exchange-Organization-SCL: 9\nX-Microsoft-Antispam: BCL:7;PCL:5;\n",
	"X-Spam-Status: Yes, score=7.9 required=6.0 tests=A,B,\n C autolearn=no\nX-Spam-Report: * 3.6 RCVD_IN_PBL RBL: x * -0.1 DKIM_VALID y (7.9 points, 6.0 required)\n",
	"X-Spamd-Result: default: False [8.20 / 15.00]; PHISHING(4.50)[a]; X((1)\nX-Rspamd-Action: add header\nX-Spam: Yes\n",
	"X-Forefront-Antispam-Report: ;;;:::;SCL:;CAT:;SFV:;CIP:[;H:;;\nAuthentication-Results: compauth=fail\n",
}

// FuzzDecode decodes arbitrary rating fields with arbitrary trust. It must
// not panic, must respect its bounds, and every summary must be printable
// text: whatever the mail wrote reaches it only after validation.
func FuzzDecode(f *testing.F) {
	for _, s := range ownSeeds {
		f.Add(s, uint8(0), false)
		f.Add(s, uint8(3), true)
	}
	for _, s := range corpusSeeds() {
		f.Add(s, uint8(1), true)
	}
	f.Fuzz(func(t *testing.T, s string, above uint8, microsoft bool) {
		h := parseFields(s)
		tr := Trust{Above: int(above)}
		if microsoft {
			tr.Receivers = []Vendor{Microsoft}
		}
		ops := Decode(h, tr)
		if len(ops) > 6 {
			t.Fatalf("%d opinions", len(ops))
		}
		for _, o := range ops {
			if len(o.Tests) > MaxTests || len(o.Fields) > 2*MaxFields {
				t.Fatalf("bounds: %d tests, %d fields", len(o.Tests), len(o.Fields))
			}
			if o.Trusted && above == 0 && !microsoft {
				t.Fatalf("trusted without trust: %+v", o)
			}
			for _, lv := range []int{o.SCL, o.BCL, o.PCL} {
				if lv != NoLevel && (lv < -1 || lv > 9) {
					t.Fatalf("level %d out of range", lv)
				}
			}
			for _, lang := range []string{English, Japanese} {
				sum := o.Summary(lang)
				if sum == "" || !utf8.ValidString(sum) {
					t.Fatalf("summary %q", sum)
				}
				for _, r := range sum {
					if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
						t.Fatalf("control character %U in summary %q", r, sum)
					}
				}
			}
			_ = o.Report()
		}
	})
}
