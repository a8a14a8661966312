package analysistest

import (
	"encoding/json"
	"strings"
	"time"
)

// DomainRecord describes a domain for Domain, which renders registry and
// registrar answers shaped like Verisign's and a registrar's (see the
// recorded rdap.verisign.com / rdap.markmonitor.com answers in the corpus).
type DomainRecord struct {
	Registrar       string
	RegistrarIANAID string
	RegistrarAbuse  string // abuse e-mail of the registrar
	// Registrant in the registry answer itself (thick registries). Empty:
	// the registry answer carries no registrant.
	Registrant string
	// AtRegistrar is the registrant in the registrar's answer, linked
	// from the registry answer (rel "related"). Empty: no link.
	AtRegistrar string
	// Redacted makes the registrar answer show "REDACTED FOR PRIVACY"
	// (implies a registrar link).
	Redacted bool
	Created  time.Time
	Status   []string
}

func vcard(props ...[]any) []any {
	all := append([][]any{{"version", map[string]any{}, "text", "4.0"}}, props...)
	out := make([]any, len(all))
	for i, p := range all {
		out[i] = p
	}
	return []any{"vcard", out}
}

func prop(name, value string, params ...string) []any {
	p := map[string]any{}
	for i := 0; i+1 < len(params); i += 2 {
		p[params[i]] = params[i+1]
	}
	return []any{name, p, "text", value}
}

func mustJSON(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err) // only static test data reaches here
	}
	return b
}

// Domain registers name with the registry (and registrar) answers built
// from rec.
func (s *RDAPServer) Domain(name string, rec DomainRecord) {
	registry, registrar := DomainJSON(s.URL(), name, rec)
	s.DomainJSON(name, registry)
	if registrar != nil {
		s.RegistrarJSON(name, registrar)
	}
}

// DomainJSON renders the registry answer for name, and the registrar's
// answer when rec has AtRegistrar or Redacted. base is the server URL the
// registrar link points at.
func DomainJSON(base, name string, rec DomainRecord) (registry, registrar []byte) {
	upper := strings.ToUpper(name)
	created := rec.Created.UTC().Format(time.RFC3339)
	self := base + "/rdap/domain/" + upper
	links := []any{map[string]any{"value": self, "rel": "self", "href": self, "type": "application/rdap+json"}}
	withRegistrar := rec.AtRegistrar != "" || rec.Redacted
	regURL := base + "/registrar/domain/" + upper
	if withRegistrar {
		links = append(links, map[string]any{"value": regURL, "rel": "related", "href": regURL, "type": "application/rdap+json"})
	}
	registrarEntity := map[string]any{
		"objectClassName": "entity",
		"handle":          rec.RegistrarIANAID,
		"roles":           []string{"registrar"},
		"publicIds":       []any{map[string]any{"type": "IANA Registrar ID", "identifier": rec.RegistrarIANAID}},
		"vcardArray":      vcard(prop("fn", rec.Registrar)),
		"entities": []any{map[string]any{
			"objectClassName": "entity",
			"roles":           []string{"abuse"},
			"vcardArray":      vcard(prop("fn", ""), prop("email", rec.RegistrarAbuse)),
		}},
	}
	entities := []any{registrarEntity}
	if rec.Registrant != "" {
		entities = append(entities, map[string]any{
			"objectClassName": "entity",
			"roles":           []string{"registrant"},
			"vcardArray":      vcard(prop("org", rec.Registrant, "type", "work"), prop("adr", "", "cc", "JP")),
		})
	}
	status := rec.Status
	if status == nil {
		status = []string{"client transfer prohibited"}
	}
	reg := map[string]any{
		"objectClassName": "domain",
		"handle":          "2138514_DOMAIN_" + strings.ToUpper(name[strings.LastIndexByte(name, '.')+1:]) + "-VRSN",
		"ldhName":         upper,
		"links":           links,
		"status":          status,
		"entities":        entities,
		"events": []any{
			map[string]any{"eventAction": "registration", "eventDate": created},
			map[string]any{"eventAction": "expiration", "eventDate": rec.Created.AddDate(1, 0, 0).UTC().Format(time.RFC3339)},
			map[string]any{"eventAction": "last update of RDAP database", "eventDate": "2021-12-18T00:00:00Z"},
		},
		"secureDNS":       map[string]any{"delegationSigned": false},
		"nameservers":     []any{map[string]any{"objectClassName": "nameserver", "ldhName": "NS1." + upper}},
		"rdapConformance": []string{"rdap_level_0", "icann_rdap_technical_implementation_guide_0", "icann_rdap_response_profile_0"},
		"notices": []any{map[string]any{
			"title":       "Terms of Use",
			"description": []string{"Service subject to Terms of Use."},
		}},
	}
	registry = mustJSON(reg)
	if !withRegistrar {
		return registry, nil
	}
	org := rec.AtRegistrar
	if rec.Redacted {
		org = "REDACTED FOR PRIVACY"
	}
	registrarDoc := map[string]any{
		"objectClassName": "domain",
		"ldhName":         upper,
		"handle":          "D" + strings.ToUpper(strings.ReplaceAll(name, ".", "")) + "-REG",
		"links":           []any{map[string]any{"value": regURL, "rel": "self", "href": regURL, "type": "application/rdap+json"}},
		"status":          status,
		"events": []any{
			// Registrar servers use their own date format.
			map[string]any{"eventAction": "registration", "eventDate": rec.Created.UTC().Format("2006-01-02T15:04:05.000-0700")},
		},
		"entities": []any{
			map[string]any{"roles": []string{"registrant"}, "vcardArray": vcard(prop("fn", org), prop("org", org, "type", "work"), prop("adr", "", "cc", "US"))},
			map[string]any{"roles": []string{"registrar"}, "vcardArray": vcard(prop("org", rec.Registrar, "type", "work"))},
		},
		"rdapConformance": []string{"rdap_level_0"},
	}
	return registry, mustJSON(registrarDoc)
}

