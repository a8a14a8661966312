package received

import (
	"time"

	"github.com/checkmail/checkmail/analysis/report"
)

// ReportHops converts the chain to report hops, top first. Raw and every
// name are as the mail wrote them: escape them before they reach Slack.
func (c Chain) ReportHops() []report.Hop {
	out := make([]report.Hop, len(c.Hops))
	for i, h := range c.Hops {
		r := report.Hop{
			FromHost: h.FromHost,
			Helo:     h.Helo,
			By:       h.By,
			With:     h.With,
			ID:       h.ID,
			Trusted:  i < len(c.Trusted) && c.Trusted[i],
			Origin:   i == c.Origin,
			Raw:      h.Raw,
		}
		if h.FromRDNS != "" {
			r.FromHost = h.FromRDNS
		}
		if h.FromIP.IsValid() {
			r.FromIP = h.FromIP.String()
		}
		if !h.Time.IsZero() {
			r.Time = h.Time.Format(time.RFC3339)
		}
		if i < len(c.Delays) && c.Delays[i] != nil {
			s := int64(c.Delays[i].Seconds())
			r.DelaySeconds = &s
		}
		out[i] = r
	}
	return out
}

// ReportOrigin returns the report's origin, or nil when no origin IP is
// known. Lookups (geo, ASN, network) are left for the caller to fill.
func (c Chain) ReportOrigin() *report.Origin {
	if !c.OriginIP.IsValid() {
		return nil
	}
	o := &report.Origin{IP: c.OriginIP.String(), Source: c.Source}
	if c.Origin >= 0 && c.Origin < len(c.Hops) {
		h := c.Hops[c.Origin]
		o.Host = h.FromRDNS
		if o.Host == "" {
			o.Host = h.FromHost
		}
		o.Helo = h.Helo
		o.ReceivedBy = h.By
	}
	if len(c.Checks) > 0 {
		o.CrossCheck = append([]string(nil), c.Checks...)
	}
	return o
}
