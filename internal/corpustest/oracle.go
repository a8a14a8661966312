package corpustest

import (
	"regexp"
	"strings"
)

// oracleRE is ../shared/tools/eval.py's oracle: the first X-Sender-IP or
// "Authentication-Results: … (sender IP is X)" in the header block, as
// Exchange Online stamps them on the phishing_pot mail.
var (
	oracleRE = regexp.MustCompile(`(?mi)^(?:X-Sender-IP:\s*(\S+)|Authentication-Results:.*?\(sender IP is ([0-9a-fA-F:.]+)\))`)
	unfoldRE = regexp.MustCompile(`\r?\n[ \t]+`)
)

// ExchangeSenderIP reproduces eval.py's oracle_ip byte for byte (first
// 200000 bytes, split at the first "\n\n", unfold, first match); "" when
// the mail carries no stamp.
func ExchangeSenderIP(raw []byte) string {
	if len(raw) > 200000 {
		raw = raw[:200000]
	}
	head := string(raw)
	if i := strings.Index(head, "\n\n"); i >= 0 {
		head = head[:i]
	}
	head = unfoldRE.ReplaceAllString(head, " ")
	m := oracleRE.FindStringSubmatch(head)
	if m == nil {
		return ""
	}
	ip := m[1]
	if ip == "" {
		ip = m[2]
	}
	return strings.Trim(ip, "[]")
}
