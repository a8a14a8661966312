package whois

import (
	"strings"

	"github.com/checkmail/checkmail/analysis/lookup/owner"
)

// Bounds on what a parser looks at.
const (
	maxLines  = 5000
	maxStatus = 16
)

// notFoundMarkers are the "no such domain" answers of common registries.
var notFoundMarkers = []string{
	"no match!!", "no match for", "not found", "no data found", "no entries found",
	"status: free", "status:\tfree", "no object found", "nothing found",
	"domain not found", "object does not exist", "is available for registration",
	"no matching record", "the queried object does not exist",
}

// Parse reads a WHOIS answer: JPRS's bracketed format when it sees one,
// else the generic "Key: value" format. It returns ErrNotFound for the
// registries' "no match" answers and ErrGarbage when nothing was recognised.
func Parse(b []byte) (DomainInfo, error) {
	text := strings.ToValidUTF8(string(b), "\uFFFD")
	var info DomainInfo
	if isJPRS(text) {
		info = ParseJPRS(text)
	} else {
		info = ParseGeneric(text)
	}
	if info.Registrar == "" && info.Registrant == "" && info.Created.IsZero() && notFound(text) {
		return DomainInfo{}, ErrNotFound
	}
	if info.Empty() {
		if notFound(text) {
			return info, ErrNotFound
		}
		return info, ErrGarbage
	}
	return info, nil
}

func notFound(text string) bool {
	head := text
	if len(head) > 4096 {
		head = head[:4096]
	}
	head = strings.ToLower(head)
	for _, m := range notFoundMarkers {
		if strings.Contains(head, m) {
			return true
		}
	}
	return false
}

// isJPRS reports whether text looks like JPRS's "[Key]  value" format.
func isJPRS(text string) bool {
	return strings.Contains(text, "[Domain Name]") || strings.Contains(text, "[ドメイン名]") ||
		strings.Contains(text, "[Registered Date]") || strings.Contains(text, "[Created on]")
}

// lines splits text into at most maxLines lines without the line endings.
func lines(text string) []string {
	ls := strings.SplitN(text, "\n", maxLines+1)
	if len(ls) > maxLines {
		ls = ls[:maxLines]
	}
	for i, l := range ls {
		ls[i] = strings.TrimRight(l, "\r")
	}
	return ls
}

// ParseJPRS reads JPRS's English (NAME/e) and Japanese answers: the generic
// .jp format ([Registrant], [Created on], [Status]) and the co.jp/ne.jp
// format ("g. [Organization]", "[Registered Date]", "[State] Connected
// (2028/06/30)").
func ParseJPRS(text string) DomainInfo {
	info := DomainInfo{Source: "whois"}
	var registrant, organization string
	for _, line := range lines(text) {
		if strings.HasPrefix(line, "Contact Information") || strings.HasPrefix(line, "[公開連絡窓口]") {
			break // contacts follow; their [Name] is not the registrant
		}
		key, val, ok := jprsField(line)
		if !ok {
			continue
		}
		switch key {
		case "Domain Name", "ドメイン名":
			if info.Name == "" {
				info.Name = strings.ToLower(owner.Clean(val))
			}
		case "Registrant", "登録者名":
			if registrant == "" {
				registrant = val
			}
		case "Organization", "組織名":
			if organization == "" {
				organization = val
			}
		case "Created on", "Registered Date", "作成日", "登録年月日":
			if info.Created.IsZero() {
				if t, ok := owner.ParseDate(val); ok {
					info.Created = t
				}
			}
		case "Status", "State", "状態":
			if s := jprsState(val); s != "" && len(info.Status) < maxStatus {
				info.Status = append(info.Status, s)
			}
		}
	}
	for _, cand := range []string{organization, registrant} {
		if c := owner.Clean(cand); !owner.Redacted(c) {
			info.Registrant = c
			break
		}
	}
	return info
}

// jprsField splits "a. [Domain Name]   RAKUTEN.CO.JP" into its key and value.
func jprsField(line string) (key, val string, ok bool) {
	s := strings.TrimSpace(line)
	// Optional "a. " .. "z. " label of the co.jp format.
	if len(s) > 3 && s[0] >= 'a' && s[0] <= 'z' && s[1] == '.' && s[2] == ' ' {
		s = strings.TrimSpace(s[3:])
	}
	if !strings.HasPrefix(s, "[") {
		return "", "", false
	}
	end := strings.IndexByte(s, ']')
	if end < 2 || end > 64 {
		return "", "", false
	}
	return strings.TrimSpace(s[1:end]), strings.TrimSpace(s[end+1:]), true
}

