package rdap

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
	"time"

	openrdap "github.com/openrdap/rdap"

	"github.com/checkmail/checkmail/analysis/lookup/owner"
	"github.com/checkmail/checkmail/analysis/report"
)

// Bounds on how much of an answer the conversion walks.
const (
	maxEntityDepth = 4
	maxEntities    = 64
	maxStatus      = 16
	maxLinks       = 4
)

// maxObjects bounds the JSON objects in one answer: openrdap's reflective
// decoder needs about a second per MiB of tiny objects, and a real domain
// or network answer has a few dozen.
const maxObjects = 4000

// decode runs openrdap's decoder, turning a panic on hostile input into an
// error.
func decode(b []byte) (obj any, err error) {
	if n := bytes.Count(b, []byte("{")); n > maxObjects {
		return nil, fmt.Errorf("%w: %d objects (limit %d)", ErrTooLarge, n, maxObjects)
	}
	defer func() {
		if r := recover(); r != nil {
			obj, err = nil, fmt.Errorf("%w: decoder panic: %v", ErrBadAnswer, r)
		}
	}()
	obj, err = openrdap.NewDecoder(b).Decode()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadAnswer, err)
	}
	return obj, nil
}

// DomainFromJSON converts an RDAP domain answer. links are the registrar's
// RDAP URLs (rel "related", type application/rdap+json, http(s) only).
func DomainFromJSON(b []byte) (info DomainInfo, links []string, err error) {
	obj, err := decode(b)
	if err != nil {
		return DomainInfo{}, nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			info, links, err = DomainInfo{}, nil, fmt.Errorf("%w: %v", ErrBadAnswer, r)
		}
	}()
	switch o := obj.(type) {
	case *openrdap.Domain:
		return domainInfo(o), relatedRDAPLinks(o.Links), nil
	case *openrdap.Error:
		if o.ErrorCode != nil && *o.ErrorCode == 404 {
			return DomainInfo{}, nil, ErrNotFound
		}
		return DomainInfo{}, nil, fmt.Errorf("%w: server error %s", ErrBadAnswer, errorCode(o))
	default:
		return DomainInfo{}, nil, fmt.Errorf("%w: not a domain object (%T)", ErrBadAnswer, obj)
	}
}

func errorCode(e *openrdap.Error) string {
	if e.ErrorCode == nil {
		return "?"
	}
	return fmt.Sprint(*e.ErrorCode)
}

func domainInfo(d *openrdap.Domain) DomainInfo {
	info := DomainInfo{Source: "rdap", Name: strings.ToLower(owner.Clean(d.LDHName))}
	ents := flatten(d.Entities)
	if e := withRole(ents, "registrar"); e != nil {
		info.Registrar = firstClean(vcardString(e.VCard, "fn"), vcardString(e.VCard, "org"))
	}
	if e := withRole(ents, "registrant"); e != nil {
		// A domain's registrant may be a person: org first, then fn.
		for _, c := range []string{vcardString(e.VCard, "org"), vcardString(e.VCard, "fn")} {
			if c = owner.Clean(c); !owner.Redacted(c) {
				info.Registrant = c
				break
			}
		}
	}
	info.Created = eventDate(d.Events, "registration")
	info.Status = cleanStatus(d.Status)
	return info
}

// NetworkFromJSON converts an RDAP ip network answer from serverURL.
func NetworkFromJSON(b []byte, serverURL string) (n report.Network, err error) {
	obj, err := decode(b)
	if err != nil {
		return report.Network{}, err
	}
	defer func() {
		if r := recover(); r != nil {
			n, err = report.Network{}, fmt.Errorf("%w: %v", ErrBadAnswer, r)
		}
	}()
	if _, help := obj.(*openrdap.Help); help && bytes.Contains(b, []byte(`"startAddress"`)) {
		// Old RIPE answers lack objectClassName; say what they are.
		if fixed, ok := withClassName(b, "ip network"); ok {
			if o2, err := decode(fixed); err == nil {
				obj = o2
			}
		}
	}
	switch o := obj.(type) {
	case *openrdap.IPNetwork:
		return network(o, serverURL), nil
	case *openrdap.Error:
		if o.ErrorCode != nil && *o.ErrorCode == 404 {
			return report.Network{}, ErrNotFound
		}
		return report.Network{}, fmt.Errorf("%w: server error %s", ErrBadAnswer, errorCode(o))
	default:
		return report.Network{}, fmt.Errorf("%w: not an ip network object (%T)", ErrBadAnswer, obj)
	}
}

