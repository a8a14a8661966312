package attachments

import (
	"bytes"
	"encoding/base64"
	"net/url"
	"strings"

	"golang.org/x/net/html"

	"github.com/checkmail/checkmail/analysis/links"
	"github.com/checkmail/checkmail/analysis/report"
)

// Bounds of the HTML/SVG analyzer.
const (
	maxHTMLBytes   = 4 << 20 // bytes tokenized (per document, decoded pages included)
	maxHTMLTokens  = 200_000 // tokens over all nested documents
	maxHTMLURLs    = 64      // URLs kept
	maxScriptScan  = 1 << 20 // bytes of one script searched
	maxURLLen      = 2048    // longer URLs are cut
	maxNestedPages = 4       // decoded pages analyzed
	maxNestDepth   = 2
	// obfuscatedRun is the length of an unbroken base64/hex/%-escaped run
	// that counts as obfuscation (a minified library has no such run).
	obfuscatedRun = 2000
	// embeddedMin is the shortest encoded run tried as a hidden page.
	embeddedMin = 200
)

// FoundURL is a URL found in an attachment, as written (not defanged: for
// the link pipeline only, never to be shown raw or opened).
type FoundURL struct {
	URL  string
	Host string // lower-case host ("" for data:, relative, javascript:)
	Role report.URLRole
}

// HTMLResult is what an HTML or SVG attachment does.
type HTMLResult struct {
	Indicators []report.Indicator // in indicatorOrder
	URLs       []FoundURL         // at most maxHTMLURLs, deduplicated
	Hosts      []string           // distinct hosts of URLs, in order of appearance
	// Truncated: a bound was hit (bytes, tokens or URLs).
	Truncated bool
}

// Has reports whether ind was found.
func (r *HTMLResult) Has(ind report.Indicator) bool {
	for _, x := range r.Indicators {
		if x == ind {
			return true
		}
	}
	return false
}

// indicatorOrder is the fixed order indicators are reported in.
var indicatorOrder = []report.Indicator{
	report.IndHTMLSmuggling, report.IndHTMLFormExternal, report.IndHTMLForm, report.IndHTMLPasswordField,
	report.IndHTMLRedirect, report.IndHTMLEmbeddedPage, report.IndHTMLDataURL, report.IndHTMLFrame,
	report.IndHTMLScriptDecode, report.IndHTMLScriptFetch, report.IndHTMLObfuscated, report.IndHTMLScript,
	report.IndHTMLExternalResource,
	report.IndQRURL, report.IndQRCode, report.IndEncrypted,
}

func sortIndicators(set map[report.Indicator]bool) []report.Indicator {
	var out []report.Indicator
	for _, ind := range indicatorOrder {
		if set[ind] {
			out = append(out, ind)
		}
	}
	return out
}

// htmlScan is the state of one AnalyzeHTML call.
type htmlScan struct {
	ind    map[report.Indicator]bool
	urls   []FoundURL
	seen   map[string]bool
	hosts  []string
	hostOK map[string]bool
	tokens int
	pages  int
	trunc  bool
	// smuggling parts, over the whole document
	blob, objectURL, download, msSave bool
}

// AnalyzeHTML tokenizes an HTML or SVG document (golang.org/x/net/html)
// and reports its forms, scripts, redirects, frames, data: URLs, pages
// hidden in base64 or %-escapes (decoded and analyzed in turn), HTML
// smuggling, obfuscation and the hosts it loads from, posts to or sends
// the reader to. Nothing is fetched or executed. Bounded in bytes, tokens,
// nested pages and URLs kept.
func AnalyzeHTML(data []byte) HTMLResult {
	s := &htmlScan{ind: map[report.Indicator]bool{}, seen: map[string]bool{}, hostOK: map[string]bool{}}
	s.doc(data, 0)
	if s.msSave || s.blob && s.objectURL && s.download {
		s.ind[report.IndHTMLSmuggling] = true
	}
	if s.ind[report.IndHTMLScriptDecode] || s.ind[report.IndHTMLScriptFetch] {
		s.ind[report.IndHTMLScript] = true
	}
	return HTMLResult{Indicators: sortIndicators(s.ind), URLs: s.urls, Hosts: s.hosts, Truncated: s.trunc}
}

