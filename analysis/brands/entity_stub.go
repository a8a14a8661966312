package brands

import "strings"

// TEMPORARY until the brand data file lands: entity match by brand names.
func (t *Table) IsEntity(b *Brand, registrant string) bool {
	r := strings.ToLower(registrant)
	check := func(b *Brand) bool {
		for _, n := range append([]string{b.Name, b.NameJA}, b.Names...) {
			if n = strings.ToLower(n); len(n) >= 3 && strings.Contains(r, n) {
				return true
			}
		}
		return false
	}
	if check(b) {
		return true
	}
	p := t.ByID(b.Parent)
	return p != nil && check(p)
}

// TEMPORARY.
func (t *Table) ProtectionRegistrar(name string) bool {
	l := strings.ToLower(name)
	for _, w := range []string{"markmonitor", "csc corporate", "com laude", "safenames", "corsearch", "brandsight"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// TEMPORARY.
func (t *Table) IsTracker(host string) bool {
	h := strings.ToLower(host)
	for _, s := range []string{"awstrack.me", "sendgrid.net", "list-manage.com", "mandrillapp.com", "sparkpostmail.com", "exacttarget.com", "hubspotlinks.com", "hs-analytics.net", "spmailtechno.com"} {
		if h == s || strings.HasSuffix(h, "."+s) {
			return true
		}
	}
	return false
}
