package provider

import (
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/checkmail/checkmail/internal/ascii"
)

// compAuth finds Exchange Online's composite authentication result.
var compAuth = regexp.MustCompile(`(?:^|[\s;])compauth=(pass|fail|softfail|none)\b`)

// maxPairs bounds the key:value pairs read from one Microsoft field.
const maxPairs = 64

// pairs splits "K1:v1;K2:v2;…" (X-Forefront-Antispam-Report,
// X-Microsoft-Antispam, X-Microsoft-Antispam-Mailbox-Delivery) into
// upper-case keys and trimmed values; the first value of a key wins.
func pairs(s string) map[string]string {
	out := map[string]string{}
	for n := 0; s != "" && n < maxPairs; n++ {
		var part string
		part, s, _ = strings.Cut(s, ";")
		k, v, ok := strings.Cut(part, ":")
		if !ok {
			continue
		}
		k = strings.ToUpper(strings.TrimSpace(k))
		if k == "" || len(k) > 16 {
			continue
		}
		if _, dup := out[k]; !dup {
			out[k] = strings.TrimSpace(v)
		}
	}
	return out
}

// level reads a confidence level: an integer from -1 to 9 (Microsoft
// writes SCL -1 for mail that skipped filtering).
func level(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < -1 || n > 9 {
		return 0, false
	}
	return n, true
}

// Microsoft's CAT codes.
var microsoftCategories = map[string]struct {
	cat  Category
	high bool
}{
	"NONE":   {CategoryClean, false},
	"SPM":    {CategorySpam, false},
	"HSPM":   {CategorySpam, true},
	"OSPM":   {CategorySpam, false}, // outbound spam
	"BULK":   {CategoryBulk, false},
	"PHSH":   {CategoryPhishing, false},
	"HPHSH":  {CategoryPhishing, true},
	"HPHISH": {CategoryPhishing, true},
	"INTOS":  {CategoryPhishing, false}, // intra-organisation phishing
	"SPOOF":  {CategorySpoof, false},
	"DIMP":   {CategoryImpersonation, false}, // domain impersonation
	"UIMP":   {CategoryImpersonation, false}, // user impersonation
	"GIMP":   {CategoryImpersonation, false}, // mailbox intelligence impersonation
	"MALW":   {CategoryMalware, false},
	"AMP":    {CategoryMalware, false}, // anti-malware
	"SAP":    {CategoryMalware, false}, // Safe Attachments
	"FTBP":   {CategoryMalware, false}, // filetype block policy
}

// decodeMicrosoft fills o from Microsoft's fields, topmost first.
func decodeMicrosoft(o *Opinion, fs []field) {
	seen := map[string]bool{}
	for _, f := range fs {
		key := strings.ToLower(f.key)
		if seen[key] {
			continue // the topmost copy of each field wins
		}
		seen[key] = true
		o.Fields = append(o.Fields, f.key)
		switch key {
		case "x-forefront-antispam-report":
			forefront(o, pairs(f.value))
		case "x-microsoft-antispam":
			p := pairs(f.value)
			if n, ok := level(p["BCL"]); ok && o.BCL == NoLevel {
				o.BCL = n
			}
			if n, ok := level(p["PCL"]); ok && o.PCL == NoLevel {
				o.PCL = n
			}
		case "x-microsoft-antispam-mailbox-delivery":
			switch d := strings.ToUpper(pairs(f.value)["DEST"]); d {
			case "":
			case "I":
				o.Folder = "inbox"
			case "J":
				o.Folder = "junk"
				o.flag(FlagJunkFolder)
			default:
				if token(d, 4) {
					o.Folder = d
				}
			}
		case "x-ms-exchange-organization-scl":
			// The organisation's SCL is the one Exchange acted on.
			if n, ok := level(f.value); ok {
				o.SCL = n
			}
		case "x-ms-exchange-organization-pcl":
			if n, ok := level(f.value); ok {
				o.PCL = n
			}
		case "x-ms-exchange-organization-bcl":
			if n, ok := level(f.value); ok {
				o.BCL = n
			}
		case "authentication-results":
			// The regexp only where its literal is: most results have
			// no compauth.
			if lv := strings.ToLower(f.value); strings.Contains(lv, "compauth=") {
				if m := compAuth.FindStringSubmatch(lv); m != nil {
					o.CompAuth = m[1]
					if m[1] == "fail" {
						o.flag(FlagSpoofFailed)
					}
				}
			}
		case "x-ms-exchange-organization-authas":
			a := strings.TrimSpace(f.value)
			if token(a, 32) {
				o.AuthAs = a
				if strings.EqualFold(a, "Internal") || strings.EqualFold(a, "Partner") {
					o.flag(FlagAuthenticatedAs)
				}
			}
		}
	}
	if o.SCL == 9 {
		o.flag(FlagHighConfidence)
	}
	if o.BCL >= 7 {
		o.flag(FlagBulkSender)
	}
}