func network(o *openrdap.IPNetwork, serverURL string) report.Network {
	n := report.Network{
		Name:    owner.Clean(o.Name),
		Handle:  owner.Clean(o.Handle),
		Country: owner.Clean(o.Country),
	}
	start, end := cleanAddr(o.StartAddress), cleanAddr(o.EndAddress)
	if start != "" && end != "" {
		n.Range = start + " - " + end
	}
	ents := flatten(o.Entities)
	if e := withRole(ents, "registrant"); e != nil {
		n.Org = firstClean(vcardString(e.VCard, "org"), orgFN(e.VCard))
	}
	if e := withRole(ents, "abuse"); e != nil {
		n.AbuseEmail = owner.Clean(vcardString(e.VCard, "email"))
	}
	rir := RIR(o.Port43, serverURL)
	n.Source = "rdap"
	if rir != "" {
		n.Source = "rdap:" + rir
	}
	return n
}

// withClassName adds objectClassName to a JSON object that lacks it.
func withClassName(b []byte, class string) ([]byte, bool) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, false
	}
	if _, ok := m["objectClassName"]; ok {
		return nil, false
	}
	m["objectClassName"], _ = json.Marshal(class)
	out, err := json.Marshal(m)
	return out, err == nil
}

// cleanAddr normalises old servers' quirks: "62.239.237.0/32",
// "074.125.000.000".
func cleanAddr(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '/'); i >= 0 {
		s = s[:i]
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return a.String()
	}
	parts := strings.Split(s, ".")
	if len(parts) == 4 {
		for i, p := range parts {
			p = strings.TrimLeft(p, "0")
			if p == "" {
				p = "0"
			}
			parts[i] = p
		}
		if a, err := netip.ParseAddr(strings.Join(parts, ".")); err == nil {
			return a.String()
		}
	}
	return owner.Clean(s)
}

// RIR names the regional registry from a port43 host or a server URL.
func RIR(port43, serverURL string) string {
	cands := []string{strings.ToLower(port43)}
	if u, err := url.Parse(serverURL); err == nil {
		cands = append(cands, strings.ToLower(u.Hostname()))
	}
	for _, c := range cands {
		for _, r := range []string{"apnic", "arin", "ripe", "lacnic", "afrinic"} {
			if strings.Contains(c, r) {
				return r
			}
		}
	}
	return ""
}

// flatten lists entities breadth-first, nested ones included, bounded.
func flatten(top []openrdap.Entity) []*openrdap.Entity {
	var out []*openrdap.Entity
	level := make([]*openrdap.Entity, 0, len(top))
	for i := range top {
		level = append(level, &top[i])
	}
	for depth := 0; depth < maxEntityDepth && len(level) > 0; depth++ {
		var next []*openrdap.Entity
		for _, e := range level {
			if len(out) >= maxEntities {
				return out
			}
			out = append(out, e)
			for i := range e.Entities {
				next = append(next, &e.Entities[i])
			}
		}
		level = next
	}
	return out
}

// withRole returns the first entity (breadth-first) with role.
func withRole(ents []*openrdap.Entity, role string) *openrdap.Entity {
	for _, e := range ents {
		for _, r := range e.Roles {
			if strings.EqualFold(strings.TrimSpace(r), role) {
				return e
			}
		}
	}
	return nil
}

// vcardString returns the first non-empty value of property name.
func vcardString(v *openrdap.VCard, name string) string {
	if v == nil {
		return ""
	}
	for _, p := range v.Get(name) {
		for _, s := range p.Values() {
			if s = strings.TrimSpace(s); s != "" {
				return s
			}
		}
	}
	return ""
}

// orgFN is the fn of a vCard whose kind is org (or unstated).
func orgFN(v *openrdap.VCard) string {
	kind := strings.ToLower(vcardString(v, "kind"))
	if kind == "" || kind == "org" || kind == "group" {
		return vcardString(v, "fn")
	}
	return ""
}

func firstClean(cands ...string) string {
	for _, c := range cands {
		if c = owner.Clean(c); c != "" && !owner.Redacted(c) {
			return c
		}
	}
	return ""
}

func eventDate(events []openrdap.Event, action string) (t0 time.Time) {
	for _, e := range events {
		if strings.EqualFold(strings.TrimSpace(e.Action), action) {
			if t, ok := owner.ParseDate(e.Date); ok {
				return t
			}
		}
	}
	return t0
}

func cleanStatus(in []string) []string {
	var out []string
	for _, s := range in {
		if s = owner.Clean(s); s != "" && len(out) < maxStatus {
			out = append(out, s)
		}
	}
	return out
}

func relatedRDAPLinks(links []openrdap.Link) []string {
	var out []string
	for _, l := range links {
		if !strings.EqualFold(l.Rel, "related") || !strings.Contains(strings.ToLower(l.Type), "rdap+json") {
			continue
		}
		u, err := url.Parse(strings.TrimSpace(l.Href))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			continue
		}
		out = append(out, u.String())
		if len(out) >= maxLinks {
			break
		}
	}
	return out
}