func (s *htmlScan) doc(data []byte, depth int) {
	if len(data) > maxHTMLBytes {
		data = data[:maxHTMLBytes]
		s.trunc = true
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	z.SetMaxBuf(maxHTMLBytes + 1)
	inScript, inStyle := false, false
	for {
		s.tokens++
		if s.tokens > maxHTMLTokens {
			s.trunc = true
			return
		}
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return
		case html.TextToken:
			t := z.Text()
			switch {
			case inScript:
				s.script(t, depth)
			case inStyle:
				s.style(t)
			default:
				s.encodedRuns(t, depth, false)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script":
				inScript = false
			case "style":
				inStyle = false
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				key := string(k)
				if len(attrs) < 64 {
					if _, dup := attrs[key]; !dup {
						attrs[key] = string(v)
					}
				}
				s.attr(tag, key, string(v), depth)
			}
			s.tag(tag, attrs, depth)
			if tt == html.StartTagToken {
				switch tag {
				case "script":
					inScript = true
				case "style":
					inStyle = true
				}
			}
		}
	}
}

// tag looks at one start tag with its attributes.
func (s *htmlScan) tag(tag string, a map[string]string, depth int) {
	switch tag {
	case "form":
		s.ind[report.IndHTMLForm] = true
		if act := strings.TrimSpace(a["action"]); act != "" {
			if s.addURL(act, report.URLFormAction) != "" {
				s.ind[report.IndHTMLFormExternal] = true
			}
		}
	case "input":
		if strings.EqualFold(strings.TrimSpace(a["type"]), "password") {
			s.ind[report.IndHTMLPasswordField] = true
		}
		if act := strings.TrimSpace(a["formaction"]); act != "" && s.addURL(act, report.URLFormAction) != "" {
			s.ind[report.IndHTMLFormExternal] = true
		}
	case "button":
		if act := strings.TrimSpace(a["formaction"]); act != "" && s.addURL(act, report.URLFormAction) != "" {
			s.ind[report.IndHTMLFormExternal] = true
		}
	case "script":
		s.ind[report.IndHTMLScript] = true
		if src := strings.TrimSpace(firstOf(a, "src", "href", "xlink:href")); src != "" {
			s.srcURL(src, report.URLScript, depth)
		}
	case "meta":
		if strings.EqualFold(strings.TrimSpace(a["http-equiv"]), "refresh") {
			if u := refreshURL(a["content"]); u != "" {
				s.ind[report.IndHTMLRedirect] = true
				s.srcURL(u, report.URLRedirect, depth)
			}
		}
	case "iframe", "frame", "embed", "object", "portal":
		s.ind[report.IndHTMLFrame] = true
		if src := strings.TrimSpace(firstOf(a, "src", "data")); src != "" {
			s.srcURL(src, report.URLFrame, depth)
		}
		if sd := a["srcdoc"]; sd != "" {
			s.nested([]byte(sd), depth)
		}
	case "foreignobject":
		s.ind[report.IndHTMLScript] = true // HTML inside SVG: the carrier of SVG phishing pages
	case "a", "area":
		if h := strings.TrimSpace(firstOf(a, "href", "xlink:href")); h != "" && !isScriptURL(h) {
			s.srcURL(h, report.URLLink, depth)
		}
		if _, ok := a["download"]; ok && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a["href"])), "data:") {
			s.blob, s.objectURL, s.download = true, true, true // a data: download link is smuggling too
		}
	case "img", "image", "source", "video", "audio", "link", "use":
		if src := strings.TrimSpace(firstOf(a, "src", "href", "xlink:href")); src != "" {
			if s.addURL(src, report.URLResource) != "" {
				s.ind[report.IndHTMLExternalResource] = true
			}
		}
	case "base":
		if h := strings.TrimSpace(a["href"]); h != "" {
			s.addURL(h, report.URLResource)
		}
	}
}

// attr looks at every attribute: event handlers and javascript: URLs are
// script; encoded runs anywhere are checked.
func (s *htmlScan) attr(tag, key, val string, depth int) {
	switch {
	case strings.HasPrefix(key, "on") && len(key) > 2:
		s.ind[report.IndHTMLScript] = true
		s.script([]byte(val), depth)
	case isScriptURL(val):
		s.ind[report.IndHTMLScript] = true
		s.script([]byte(strings.TrimSpace(val)[len("javascript:"):]), depth)
	case key == "style":
		s.style([]byte(val))
	default:
		if len(val) >= embeddedMin && !strings.HasPrefix(strings.TrimSpace(strings.ToLower(val)), "data:") {
			s.encodedRuns([]byte(val), depth, false)
		}
	}
}

func isScriptURL(v string) bool {
	v = strings.TrimSpace(v)
	return len(v) >= 11 && strings.EqualFold(v[:11], "javascript:")
}

