package infra

import (
	"os"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/analysis/identity"
	"github.com/checkmail/checkmail/internal/corpusmail"
)

// Ceilings on the share of legitimate mail (all legitimate sets together)
// each feature fires on, set just above what was measured.
var legitCeil = map[string]float64{
	"from_local_machine_made": 0.002,
	"from_host_machine_made":  0.002,
	"link_host_machine_made":  0.005,
	"from_abused_tld":         0.002,
	"link_abused_tld":         0.005,
	"from_free_infra":         0.005,
	"link_free_host":          0.02,
	"link_free_service":       0.02,
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
	features := []string{"from_local_machine_made", "from_host_machine_made", "link_host_machine_made",
		"from_abused_tld", "link_abused_tld", "from_free_infra", "link_free_host", "link_free_service"}
	for k := FreeSubdomainHost; k <= CloudStorage; k++ {
		features = append(features, "link_"+k.String())
	}
	tally.Report(t, features, os.Getenv("CHECKMAIL_CORPUS_VERBOSE") != "")
	for f, ceil := range legitCeil {
		if r := tally.Rate(f, "legit (all)"); r > ceil {
			t.Errorf("%s fires on %.4f of legitimate mail, ceiling %.4f", f, r, ceil)
		}
	}
}