// NetworkRecord describes an IP network for NetworkJSON, shaped like the
// RIRs' answers (APNIC's recorded answer for 1.1.1.1 in the corpus).
type NetworkRecord struct {
	Start, End string // "106.184.0.0", "106.188.255.255"
	Name       string // "KDDI"
	Country    string
	Org        string // registrant organisation
	OrgHandle  string
	AbuseEmail string
	AbuseIRT   string // handle of the abuse contact (e.g. IRT-KDDI-JP)
	RIR        string // apnic, ripe, arin, lacnic, afrinic: sets port43
	Registered time.Time
}

// NetworkJSON renders an RDAP ip network answer.
func NetworkJSON(rec NetworkRecord) []byte {
	port43 := map[string]string{"apnic": "whois.apnic.net", "ripe": "whois.ripe.net", "arin": "whois.arin.net", "lacnic": "whois.lacnic.net", "afrinic": "whois.afrinic.net"}[rec.RIR]
	handle := rec.Start + " - " + rec.End
	doc := map[string]any{
		"rdapConformance": []string{"history_version_0", "nro_rdap_profile_0", "cidr0", "rdap_level_0"},
		"notices": []any{map[string]any{
			"title":       "Source",
			"description": []string{"Objects returned came from source", strings.ToUpper(rec.RIR)},
		}},
		"country":         rec.Country,
		"events":          []any{map[string]any{"eventAction": "registration", "eventDate": rec.Registered.UTC().Format(time.RFC3339)}},
		"name":            rec.Name,
		"links":           []any{map[string]any{"rel": "self", "href": "https://rdap." + rec.RIR + ".net/ip/" + rec.Start, "type": "application/rdap+json"}},
		"status":          []string{"active"},
		"type":            "ALLOCATED PORTABLE",
		"startAddress":    rec.Start,
		"endAddress":      rec.End,
		"ipVersion":       "v4",
		"objectClassName": "ip network",
		"handle":          handle,
		"port43":          port43,
		"entities": []any{
			map[string]any{
				"roles":           []string{"technical", "administrative"},
				"objectClassName": "entity",
				"handle":          "JNIC1-AP",
				"vcardArray":      vcard(prop("fn", "Network Operations"), prop("kind", "group"), prop("email", "noc@example.net")),
			},
			map[string]any{
				"roles":           []string{"abuse"},
				"objectClassName": "entity",
				"handle":          rec.AbuseIRT,
				"vcardArray":      vcard(prop("fn", rec.AbuseIRT), prop("kind", "group"), prop("email", rec.AbuseEmail), prop("email", rec.AbuseEmail, "pref", "1")),
			},
			map[string]any{
				"roles":           []string{"registrant"},
				"objectClassName": "entity",
				"handle":          rec.OrgHandle,
				"vcardArray":      vcard(prop("fn", rec.Org), prop("kind", "org")),
			},
		},
	}
	return mustJSON(doc)
}
