package rdap_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/checkmail/checkmail/analysis/rdap"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/internal/corpustest"
)

func TestRecordedAnswers(t *testing.T) {
	dir := filepath.Join(corpustest.Dir(t), "rdap_whoisit", "recorded_http")
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	n, err := rdap.NetworkFromJSON(read("rdap.apnic.net_ip_1.1.1.1.json"), "https://rdap.apnic.net/ip/1.1.1.1")
	if err != nil {
		t.Fatal(err)
	}
	want := report.Network{Name: "APNIC-LABS", Handle: "1.1.1.0 - 1.1.1.255", Range: "1.1.1.0 - 1.1.1.255",
		Org: "APNIC Research and Development", Country: "AU", AbuseEmail: "helpdesk@apnic.net", Source: "rdap:apnic"}
	if n != want {
		t.Errorf("apnic: got  %+v\nwant %+v", n, want)
	}
	n, err = rdap.NetworkFromJSON(read("rdap.arin.net_registry_ip_2606_4700___32.json"), "https://rdap.arin.net/registry/ip/2606:4700::/32")
	if err != nil || n.Source != "rdap:arin" || n.Range == "" || n.Name == "" {
		t.Errorf("arin: %+v %v", n, err)
	}
	t.Logf("arin: %+v", n)

	d, links, err := rdap.DomainFromJSON(read("rdap.verisign.com_com_v1_domain_google.com.json"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Registrar != "MarkMonitor Inc." || d.Registrant != "" || !d.Created.Equal(time.Date(1997, 9, 15, 4, 0, 0, 0, time.UTC)) || len(d.Status) != 6 {
		t.Errorf("verisign: %+v", d)
	}
	if len(links) != 1 || links[0] != "https://rdap.markmonitor.com/rdap/domain/GOOGLE.COM" {
		t.Errorf("verisign links: %q", links)
	}
	d, _, err = rdap.DomainFromJSON(read("rdap.markmonitor.com_rdap_domain_GOOGLE.COM.json"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Registrant != "Google LLC" || d.Registrar != "MarkMonitor Inc." || !d.Created.Equal(time.Date(1997, 9, 15, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("markmonitor: %+v", d)
	}
}

// TestIPWhoisFixtures converts the ten real RIR answers of secynic/ipwhois
// (old server quirks: "/32" suffixes, zero-padded octets).
func TestIPWhoisFixtures(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(corpustest.Dir(t), "rdap_ipwhois", "rdap.json"))
	if err != nil {
		t.Skip(err)
	}
	var m map[string]struct {
		Response json.RawMessage `json:"response"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for ip, v := range m {
		n, err := rdap.NetworkFromJSON(v.Response, "")
		if err != nil {
			// ipwhois' RIPE answers predate objectClassName.
			t.Logf("%s: %v", ip, err)
			continue
		}
		if n.Range == "" || n.Source == "rdap" {
			t.Errorf("%s: %+v", ip, n)
		}
		t.Logf("%s: %+v", ip, n)
	}
}

// TestAllCorpusAnswers converts every RDAP JSON file in the corpus: no
// panic, and a domain or network for the files that are one.
func TestAllCorpusAnswers(t *testing.T) {
	root := corpustest.Dir(t)
	files := 0
	converted := 0
	for _, set := range []string{"rdap_whoisit", "rdap_icann-rdap", "rdap_openrdap", "rdap_icann-conformance"} {
		_ = filepath.WalkDir(filepath.Join(root, set), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(p) != ".json" {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil || len(b) > 2<<20 {
				return nil
			}
			files++
			if _, _, err := rdap.DomainFromJSON(b); err == nil {
				converted++
			}
			if _, err := rdap.NetworkFromJSON(b, ""); err == nil {
				converted++
			}
			return nil
		})
	}
	t.Logf("%d corpus RDAP files, %d converted as a domain or a network", files, converted)
}