// forefront reads X-Forefront-Antispam-Report.
func forefront(o *Opinion, p map[string]string) {
	if n, ok := level(p["SCL"]); ok && o.SCL == NoLevel {
		o.SCL = n
	}
	if n, ok := level(p["PCL"]); ok && o.PCL == NoLevel {
		o.PCL = n
	}
	if n, ok := level(p["BCL"]); ok && o.BCL == NoLevel {
		o.BCL = n
	}
	if c := strings.ToUpper(p["CAT"]); token(c, 8) {
		o.RawCategory = c
		if m, ok := microsoftCategories[c]; ok {
			o.Category = m.cat
			if m.high {
				o.flag(FlagHighConfidence)
			}
			switch m.cat {
			case CategorySpoof:
				o.flag(FlagSpoofFailed)
			case CategoryImpersonation:
				o.flag(FlagImpersonation)
			}
		}
	}
	if v := strings.ToUpper(p["SFV"]); token(v, 4) {
		o.RawVerdict = v
		switch v {
		case "SPM":
			o.Filtering = FilteringSpam
		case "NSPM":
			o.Filtering = FilteringNotSpam
		case "BLK":
			o.Filtering = FilteringBlocked
			o.flag(FlagBlockedSender)
		case "SKB":
			o.Filtering = FilteringSkipped
			o.flag(FlagBlockedSender)
		case "SKA", "SFE":
			o.Filtering = FilteringSkipped
			o.flag(FlagAllowedSender)
		case "SKS":
			o.Filtering = FilteringSpam
			o.flag(FlagMarkedByRule)
		case "SKN":
			o.Filtering = FilteringSkipped
			o.flag(FlagSkippedByRule)
		case "SKI":
			o.Filtering = FilteringSkipped
			o.flag(FlagIntraOrg)
		case "SKQ":
			o.Filtering = FilteringSkipped
			o.flag(FlagReleased)
		}
	}
	if strings.EqualFold(p["IPV"], "CAL") {
		o.flag(FlagAllowedIP)
	}
	if strings.EqualFold(p["SRV"], "BULK") {
		o.flag(FlagBulkSender)
	}
	if s := p["SFTY"]; s == "9.19" || s == "9.20" {
		o.flag(FlagImpersonation)
	}
	switch d := strings.ToUpper(p["DIR"]); d {
	case "INB":
		o.Direction = d
	case "OUT":
		o.Direction = d
		o.flag(FlagOutbound)
	case "INT":
		o.Direction = d
		o.flag(FlagIntraOrg)
	}
	if a, err := netip.ParseAddr(p["CIP"]); err == nil && !a.IsUnspecified() && a != netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		o.ConnectingIP = a.Unmap().WithZone("").String()
	}
	if c := strings.ToUpper(p["CTRY"]); len(c) == 2 && ascii.IsLetters(c) {
		o.Country = c
	}
	if l := p["LANG"]; token(l, 12) {
		o.Language = strings.ToLower(l)
	}
	if h := p["H"]; hostname(h) {
		o.HELO = h
	}
	if h := p["PTR"]; hostname(h) {
		o.PTR = strings.ToLower(strings.TrimSuffix(h, "."))
	}
}

// token accepts a short code of letters, digits, '-', '_' and '.'.
func token(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// hostname accepts a host name or an address literal as Microsoft writes
// H and PTR.
func hostname(s string) bool {
	if len(s) > 253 {
		return false
	}
	s = strings.Trim(s, "[]")
	return token(s, 253)
}
