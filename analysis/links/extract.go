// Package links finds the URLs in a mail body (plain text and HTML parts),
// compares each link's visible text with where it really goes, flags
// shorteners, IP literals and IDN hosts, unwraps link-protection services
// and defangs every URL it reports. It never fetches anything.
package links

import (
	"strings"
	"unicode/utf8"

	"github.com/checkmail/checkmail/analysis/domain"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/internal/ascii"
)

// Defaults for Options.
const (
	DefaultMaxLinks     = 200
	DefaultMaxScanBytes = 2 << 20
)

// maxDisplayURL bounds the defanged URL put in a report (data: URLs and
// tracking URLs can be huge); longer ones end in "…".
const maxDisplayURL = 1024

// Options bound the work done by Extract. Zero values mean the defaults.
type Options struct {
	// MaxLinks is the number of distinct URLs reported (default 200).
	MaxLinks int
	// MaxScanBytes is the number of bytes scanned per part (default 2 MiB).
	MaxScanBytes int
}

func (o Options) withDefaults() Options {
	if o.MaxLinks <= 0 {
		o.MaxLinks = DefaultMaxLinks
	}
	if o.MaxScanBytes <= 0 {
		o.MaxScanBytes = DefaultMaxScanBytes
	}
	return o
}

// Result is what Extract found.
type Result struct {
	// Links in order of first occurrence, one per distinct URL.
	Links []report.Link
	// Truncated is the number of distinct URLs left out over MaxLinks.
	Truncated int
	// SkippedBytes is the number of body bytes not scanned because a
	// part was longer than MaxScanBytes.
	SkippedBytes int
}

// Extract returns the links of a mail body: text holds the decoded
// text/plain parts, html the decoded text/html parts. Text parts are
// scanned first, then HTML parts, each in the order given.
func Extract(text []string, html []string, o Options) Result {
	return ExtractWith(text, html, nil, o)
}

// Labelled is a URL found outside the body's text, such as in an HTML
// attachment or a QR code, with the fixed text it is shown with.
type Labelled struct {
	URL, Label string
}

// ExtractWith is Extract with URLs found elsewhere in the mail added, so
// that they are judged like any link (and never opened).
func ExtractWith(text []string, html []string, extra []Labelled, o Options) Result {
	c := newCollector(o.withDefaults())
	for _, t := range text {
		scanText(c.bound(t), func(u string) { c.add(u, "", "") })
	}
	for _, h := range html {
		c.scanHTML(c.bound(h), 0)
	}
	for _, l := range extra {
		c.add(l.URL, "", l.Label)
	}
	return c.res
}

// collector dedupes links and enforces the bounds.
type collector struct {
	o       Options
	res     Result
	index   map[string]int
	dropped map[string]struct{}
}

func newCollector(o Options) *collector {
	return &collector{o: o, index: map[string]int{}, dropped: map[string]struct{}{}}
}

// bound cuts a part to MaxScanBytes (on a rune boundary).
func (c *collector) bound(s string) string {
	if len(s) <= c.o.MaxScanBytes {
		return s
	}
	cut := c.o.MaxScanBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	c.res.SkippedBytes += len(s) - cut
	return s[:cut]
}

// FormLabel is the text shown for a form's action URL.
const FormLabel = "[form]"

// add records one occurrence of raw. anchor is the link's visible text
// (from HTML), label a fixed description such as "[form]".
func (c *collector) add(raw, anchor, label string) {
	raw = cleanURL(raw)
	if raw == "" {
		return
	}
	if i, ok := c.index[raw]; ok {
		l := &c.res.Links[i]
		l.Count++
		if anchor == "" && label == "" {
			return
		}
		n := makeLink(raw, anchor, label)
		l.Form = l.Form || n.Form
		if l.Text == "" || (n.Mismatch && !l.Mismatch) {
			l.Text, l.TextDomain, l.Mismatch = n.Text, n.TextDomain, n.Mismatch
		}
		return
	}
	if len(c.res.Links) >= c.o.MaxLinks {
		key := raw
		if len(key) > 512 {
			key = key[:512]
		}
		if _, ok := c.dropped[key]; !ok {
			c.dropped[key] = struct{}{}
			c.res.Truncated++
		}
		return
	}
	c.index[raw] = len(c.res.Links)
	c.res.Links = append(c.res.Links, makeLink(raw, anchor, label))
}

// makeLink describes one URL. raw is already cleaned.
func makeLink(raw, anchor, label string) report.Link {
	l := report.Link{Count: 1, Form: label == FormLabel}
	scheme, _, hasScheme := splitScheme(raw)
	scheme = strings.ToLower(scheme)
	text := cleanText(anchor)
	switch {
	case hasScheme && (scheme == "javascript" || scheme == "vbscript"):
		l.URL = displayURL(raw, 80)
		l.Text = joinText("["+scheme+": link runs a script]", text)
		return l
	case hasScheme && scheme == "data":
		l.URL = displayURL(raw, 80)
		l.Text = joinText("[data: URL "+dataMediaType(raw)+", content embedded in the link]", text)
		return l
	case hasScheme && scheme != "http" && scheme != "https" && scheme != "ftp" && scheme != "file":
		l.URL = displayURL(raw, 200)
		l.Text = joinText("["+cleanText(scheme)+": link]", text)
		return l
	}
	dest, _ := Unwrap(raw)
	host := Host(dest)
	l.URL = displayURL(raw, maxDisplayURL)
	l.Domain = domain.Org(host)
	if l.Domain == "" {
		l.Domain = host
	}
	l.IPLiteral = host != "" && isIP(host)
	l.Punycode = isPunycode(host)
	if l.Punycode {
		l.Unicode = unicodeHost(host)
	}
	l.Shortener = IsShortener(host)
	if hasScheme && scheme == "file" {
		label = "[file: link]"
	}
	l.Text = joinText(label, text)
	if text != "" {
		l.TextDomain = textDomain(text)
		l.Mismatch = l.TextDomain != "" && l.Domain != "" && l.TextDomain != l.Domain
	}
	return l
}

func joinText(label, text string) string {
	switch {
	case label == "":
		return text
	case text == "":
		return label
	}
	return label + " " + text
}

// dataMediaType returns the media type of a data: URL ("text/html").
func dataMediaType(raw string) string {
	rest := raw[len("data:"):]
	if i := strings.IndexAny(rest, ";,"); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.ToLower(strings.TrimSpace(rest))
	if rest == "" {
		rest = "text/plain"
	}
	if len(rest) > 64 || !ascii.Is(rest) {
		rest = rest[:min(len(rest), 64)]
		rest = strings.ToValidUTF8(rest, "")
	}
	return rest
}

// displayURL truncates raw to max bytes (on a rune boundary, adding "…")
// and defangs it.
func displayURL(raw string, max int) string {
	raw = strings.ToValidUTF8(raw, "\uFFFD")
	raw = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f || zeroWidth(r) {
			return -1
		}
		return r
	}, raw)
	if len(raw) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(raw[cut]) {
			cut--
		}
		raw = raw[:cut] + "…"
	}
	return Defang(raw)
}
