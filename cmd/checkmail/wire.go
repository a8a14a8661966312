package main

import (
	"github.com/checkmail/checkmail/analysis"
	"github.com/checkmail/checkmail/analysis/lookup"
	"github.com/checkmail/checkmail/analysis/received"
	"github.com/checkmail/checkmail/analysis/team"
	"github.com/checkmail/checkmail/config"
)

// newAnalyzer wires the real dependencies from the configuration.
// history is the team's earlier decisions (the triage store); nil: none.
func newAnalyzer(cfg config.Config, history team.History) (*analysis.Analyzer, func(), error) {
	svc, err := lookup.New(lookup.Config{
		Offline:       cfg.Offline,
		Timeout:       cfg.LookupTimeout,
		GeoIPCity:     cfg.GeoIPCity,
		GeoIPASN:      cfg.GeoIPASN,
		RDAPBootstrap: cfg.RDAPBootstrap,
		WHOISServers:  cfg.WHOISServers,
		DNS:           cfg.DNS,
	})
	if err != nil {
		return nil, nil, err
	}
	// A configured authserv-id names the recipient's own servers: trust
	// their Received lines too.
	trust := received.DefaultTrust()
	trust.HostSuffixes = append(trust.HostSuffixes, cfg.TrustedAuthserv...)
	a := analysis.New(analysis.Deps{Lookups: svc, TrustedAuthserv: cfg.TrustedAuthserv, Trust: trust, Team: history})
	return a, func() { svc.Close() }, nil
}