func firstOf(a map[string]string, keys ...string) string {
	for _, k := range keys {
		if v, ok := a[k]; ok {
			return v
		}
	}
	return ""
}

// srcURL records a URL that is loaded or navigated to; data: URLs holding
// a page or script are decoded and analyzed.
func (s *htmlScan) srcURL(u string, role report.URLRole, depth int) {
	if d := strings.TrimSpace(u); len(d) >= 5 && strings.EqualFold(d[:5], "data:") {
		mt, body, ok := decodeDataURL(d)
		if role != report.URLLink && role != report.URLResource || isPageType(mt) {
			s.ind[report.IndHTMLDataURL] = true
		}
		if ok && (isPageType(mt) || mt == "text/javascript" || mt == "application/javascript") {
			if isPageType(mt) {
				s.ind[report.IndHTMLEmbeddedPage] = true
				s.nested(body, depth)
			} else {
				s.script(body, depth)
			}
		}
		return
	}
	if role == report.URLRedirect {
		s.ind[report.IndHTMLRedirect] = true
	}
	s.addURL(u, role)
}

func isPageType(mt string) bool {
	return mt == "text/html" || mt == "image/svg+xml" || mt == "application/xhtml+xml"
}

// decodeDataURL returns the media type and decoded body of a data: URL
// (body bounded by maxHTMLBytes).
func decodeDataURL(u string) (string, []byte, bool) {
	meta, body, ok := strings.Cut(u[5:], ",")
	if !ok {
		return "", nil, false
	}
	parts := strings.Split(meta, ";")
	mt := strings.ToLower(strings.TrimSpace(parts[0]))
	if len(body) > maxHTMLBytes*4/3 {
		body = body[:maxHTMLBytes*4/3]
	}
	if strings.EqualFold(strings.TrimSpace(parts[len(parts)-1]), "base64") {
		b, ok := decodeB64(body)
		return mt, b, ok
	}
	if d, err := url.PathUnescape(body); err == nil {
		return mt, []byte(d), true
	}
	return mt, []byte(body), true
}

// decodeB64 decodes standard or URL-safe base64, padded or not, ignoring
// white space.
func decodeB64(s string) ([]byte, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == '\\' {
			return -1
		}
		return r
	}, s)
	s = strings.TrimRight(s, "=")
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, true
		}
	}
	return nil, false
}

// addURL keeps u (deduplicated, bounded) and returns its host when it is
// an absolute web address ("" for relative, fragment, mailto, data…).
func (s *htmlScan) addURL(u string, role report.URLRole) string {
	u = strings.TrimSpace(u)
	if len(u) > maxURLLen {
		u = u[:maxURLLen]
	}
	u = strings.ToValidUTF8(u, "?") // never longer
	if u == "" || strings.HasPrefix(u, "#") || strings.HasPrefix(u, "{{") {
		return ""
	}
	lu := strings.ToLower(u)
	host := ""
	if strings.HasPrefix(lu, "http://") || strings.HasPrefix(lu, "https://") || strings.HasPrefix(lu, "//") {
		host = links.Host(u)
		if !validHost(host) {
			host = ""
		}
	}
	if host == "" && (role == report.URLResource || role == report.URLLink) && !strings.HasPrefix(lu, "mailto:") {
		return "" // relative links and resources say nothing
	}
	key := string(role) + " " + u
	if !s.seen[key] {
		if len(s.urls) >= maxHTMLURLs {
			s.trunc = true
		} else {
			s.seen[key] = true
			s.urls = append(s.urls, FoundURL{URL: u, Host: host, Role: role})
		}
	}
	if host != "" && !s.hostOK[host] && len(s.hosts) < maxHTMLURLs {
		s.hostOK[host] = true
		s.hosts = append(s.hosts, host)
	}
	return host
}

// refreshURL returns the URL of a meta refresh content ("0; url=…").
func refreshURL(c string) string {
	_, rest, ok := strings.Cut(c, ";")
	if !ok {
		rest = c
	}
	rest = strings.TrimSpace(rest)
	if len(rest) >= 4 && strings.EqualFold(rest[:3], "url") {
		rest = strings.TrimSpace(rest[3:])
		if r, ok := strings.CutPrefix(rest, "="); ok {
			rest = strings.TrimSpace(r)
		}
	} else if ok {
		return ""
	}
	return strings.Trim(rest, `'"`)
}

// nested analyzes a page hidden inside this one.
func (s *htmlScan) nested(b []byte, depth int) {
	if depth >= maxNestDepth || s.pages >= maxNestedPages {
		s.trunc = true
		return
	}
	s.pages++
	s.doc(b, depth+1)
}

