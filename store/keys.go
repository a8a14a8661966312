package store

import (
	"net/netip"
	"strings"

	"github.com/checkmail/checkmail/analysis/domain"
	"github.com/checkmail/checkmail/analysis/report"
)

// Key kinds as stored in case_keys.kind and reported in Related.Matched
// (link domains and attachments as "link_domain:<domain>" and
// "attachment:<sha256>").
const (
	KindMessageID     = "message_id"
	KindSenderDomain  = "sender_domain"
	KindOriginNetwork = "origin_network"
	KindLinkDomain    = "link_domain"
	KindAttachment    = "attachment"
)

// Keys are the facts that link one mail to earlier cases.
type Keys struct {
	// MessageID: lower-cased, without angle brackets.
	MessageID string
	// SenderDomain: the organizational domain of From.
	SenderDomain string
	// OriginNetwork: the RDAP network range when known, else the /24 (IPv4)
	// or /48 (IPv6) prefix of the origin IP.
	OriginNetwork string
	// LinkDomains: distinct link hosts, at most MaxLinkDomains, without
	// those in the sender's own organizational domain (already covered by
	// SenderDomain, and they would link every newsletter of one sender twice).
	LinkDomains []string
	// AttachmentHashes: distinct lower-case sha256 hex digests, at most
	// MaxAttachmentHashes.
	AttachmentHashes []string
}

// IsZero reports whether k holds no key at all.
func (k Keys) IsZero() bool {
	return k.MessageID == "" && k.SenderDomain == "" && k.OriginNetwork == "" &&
		len(k.LinkDomains) == 0 && len(k.AttachmentHashes) == 0
}

// KeysFrom extracts the linking keys of a report. A nil report has no keys.
func KeysFrom(r *report.Report) Keys {
	if r == nil {
		return Keys{}
	}
	var k Keys
	k.MessageID = r.MessageID
	k.SenderDomain = domain.Org(r.Sender.FromDomain)
	if o := r.Origin; o != nil {
		if o.Network != nil && strings.TrimSpace(o.Network.Range) != "" {
			k.OriginNetwork = o.Network.Range
		} else {
			k.OriginNetwork = IPNetwork(o.IP)
		}
	}
	for _, l := range r.Links {
		d := normHost(l.Domain)
		if d == "" || (k.SenderDomain != "" && domain.Org(d) == k.SenderDomain) {
			continue
		}
		k.LinkDomains = append(k.LinkDomains, d)
	}
	for _, a := range r.Attachments {
		k.AttachmentHashes = append(k.AttachmentHashes, a.SHA256)
	}
	return NormalizeKeys(k)
}

// IPNetwork returns the /24 (IPv4, including IPv4-mapped IPv6) or /48 (IPv6)
// prefix of ip, or "" when ip is not an address.
func IPNetwork(ip string) string {
	a, err := netip.ParseAddr(strings.Trim(strings.TrimSpace(ip), "[]"))
	if err != nil {
		return ""
	}
	a = a.Unmap().WithZone("")
	bits := 48
	if a.Is4() {
		bits = 24
	}
	p, err := a.Prefix(bits)
	if err != nil {
		return ""
	}
	return p.String()
}

func normHost(h string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), ".")
}

// NormalizeKeys lower-cases and trims every key, strips the angle brackets of
// the Message-ID, drops empty and duplicate values, cuts values to 512 bytes
// and caps the lists (MaxLinkDomains, MaxAttachmentHashes).
func NormalizeKeys(k Keys) Keys {
	mid := strings.TrimSpace(k.MessageID)
	mid = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(mid, "<"), ">"))
	out := Keys{
		MessageID:     clip(strings.ToLower(mid), maxKeyLen),
		SenderDomain:  clip(normHost(k.SenderDomain), maxKeyLen),
		OriginNetwork: clip(strings.ToLower(strings.TrimSpace(k.OriginNetwork)), maxKeyLen),
	}
	out.LinkDomains = distinct(k.LinkDomains, MaxLinkDomains, normHost)
	out.AttachmentHashes = distinct(k.AttachmentHashes, MaxAttachmentHashes, func(s string) string {
		return strings.ToLower(strings.TrimSpace(s))
	})
	return out
}

func distinct(in []string, max int, norm func(string) string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range in {
		v = clip(norm(v), maxKeyLen)
		if v == "" || seen[v] {
			continue
		}
		if len(out) == max {
			break
		}
		seen[v] = true
		out = append(out, v)
	}
	return out
}

type keyPair struct{ kind, value string }

// keyPairs lists the (already normalized) keys in a fixed order.
func keyPairs(k Keys) []keyPair {
	var out []keyPair
	if k.MessageID != "" {
		out = append(out, keyPair{KindMessageID, k.MessageID})
	}
	if k.SenderDomain != "" {
		out = append(out, keyPair{KindSenderDomain, k.SenderDomain})
	}
	if k.OriginNetwork != "" {
		out = append(out, keyPair{KindOriginNetwork, k.OriginNetwork})
	}
	for _, d := range k.LinkDomains {
		out = append(out, keyPair{KindLinkDomain, d})
	}
	for _, h := range k.AttachmentHashes {
		out = append(out, keyPair{KindAttachment, h})
	}
	return out
}

// Matched lists the keys a and b share, in the format of Related.Matched,
// in the order of a's keys. Both are normalized first.
func Matched(a, b Keys) []string {
	a, b = NormalizeKeys(a), NormalizeKeys(b)
	have := map[keyPair]bool{}
	for _, p := range keyPairs(b) {
		have[p] = true
	}
	var out []string
	for _, p := range keyPairs(a) {
		if !have[p] {
			continue
		}
		switch p.kind {
		case KindLinkDomain, KindAttachment:
			out = append(out, p.kind+":"+p.value)
		default:
			out = append(out, p.kind)
		}
	}
	return out
}
