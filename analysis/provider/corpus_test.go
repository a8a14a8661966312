package provider

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/analysis/message"
	"github.com/checkmail/checkmail/analysis/received"
	"github.com/checkmail/checkmail/internal/corpustest"
)

// TestCorpus decodes every labelled mail and the Japanese phishing set with
// the trust the Received chain gives, and checks what real mail yields:
// Exchange Online's rating on phishing_pot is trusted, SourceForge's
// SpamAssassin report on the Japanese list mail is not (the lists relayed
// it to the recipient's provider).
func TestCorpus(t *testing.T) {
	labelled := corpustest.Labels(t)
	dir := corpustest.Dir(t)
	jp, _ := filepath.Glob(filepath.Join(dir, "jp_phishing_lists", "*", "*.eml"))
	type stat struct{ mails, withOpinion, trustedMS, untrusted, sa, rspamd, msSCL int }
	stats := map[string]*stat{}
	summaries := map[string]int{}
	paths := make([]string, 0, len(labelled)+len(jp))
	for _, l := range labelled {
		paths = append(paths, l.Path)
	}
	paths = append(paths, jp...)
	for _, p := range paths {
		rel, _ := filepath.Rel(dir, p)
		set, _, _ := strings.Cut(rel, string(filepath.Separator))
		s := stats[set]
		if s == nil {
			s = &stat{}
			stats[set] = s
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m, err := message.Parse(raw, message.Limits{})
		if err != nil {
			continue
		}
		s.mails++
		ops := Decode(m.Header, TrustFromChain(m.Header, received.Walk(m.Header, received.DefaultTrust())))
		if len(ops) > 0 {
			s.withOpinion++
		}
		for _, o := range ops {
			if o.Summary(English) == "" || o.Summary(Japanese) == "" {
				t.Errorf("%s: empty summary", rel)
			}
			switch {
			case o.Vendor == Microsoft && o.Trusted:
				s.trustedMS++
				if o.SCL >= 0 {
					s.msSCL++
				}
			case !o.Trusted:
				s.untrusted++
			}
			switch o.Vendor {
			case SpamAssassin:
				s.sa++
			case Rspamd:
				s.rspamd++
			}
			if set == os.Getenv("SUMMARY_SET") {
				summaries[o.Summary(English)]++
			}
		}
	}
	sets := make([]string, 0, len(stats))
	for k := range stats {
		sets = append(sets, k)
	}
	sort.Strings(sets)
	for _, k := range sets {
		s := stats[k]
		t.Logf("%-32s mails=%5d with-opinion=%5d trusted-microsoft=%5d (with SCL %5d) untrusted=%5d spamassassin=%4d rspamd=%3d",
			k, s.mails, s.withOpinion, s.trustedMS, s.msSCL, s.untrusted, s.sa, s.rspamd)
	}
	if testing.Verbose() {
		keys := make([]string, 0, len(summaries))
		for k := range summaries {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return summaries[keys[i]] > summaries[keys[j]] })
		for _, k := range keys[:min(25, len(keys))] {
			t.Logf("%5d × %s", summaries[k], k)
		}
	}
	if s := stats["phishing_pot"]; s != nil && s.msSCL < 2000 {
		t.Errorf("phishing_pot: %d mails with a trusted Microsoft SCL, want at least 2000 (Exchange Online received 2059)", s.msSCL)
	}
	if s := stats["jp_phishing_lists"]; s != nil && s.sa < 100 {
		t.Errorf("jp_phishing_lists: %d SpamAssassin opinions, want at least 100", s.sa)
	}
}