// jprsState turns "Connected (2028/06/30)" into "Connected".
func jprsState(v string) string {
	if i := strings.IndexByte(v, '('); i > 0 {
		v = v[:i]
	}
	return owner.Clean(v)
}

// Generic key names, most preferred first.
var (
	genericRegistrar = []string{
		"registrar", "sponsoring registrar", "registrar name", "registrar organization",
		"registrar organisation", "registration service provider",
	}
	genericRegistrant = []string{
		"registrant organization", "registrant organisation", "registrant contact organisation",
		"registrant", "org", "organization", "organisation", "holder", "owner",
		"registrant name", "registrant contact name", "person",
	}
	genericCreated = []string{
		"creation date", "created", "created on", "created date", "registered on",
		"registration date", "registration time", "registered", "registered date",
		"domain registration date", "record created", "domain record activated", "activated",
	}
	genericStatus = []string{"domain status", "status", "state"}
	genericName   = []string{"domain name", "domain"}
)

func rank(keys []string, k string) int {
	for i, c := range keys {
		if c == k {
			return i
		}
	}
	return -1
}

// ParseGeneric reads "Key: value" answers (gTLD-style thin/thick WHOIS,
// DENIC, CNNIC, nic.ru, EURid, Nominet's indented blocks …).
func ParseGeneric(text string) DomainInfo {
	info := DomainInfo{Source: "whois"}
	bestRegistrar, bestRegistrant, bestCreated := -1, -1, -1
	ls := lines(text)
	for i := 0; i < len(ls); i++ {
		line := ls[i]
		t := strings.TrimSpace(line)
		if t == "" || t[0] == '%' || t[0] == '#' || t[0] == ';' {
			continue
		}
		if strings.HasPrefix(t, ">>>") {
			break // end of data; legal text follows
		}
		key, val, ok := genericField(t)
		if !ok {
			continue
		}
		if val == "" && i+1 < len(ls) && indent(ls[i+1]) > indent(line) && !isKeyValue(ls[i+1]) {
			// Nominet style: the value is on the next, deeper-indented line.
			val = strings.TrimSpace(ls[i+1])
			i++
		}
		if val == "" {
			continue
		}
		if r := rank(genericRegistrar, key); r >= 0 && (bestRegistrar < 0 || r < bestRegistrar) {
			if c := owner.Clean(stripURL(val)); c != "" && !strings.EqualFold(c, "no registrar listed.") && !owner.Redacted(c) {
				info.Registrar, bestRegistrar = c, r
			}
		}
		if r := rank(genericRegistrant, key); r >= 0 && (bestRegistrant < 0 || r < bestRegistrant) {
			if c := owner.Clean(val); !owner.Redacted(c) {
				info.Registrant, bestRegistrant = c, r
			}
		}
		if r := rank(genericCreated, key); r >= 0 && (bestCreated < 0 || r < bestCreated) {
			if d, ok := owner.ParseDate(val); ok {
				info.Created, bestCreated = d, r
			}
		}
		if rank(genericStatus, key) >= 0 && len(info.Status) < maxStatus {
			if s := owner.Clean(stripURL(val)); s != "" {
				info.Status = append(info.Status, s)
			}
		}
		if rank(genericName, key) >= 0 && info.Name == "" {
			info.Name = strings.ToLower(owner.Clean(val))
		}
	}
	return info
}

// genericField splits "Registrar: Foo" (key lower-cased). Keys are short
// and contain no URL.
func genericField(t string) (key, val string, ok bool) {
	i := strings.IndexByte(t, ':')
	if i <= 0 || i > 48 {
		return "", "", false
	}
	key = strings.ToLower(strings.TrimSpace(t[:i]))
	if strings.ContainsAny(key, "/[]") {
		return "", "", false
	}
	key = strings.Join(strings.Fields(key), " ")
	return key, strings.TrimSpace(t[i+1:]), true
}

// stripURL drops a trailing URL: "clientHold https://icann.org/epp#clientHold".
func stripURL(v string) string {
	if i := strings.Index(v, " http"); i > 0 {
		return strings.TrimSpace(v[:i])
	}
	if i := strings.Index(v, " ("); i > 0 && strings.Contains(v[i:], "http") {
		return strings.TrimSpace(v[:i])
	}
	return v
}

func indent(line string) int {
	return len(line) - len(strings.TrimLeft(line, " \t"))
}

// isKeyValue reports whether line is itself a "Key: value" with a value.
func isKeyValue(line string) bool {
	_, v, ok := genericField(strings.TrimSpace(line))
	return ok && v != ""
}
