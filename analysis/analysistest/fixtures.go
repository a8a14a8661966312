// Package analysistest provides local protocol servers and data for tests
// and benchmarks of the lookups: an RDAP server (httptest), a WHOIS server
// (TCP), a DNS server (miekg/dns), GeoIP databases (mmdbwriter), DKIM
// signing, and Fixtures, which starts them all with the data of the
// SMARTalk story (a real Rakuten mail and its phishing twin).
package analysistest

import (
	"net/netip"
	"testing"
	"time"

	"github.com/checkmail/checkmail/analysis/lookup"
	"github.com/checkmail/checkmail/analysis/report"
)

// Facts of the SMARTalk story.
const (
	SMARTalkOriginIP = "106.185.101.209" // KDDI, Osaka
	PhishOriginIP    = "45.137.21.9"     // M247, Amsterdam
	// FixtureSelector is the DKIM selector whose keys Fixtures publishes
	// for every story domain (see World.Sign).
	FixtureSelector = "checkmail"
)

// Clock is the fixed test clock of the story: 2021-12-18 09:00 JST.
var Clock = time.Date(2021, 12, 18, 0, 0, 0, 0, time.UTC)

// World is every local server of the SMARTalk story, and a lookup.Config
// pointing at them.
type World struct {
	Config   lookup.Config
	RDAP     *RDAPServer
	WHOIS    *WHOISServer
	DNS      *DNSServer
	CityPath string
	ASNPath  string
	Clock    time.Time
}

// Fixtures starts the servers with the story's data. Everything stops when
// the test ends.
//
// The legitimate mail: origin 106.185.101.209 (Osaka, AS2516 KDDI, APNIC
// network KDDI), From @comm.rakuten.co.jp (JPRS: Rakuten Group, Inc.,
// 1997), links to www.ip-phone-smart.jp (JPRS: Rakuten Mobile, Inc., 2014),
// Return-Path @bma.mpse.jp (JPRS: Emberpoint Inc.), DKIM by rakuten.co.jp
// and emberpoint.com (RDAP .com: GMO Internet, registrant Emberpoint Inc.
// at the registrar). DNS: DMARC p=reject for rakuten.co.jp, SPF for
// bma.mpse.jp allowing the origin.
//
// The phishing twin: origin 45.137.21.9 (Amsterdam, AS9009 M247 Europe SRL,
// RIPE), From support@smartalk-rakuten.com and a link to
// card-update-smartalk.com, both registered at NameSilo 4 and 3 days
// before Clock with the registrant redacted; the attacker's SPF, DKIM key
// and DMARC (p=none) are published so its own checks pass.
func Fixtures(t testing.TB) *World {
	t.Helper()
	w := &World{Clock: Clock, RDAP: NewRDAPServer(t), WHOIS: NewWHOISServer(t), DNS: NewDNSServer(t)}

	w.CityPath, w.ASNPath = WriteGeoIP(t, t.TempDir(), []GeoEntry{
		{Prefix: "106.184.0.0/14", Country: "JP", CountryName: "Japan", CountryJA: "日本", City: "Osaka", CityJA: "大阪市", ASN: 2516, ASNOrg: "KDDI CORPORATION"},
		{Prefix: "45.137.20.0/22", Country: "NL", CountryName: "Netherlands", CountryJA: "オランダ", City: "Amsterdam", CityJA: "アムステルダム", ASN: 9009, ASNOrg: "M247 Europe SRL"},
	})

	w.RDAP.IP("106.184.0.0/14", NetworkJSON(NetworkRecord{
		Start: "106.184.0.0", End: "106.188.255.255", Name: "KDDI", Country: "JP",
		Org: "KDDI CORPORATION", OrgHandle: "ORG-KC1-AP", AbuseEmail: "abuse@dion.ne.jp", AbuseIRT: "IRT-KDDI-JP",
		RIR: "apnic", Registered: time.Date(2011, 2, 1, 0, 0, 0, 0, time.UTC),
	}))
	w.RDAP.IP("45.137.20.0/22", NetworkJSON(NetworkRecord{
		Start: "45.137.20.0", End: "45.137.23.255", Name: "M247-EU-AMS", Country: "NL",
		Org: "M247 Europe SRL", OrgHandle: "ORG-MEL1-RIPE", AbuseEmail: "abuse@m247.ro", AbuseIRT: "M247-ABUSE",
		RIR: "ripe", Registered: time.Date(2019, 9, 10, 0, 0, 0, 0, time.UTC),
	}))
	w.RDAP.Domain("emberpoint.com", DomainRecord{
		Registrar: "GMO Internet, Inc.", RegistrarIANAID: "49", RegistrarAbuse: "abuse@gmo.jp",
		AtRegistrar: "Emberpoint Inc.", Created: time.Date(2008, 4, 2, 5, 0, 0, 0, time.UTC),
		Status: []string{"client transfer prohibited"},
	})
	for name, age := range map[string]int{"smartalk-rakuten.com": 4, "card-update-smartalk.com": 3} {
		w.RDAP.Domain(name, DomainRecord{
			Registrar: "NameSilo, LLC", RegistrarIANAID: "1479", RegistrarAbuse: "abuse@namesilo.com",
			Redacted: true, Created: Clock.AddDate(0, 0, -age).Add(-3 * time.Hour),
			Status: []string{"client transfer prohibited", "add period"},
		})
	}

	w.WHOIS.Set("rakuten.co.jp/e", JPRSOrganizational("rakuten.co.jp", "Rakuten Group, Inc.", "1997/04/07", "2022/03/31"))
	w.WHOIS.Set("ip-phone-smart.jp/e", JPRSGeneric("ip-phone-smart.jp", "Rakuten Mobile, Inc.", "2014/05/14", "2022/05/31"))
	w.WHOIS.Set("mpse.jp/e", JPRSGeneric("mpse.jp", "Emberpoint Inc.", "2009/06/02", "2022/06/30"))

	d := w.DNS
	d.TXT("_dmarc.rakuten.co.jp", "v=DMARC1; p=reject; rua=mailto:dmarc-rua@rakuten.co.jp")
	d.TXT("rakuten.co.jp", "v=spf1 include:_spf.rakuten.co.jp -all")
	d.TXT("_spf.rakuten.co.jp", "v=spf1 ip4:106.184.0.0/14 -all")
	d.TXT("bma.mpse.jp", "v=spf1 ip4:106.185.101.0/24 ~all")
	d.TXT("_dmarc.smartalk-rakuten.com", "v=DMARC1; p=none; rua=mailto:report@smartalk-rakuten.com")
	d.TXT("smartalk-rakuten.com", "v=spf1 ip4:45.137.20.0/22 -all")
	for _, dom := range []string{"rakuten.co.jp", "emberpoint.com", "smartalk-rakuten.com"} {
		d.TXT(FixtureSelector+"._domainkey."+dom, Ed25519TXT(FixedKey(dom, FixtureSelector)))
	}

	w.Config = lookup.Config{
		Timeout:       3 * time.Second,
		GeoIPCity:     w.CityPath,
		GeoIPASN:      w.ASNPath,
		RDAPBootstrap: w.RDAP.BootstrapURL(),
		WHOISServers:  map[string]string{"jp": w.WHOIS.Addr()},
		DNS:           w.DNS.Addr(),
		Now:           func() time.Time { return Clock },
		Rate:          -1, // tests and benchmarks hammer the local servers
	}
	return w
}

