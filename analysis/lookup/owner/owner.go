// Package owner holds the registration facts about a domain that both the
// RDAP and the WHOIS clients produce, so the orchestrator can treat their
// answers alike.
package owner

import "time"

// DomainInfo is who registered a domain and when.
type DomainInfo struct {
	Name       string    // the domain as the registry spelled it (may be empty)
	Registrar  string    // e.g. "MarkMonitor Inc."
	Registrant string    // organisation or name; empty when redacted or not disclosed
	Created    time.Time // zero when unknown
	Status     []string
	Source     string // "rdap" or "whois"
	Server     string // the server that answered (URL or host:port), for the record
}

// Empty reports whether d carries no registration fact at all.
func (d DomainInfo) Empty() bool {
	return d.Registrar == "" && d.Registrant == "" && d.Created.IsZero() && len(d.Status) == 0
}
