package authres

import "github.com/checkmail/checkmail/analysis/report"

// ReportAuth converts the summary to the report's auth section. Alignment
// is left false: the identity package computes it.
func (s Summary) ReportAuth() report.Auth {
	return report.Auth{
		AuthservID: s.AuthservID,
		SPF:        s.SPF,
		DKIM:       s.DKIM,
		DMARC:      s.DMARC,
		ARC:        s.ARC,
		SPFDomain:  s.SPFDomain,
		DKIMPassed: append([]string(nil), s.DKIMPassed...),
		Trusted:    s.Trusted,
	}
}
