package links

import (
	"github.com/checkmail/checkmail/analysis/domain"
	"net/url"
	"strings"
)

// maxUnwrap bounds nested redirector wrapping (SafeLinks around urldefense
// around Google is seen in forwarded mail).
const maxUnwrap = 4

// redirector is a known link-wrapping or redirect service whose destination
// is written in the URL itself.
type redirector struct {
	name string
	// host and path report whether the (lower-case) host and path belong
	// to the service; the URL is parsed only for a host that does.
	host, path func(string) bool
	// target extracts the destination from the URL; "" if absent.
	target func(u *url.URL, raw string) string
}

// redirectors is the table of services unwrapped by Unwrap.
var redirectors = []redirector{
	{
		name:   "safelinks",
		host:   func(h string) bool { return strings.HasSuffix(h, ".safelinks.protection.outlook.com") },
		path:   func(string) bool { return true },
		target: queryParam("url"),
	},
	{
		name:   "google",
		host:   isGoogleHost,
		path:   func(p string) bool { return p == "/url" || p == "/interstitial" },
		target: queryParam("q", "url"),
	},
	{
		name:   "facebook",
		host:   func(h string) bool { return h == "l.facebook.com" || h == "lm.facebook.com" },
		path:   func(p string) bool { return p == "/l.php" },
		target: queryParam("u"),
	},
	{
		name:   "proofpoint-v2",
		host:   urldefense,
		path:   func(p string) bool { return strings.HasPrefix(p, "/v2/url") },
		target: proofpointV2,
	},
	{
		name:   "proofpoint-v3",
		host:   urldefense,
		path:   func(p string) bool { return strings.HasPrefix(p, "/v3/__") },
		target: proofpointV3,
	},
	{
		name:   "youtube",
		host:   func(h string) bool { return h == "www.youtube.com" || h == "youtube.com" },
		path:   func(p string) bool { return p == "/redirect" },
		target: queryParam("q"),
	},
	{
		name:   "barracuda",
		host:   func(h string) bool { return h == "linkprotect.cudasvc.com" },
		path:   func(p string) bool { return p == "/url" },
		target: queryParam("a"),
	},
	{
		name:   "slack",
		host:   func(h string) bool { return h == "slack-redir.net" },
		path:   func(p string) bool { return p == "/link" },
		target: queryParam("url"),
	},
}

func isGoogleHost(h string) bool {
	h = strings.TrimPrefix(h, "www.")
	// google.com, google.co.jp, google.de …
	if !strings.HasPrefix(h, "google.") {
		return false
	}
	return domain.Org(h) == h
}

func urldefense(h string) bool {
	return h == "urldefense.com" || h == "urldefense.proofpoint.com" || h == "urldefense.us"
}

func queryParam(names ...string) func(*url.URL, string) string {
	return func(u *url.URL, _ string) string {
		q := u.Query()
		for _, n := range names {
			if v := q.Get(n); v != "" {
				return v
			}
		}
		return ""
	}
}

// proofpointV2: /v2/url?u=https-3A__example.com_path&d=… ("-XX" is a hex
// escape, "_" is "/").
func proofpointV2(u *url.URL, _ string) string {
	v := u.Query().Get("u")
	if v == "" {
		return ""
	}
	v = strings.ReplaceAll(v, "_", "/")
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '-' && i+2 < len(v) && isHex(v[i+1]) && isHex(v[i+2]) {
			b.WriteByte(unhex(v[i+1])<<4 | unhex(v[i+2]))
			i += 2
			continue
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

// proofpointV3: /v3/__https://example.com/path__;!!token… The URL sits
// between "__" markers; a few characters are replaced by '*' (their
// originals are in the token), which does not matter for the host.
func proofpointV3(_ *url.URL, raw string) string {
	i := strings.Index(raw, "/v3/__")
	if i < 0 {
		return ""
	}
	rest := raw[i+len("/v3/__"):]
	end := strings.Index(rest, "__;")
	if end < 0 {
		return ""
	}
	return rest[:end]
}

// Unwrap follows known link-wrapping services (Microsoft SafeLinks, Google
// /url?q=, Proofpoint urldefense, Facebook l.php, …) whose destination is
// written in the URL, up to a few levels. It returns the innermost
// destination and whether anything was unwrapped. Nothing is fetched.
func Unwrap(rawURL string) (string, bool) {
	cur := rawURL
	unwrapped := false
	for range maxUnwrap {
		next := unwrapOnce(cur)
		if next == "" || next == cur {
			break
		}
		cur, unwrapped = next, true
	}
	return cur, unwrapped
}

func unwrapOnce(raw string) string {
	host := Host(raw)
	if host == "" {
		return ""
	}
	s := cleanURL(raw)
	var u *url.URL
	var path string
	for _, r := range redirectors {
		if !r.host(host) {
			continue
		}
		if u == nil {
			var err error
			if u, err = url.Parse(s); err != nil {
				return ""
			}
			path = strings.ToLower(u.EscapedPath())
			if path == "" {
				path = "/"
			}
		}
		if !r.path(path) {
			continue
		}
		t := cleanURL(r.target(u, s))
		if t == "" || Host(t) == "" {
			return ""
		}
		if _, _, ok := splitScheme(t); !ok && !strings.HasPrefix(t, "//") {
			return ""
		}
		return t
	}
	return ""
}
