// Package infra recognizes free and throwaway infrastructure in a mail's
// sender domains and links: free subdomain hosts (firebaseapp.com,
// pages.dev, github.io, blogspot…), IPFS gateways, tunnels (ngrok,
// trycloudflare), free dynamic DNS, free file, form and storage hosts where
// the path matters (Google Forms, anonymous SharePoint and OneDrive share
// links, Dropbox, WeTransfer, cloud storage buckets…), top-level domains
// with a high share of abuse, and machine-generated local parts and host
// labels. It reports facts; weighing them is the verdict's job. It never
// resolves or fetches anything.
//
// AbusedTLD and MachineMade supersede analysis's tldAbused and randomToken
// for sender and link hosts (randomToken reads subject words, which this
// package does not).
package infra

import (
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// Kind is a kind of free or throwaway infrastructure.
type Kind uint8

const (
	None Kind = iota
	// FreeSubdomainHost: a site on a free hosting platform's subdomain
	// (x.firebaseapp.com, x.pages.dev, x.github.io, x.blogspot.com).
	FreeSubdomainHost
	// IPFSGateway: content served from IPFS through a public gateway.
	IPFSGateway
	// Tunnel: a tunnel to someone's own machine (ngrok, trycloudflare).
	Tunnel
	// FreeDNS: a free dynamic DNS name (duckdns.org, no-ip hosts).
	FreeDNS
	// FreeSitePage: a page on a free site builder addressed by path
	// (sites.google.com/view/…, a published Google Slides deck).
	FreeSitePage
	// FormHost: a free form service (Google Forms, Microsoft Forms, Jotform).
	FormHost
	// FileShare: a file-sharing link (Dropbox, WeTransfer, anonymous
	// SharePoint/OneDrive links, MediaFire, MEGA).
	FileShare
	// CloudStorage: a page or file in a public cloud storage bucket
	// (storage.googleapis.com, *.blob.core.windows.net); images and other
	// page resources there are not reported.
	CloudStorage
)

var kindNames = [...]string{"none", "free_subdomain_host", "ipfs_gateway", "tunnel", "free_dns",
	"free_site_page", "form_host", "file_share", "cloud_storage"}

// String is the kind's stable code.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// MaxHost bounds the host names read (a DNS name is at most 253 bytes).
const MaxHost = 255

// maxURL bounds the URLs read.
const maxURL = 8 << 10

// normHost lower-cases a host and drops a trailing dot and a port.
func normHost(host string) string {
	if len(host) > MaxHost {
		return ""
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if i := strings.LastIndexByte(host, ':'); i >= 0 && strings.IndexByte(host, ':') == i {
		host = host[:i]
	}
	return strings.TrimSuffix(host, ".")
}

// Classify returns the kind of free or throwaway infrastructure a host
// name belongs to, or None. A platform's own name (github.io, ngrok.com,
// firebaseapp.com itself) is None: only the names it hands out count.
func Classify(host string) Kind {
	k, _ := classify(normHost(host))
	return k
}

// Service returns the name of the platform behind a host Classify
// recognizes ("Firebase Hosting", "ngrok"), or "".
func Service(host string) string {
	_, s := classify(normHost(host))
	return s
}

func classify(host string) (Kind, string) {
	if host == "" || strings.Count(host, ".") > 64 {
		return None, ""
	}
	first := strings.IndexByte(host, '.')
	if first < 0 {
		return None, ""
	}
	// A content id as a subdomain of any gateway: <cid>.ipfs.<gateway>.
	if rest := host[first:]; strings.Contains(rest, ".ipfs.") || strings.Contains(rest, ".ipns.") {
		return IPFSGateway, "IPFS gateway"
	}
	for i := first; i >= 0; {
		suffix := host[i+1:]
		if e, ok := hostSuffixes[suffix]; ok {
			return e.kind, e.service
		}
		// Blogger's country domains: blogspot.<any public suffix>.
		if rest, ok := strings.CutPrefix(suffix, "blogspot."); ok {
			if ps, _ := publicsuffix.PublicSuffix(rest); ps == rest {
				return FreeSubdomainHost, "Blogger"
			}
		}
		j := strings.IndexByte(suffix, '.')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	if e, ok := exactHosts[host]; ok {
		return e.kind, e.service
	}
	return None, ""
}

// Finding is what ClassifyURL recognized in a URL.
type Finding struct {
	Kind    Kind
	Service string // the platform, for people: "Google Forms", "Dropbox"
	Host    string // the URL's host, lower-case
}

// ClassifyURL recognizes free and throwaway infrastructure in a URL: the
// host kinds of Classify and the free form, file-sharing, site-builder and
// storage services whose path says what the link is. The URL is parsed,
// never fetched. The zero Finding means nothing was recognized.
func ClassifyURL(rawURL string) Finding {
	if len(rawURL) > maxURL {
		rawURL = rawURL[:maxURL]
	}
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || u.Host == "" && u.Opaque == "" {
		// Scheme-less "host/path".
		u, err = url.Parse("http://" + strings.TrimSpace(rawURL))
		if err != nil {
			return Finding{}
		}
	}
	host := normHost(u.Hostname())
	if host == "" {
		return Finding{}
	}
	path := u.EscapedPath()
	if p, err := url.PathUnescape(path); err == nil {
		path = p
	}
	lpath := strings.ToLower(path)
	if k, s := classify(host); k != None {
		return Finding{Kind: k, Service: s, Host: host}
	}
	for _, r := range rulesFor(host) {
		if r.match(host, lpath, u) {
			if r.kind == CloudStorage && !page(lpath) {
				return Finding{}
			}
			return Finding{Kind: r.kind, Service: r.service, Host: host}
		}
	}
	// /ipfs/<cid> on any host is an IPFS gateway.
	if cid, ok := strings.CutPrefix(lpath, "/ipfs/"); ok && (strings.HasPrefix(cid, "qm") || strings.HasPrefix(cid, "bafy") || strings.HasPrefix(cid, "bafk")) {
		return Finding{Kind: IPFSGateway, Service: "IPFS gateway", Host: host}
	}
	return Finding{}
}

// page: a path to a web page or document a browser shows (.html, .php,
// .svg, .pdf) or with no file extension: what a phish puts in a storage
// bucket. Images, scripts, archives and data files that newsletters and
// build bots link to are not pages.
func page(path string) bool {
	slash := strings.LastIndexByte(path, '/')
	name := path[slash+1:]
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return true
	}
	switch name[i+1:] {
	case "html", "htm", "shtml", "xhtml", "php", "asp", "aspx", "jsp", "svg", "pdf", "hta", "mht", "mhtml":
		return true
	}
	return false
}

// AbusedTLD reports whether a domain's top-level domain is one with a high
// share of abuse: cheap new gTLDs that the public abuse reports (Spamhaus's
// "most abused TLDs", Interisle's Phishing Landscape 2023 and 2024) rank
// highest by phishing domains per registration, the Freenom ccTLDs that
// were given away free (tk, ml, ga, cf, gq), and the file-name look-alikes
// zip and mov. Large country and generic TLDs are left out however much
// phishing they carry (cn, ru, com, net), and so are TLDs that mostly
// serve a shortener or platform (ly, gd, ms, so, app, dev): their share of
// abuse is low. Measured on the corpus, every TLD here is absent from the
// legitimate sets and present in the phishing ones, but that proves little
// (the legitimate mail is mostly older than these TLDs): the list rests on
// the public reports.
func AbusedTLD(domain string) bool {
	domain = normHost(domain)
	i := strings.LastIndexByte(domain, '.')
	if i < 0 {
		return false
	}
	return abusedTLDs[domain[i+1:]]
}

var abusedTLDs = map[string]bool{}

func init() {
	for _, t := range strings.Fields(`
		top xyz icu buzz cyou rest sbs cfd click monster quest bond autos beauty hair makeup skin
		lol mom yachts boats pw surf bar uno work casa loan shop online site store live life vip best
		link space fun website club win bid date racing download stream review trade party science
		men kim country cricket gdn accountant faith webcam ooo support tk ml ga cf gq zip mov`) {
		abusedTLDs[t] = true
	}
}