// Script markers, searched lower-cased.
var (
	scriptDecode = []string{"atob(", "unescape(", "decodeuricomponent(", "fromcharcode(", "eval(", "document.write",
		"new function(", "settimeout(\"", "settimeout('", "crypto-js", "cryptojs.", ".charcodeat(", "parseint("}
	scriptRedirect = []string{"window.location", "location.href", "location.replace(", "location.assign(",
		"document.location", "top.location", "self.location", "window.open(", "window.navigate("}
	scriptFetch = []string{"fetch(", "xmlhttprequest", "$.ajax", "$.post(", "$.get(", "jquery.ajax", "navigator.sendbeacon",
		"axios.", "new websocket(", "api.telegram.org", "formdata("}
)

// script looks at one script's text.
func (s *htmlScan) script(b []byte, depth int) {
	if len(b) > maxScriptScan {
		b = b[:maxScriptScan]
		s.trunc = true
	}
	l := asciiLower(b)
	decode := containsAny(l, scriptDecode)
	// parseInt and charCodeAt are everywhere; they count only with
	// another decoder call.
	if decode && !containsAny(l, scriptDecode[:len(scriptDecode)-2]) {
		decode = false
	}
	if decode {
		s.ind[report.IndHTMLScriptDecode] = true
	}
	if containsAny(l, scriptRedirect) {
		s.ind[report.IndHTMLRedirect] = true
	}
	if containsAny(l, scriptFetch) {
		s.ind[report.IndHTMLScriptFetch] = true
	}
	if bytes.Contains(l, []byte("new blob(")) || bytes.Contains(l, []byte("blob([")) {
		s.blob = true
	}
	if bytes.Contains(l, []byte("createobjecturl(")) {
		s.objectURL = true
	}
	if bytes.Contains(l, []byte(".download")) || bytes.Contains(l, []byte("'download'")) || bytes.Contains(l, []byte(`"download"`)) {
		s.download = true
	}
	if bytes.Contains(l, []byte("mssaveoropenblob")) || bytes.Contains(l, []byte("mssaveblob")) {
		s.msSave = true
	}
	s.scriptURLs(b)
	s.encodedRuns(b, depth, true)
}

// style finds remote url(…) and @import in CSS.
func (s *htmlScan) style(b []byte) {
	l := asciiLower(head(b, maxScriptScan))
	for i := 0; i < len(l); {
		j := bytes.Index(l[i:], []byte("url("))
		if j < 0 {
			break
		}
		j += i + 4
		k := bytes.IndexByte(l[j:], ')')
		if k < 0 {
			break
		}
		u := strings.Trim(strings.TrimSpace(string(b[j:j+k])), `'"`)
		if s.addURL(u, report.URLResource) != "" {
			s.ind[report.IndHTMLExternalResource] = true
		}
		i = j + k
	}
}

func containsAny(b []byte, subs []string) bool {
	for _, m := range subs {
		if bytes.Contains(b, []byte(m)) {
			return true
		}
	}
	return false
}

// scriptURLs records absolute http(s) URLs written in script string
// literals; a URL next to a navigation call is a redirect.
func (s *htmlScan) scriptURLs(b []byte) {
	for i := 0; i < len(b); {
		j := indexFold(b[i:], "http")
		if j < 0 {
			return
		}
		start := i + j
		p := start + 4
		if p < len(b) && (b[p] == 's' || b[p] == 'S') {
			p++
		}
		if p+3 > len(b) || string(b[p:p+3]) != "://" {
			i = start + 4
			continue
		}
		if start > 0 && isURLChar(b[start-1]) && b[start-1] != '"' && b[start-1] != '\'' && b[start-1] != '`' && b[start-1] != '(' && b[start-1] != '=' {
			i = start + 4 // inside a longer token (encoded or nested)
			continue
		}
		e := p + 3
		for e < len(b) && e-start < maxURLLen && isURLChar(b[e]) {
			e++
		}
		u := string(b[start:e])
		role := report.URLScript
		before := asciiLower(b[max(0, start-48):start])
		if containsAny(before, scriptRedirect) || bytes.Contains(before, []byte("location")) {
			role = report.URLRedirect
			s.ind[report.IndHTMLRedirect] = true
		}
		if links.Host(u) != "" {
			s.addURL(u, role)
		}
		i = e
	}
}

func isURLChar(c byte) bool {
	return c > ' ' && c < 0x7f && c != '"' && c != '\'' && c != '`' && c != '<' && c != '>' && c != '\\' && c != ')' && c != '(' && c != ',' && c != ';'
}

