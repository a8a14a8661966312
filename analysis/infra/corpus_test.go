package infra

import (
	"os"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/analysis/identity"
	"github.com/checkmail/checkmail/internal/corpusmail"
)

// bounds: per feature, the ceiling on the share of legitimate mail (all
// legitimate sets) and the floor on the share of phishing (all phishing
// sets) it fires on, set just beyond what was measured (comment).
var bounds = map[string][2]float64{
	"from_local_machine_made": {0.0005, 0.030},  // legit 0.0001, phishing 0.0323
	"from_local_random_case":  {0.0005, 0.012},  // 0.0000, 0.0127
	"from_host_machine_made":  {0.0005, 0.025},  // 0.0001, 0.0267
	"link_host_machine_made":  {0.0005, 0.003},  // 0.0000, 0.0040
	"from_abused_tld":         {0.0010, 0.033},  // 0.0004, 0.0357
	"link_abused_tld":         {0.0005, 0.0005}, // 0.0000, 0.0009
	"from_free_infra":         {0.0010, 0.038},  // 0.0005, 0.0407
	"link_free_host":          {0.0200, 0.029},  // 0.0147, 0.0314
	"link_free_service":       {0.0005, 0.042},  // 0.0001, 0.0441
}

func TestCorpusRates(t *testing.T) {
	tally := corpusmail.NewTally()
	corpusmail.Walk(t, func(m *corpusmail.Mail) {
		fired := map[string]string{}
		senders := []string{m.From}
		if m.Set == "jp_phishing_lists" && m.ReplyTo != "" {
			// The list rewrote From; the sender's claim moved to Reply-To.
			senders = append(senders, m.ReplyTo)
		}
		for _, a := range senders {
			local, _, _ := strings.Cut(a, "@")
			dom := identity.Domain(a)
			if MachineMade(local) {
				fired["from_local_machine_made"] = a
			}
			if a == m.From && RandomCase(m.FromLocal) {
				fired["from_local_random_case"] = m.FromLocal + "@" + dom
			}
			if l := MachineMadeHost(dom); l != "" {
				fired["from_host_machine_made"] = a
			}
			if AbusedTLD(dom) {
				fired["from_abused_tld"] = a
			}
			if k := Classify(dom); k != None {
				fired["from_free_infra"] = k.String() + " " + a
			}
		}
		for _, u := range m.LinkURLs {
			f := ClassifyURL(u)
			host := f.Host
			if host == "" {
				continue
			}
			switch f.Kind {
			case None:
			case FreeSubdomainHost, IPFSGateway, Tunnel, FreeDNS:
				fired["link_free_host"] = f.Kind.String() + " " + host
				fired["link_"+f.Kind.String()] = host
			default:
				fired["link_free_service"] = f.Kind.String() + " " + u[:min(len(u), 100)]
				fired["link_"+f.Kind.String()] = u[:min(len(u), 100)]
			}
			if l := MachineMadeHost(host); l != "" {
				fired["link_host_machine_made"] = host
			}
			if AbusedTLD(host) {
				fired["link_abused_tld"] = host
			}
		}
		tally.Mail(m, fired)
	})
	features := []string{"from_local_machine_made", "from_local_random_case", "from_host_machine_made", "link_host_machine_made",
		"from_abused_tld", "link_abused_tld", "from_free_infra", "link_free_host", "link_free_service"}
	for k := FreeSubdomainHost; k <= CloudStorage; k++ {
		features = append(features, "link_"+k.String())
	}
	tally.Report(t, features, os.Getenv("CHECKMAIL_CORPUS_VERBOSE") != "")
	for f, b := range bounds {
		tally.Bounds(t, f, b[0], b[1])
	}
}