// Sign adds a DKIM-Signature by domain with the FixtureSelector key that
// Fixtures published (rakuten.co.jp, emberpoint.com, smartalk-rakuten.com).
func (w *World) Sign(t testing.TB, raw []byte, domain string) []byte {
	t.Helper()
	signed, _ := SignDKIMEd25519(t, raw, domain, FixtureSelector)
	return signed
}

// SMARTalkRequest is the lookup request the analyzer builds for the
// legitimate SMARTalk mail (raw: the message, signed or not).
func SMARTalkRequest(raw []byte) lookup.Request {
	return lookup.Request{
		OriginIP: netip.MustParseAddr(SMARTalkOriginIP),
		Domains: []lookup.DomainRequest{
			{Name: "comm.rakuten.co.jp", Roles: []string{report.RoleFrom, report.RoleMessageID}},
			{Name: "rakuten.co.jp", Roles: []string{report.RoleDKIM}},
			{Name: "bma.mpse.jp", Roles: []string{report.RoleReturnPath}},
			{Name: "emberpoint.com", Roles: []string{report.RoleDKIM}},
			{Name: "www.ip-phone-smart.jp", Roles: []string{report.RoleLink}},
		},
		Raw:        raw,
		FromDomain: "comm.rakuten.co.jp",
		MailFrom:   "bounce-sm-12345@bma.mpse.jp",
		Helo:       "mta-a1.bma.mpse.jp",
		Recorded:   report.Auth{SPF: "pass", DKIM: "pass", DMARC: "pass", DKIMPassed: []string{"rakuten.co.jp", "emberpoint.com"}},
	}
}

// PhishRequest is the lookup request for the phishing twin.
func PhishRequest(raw []byte) lookup.Request {
	return lookup.Request{
		OriginIP: netip.MustParseAddr(PhishOriginIP),
		Domains: []lookup.DomainRequest{
			{Name: "smartalk-rakuten.com", Roles: []string{report.RoleFrom, report.RoleReturnPath, report.RoleDKIM, report.RoleMessageID}},
			{Name: "card-update-smartalk.com", Roles: []string{report.RoleLink}},
			{Name: "www.ip-phone-smart.jp", Roles: []string{report.RoleLink}},
		},
		Raw:        raw,
		FromDomain: "smartalk-rakuten.com",
		MailFrom:   "support@smartalk-rakuten.com",
		Helo:       "mail.smartalk-rakuten.com",
		Recorded:   report.Auth{SPF: "pass", DKIM: "pass", DMARC: "pass", DKIMPassed: []string{"smartalk-rakuten.com"}},
	}
}