func indexFold(b []byte, sub string) int {
	n := len(sub)
	for i := 0; i+n <= len(b); i++ {
		if b[i]|0x20 == sub[0] && bytes.EqualFold(b[i:i+n], []byte(sub)) {
			return i
		}
	}
	return -1
}

// encodedRuns finds long runs of base64, hex or %-escapes. A run that
// decodes to markup is a hidden page (analyzed in turn); a very long run
// is obfuscation.
func (s *htmlScan) encodedRuns(b []byte, depth int, inScript bool) {
	for i := 0; i < len(b); {
		c := b[i]
		if !isB64(c) && c != '%' && c != '\\' {
			i++
			continue
		}
		j := i
		pct, esc := 0, 0
		for j < len(b) && (isB64(b[j]) || b[j] == '%' || b[j] == '\\' || b[j] == '=' || b[j] == '-' || b[j] == '_') {
			switch b[j] {
			case '%':
				pct++
			case '\\':
				esc++
			}
			j++
		}
		n := j - i
		if n >= embeddedMin {
			run := b[i:j]
			if n >= obfuscatedRun && !isPlainWordRun(run) {
				s.ind[report.IndHTMLObfuscated] = true
			}
			if dec, ok := decodeRun(run, pct, esc); ok && looksLikeMarkup(dec) {
				s.ind[report.IndHTMLEmbeddedPage] = true
				s.nested(dec, depth)
			} else if ok && inScript && len(dec) > 0 {
				s.script(dec[:min(len(dec), maxScriptScan)], maxNestDepth) // decoded script: markers only
			}
		}
		i = j
	}
}

func isB64(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
}

// isPlainWordRun: a run of letters only is not an encoding (a long
// identifier or text without spaces would need digits or symbols too).
func isPlainWordRun(b []byte) bool {
	digits, upper, lower := 0, 0, 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'A' && c <= 'Z':
			upper++
		case c >= 'a' && c <= 'z':
			lower++
		}
	}
	return digits == 0 || upper == 0 && lower == 0 && digits == 0
}

// decodeRun decodes a run as %-escapes, \x or \u escapes, or base64.
func decodeRun(run []byte, pct, esc int) ([]byte, bool) {
	switch {
	case pct*3 >= len(run)/2:
		d, err := url.PathUnescape(string(run))
		return []byte(d), err == nil
	case esc*4 >= len(run)/2:
		return unescapeJS(run), true
	}
	if len(run) > maxHTMLBytes*4/3 {
		run = run[:maxHTMLBytes*4/3]
	}
	return decodeB64(string(run))
}

// unescapeJS decodes \xHH and \uHHHH escapes (others are kept).
func unescapeJS(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+3 < len(b) && b[i+1] == 'x' && isHex(b[i+2]) && isHex(b[i+3]) {
			out = append(out, unhex(b[i+2])<<4|unhex(b[i+3]))
			i += 3
			continue
		}
		if b[i] == '\\' && i+5 < len(b) && b[i+1] == 'u' && isHex(b[i+2]) && isHex(b[i+3]) && isHex(b[i+4]) && isHex(b[i+5]) {
			r := rune(unhex(b[i+2]))<<12 | rune(unhex(b[i+3]))<<8 | rune(unhex(b[i+4]))<<4 | rune(unhex(b[i+5]))
			out = append(out, string(r)...)
			i += 5
			continue
		}
		out = append(out, b[i])
	}
	return out
}

// looksLikeMarkup: decoded bytes that are an HTML page or fragment.
func looksLikeMarkup(b []byte) bool {
	h := lowerHead(b, 2048)
	h = bytes.TrimLeft(h, " \t\r\n")
	if len(h) == 0 || h[0] != '<' {
		return false
	}
	for _, m := range [][]byte{[]byte("<html"), []byte("<!doctype"), []byte("<head"), []byte("<body"), []byte("<script"),
		[]byte("<form"), []byte("<div"), []byte("<iframe"), []byte("<meta"), []byte("<svg"), []byte("<input"), []byte("<style"), []byte("<title")} {
		if bytes.Contains(h, m) {
			return true
		}
	}
	return false
}

// asciiLower lower-cases ASCII letters only, so indexes into the result
// are indexes into b (bytes.ToLower changes the length of invalid UTF-8).
func asciiLower(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

// validHost: a host name or IP address (links.Host keeps whatever sits
// after an '@', percent-decoded).
func validHost(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' || c == ':' || c >= 0x80) {
			return false
		}
	}
	return true
}
