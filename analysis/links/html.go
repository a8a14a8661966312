package links

import (
	"bytes"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxAnchorText bounds the visible text collected for one anchor.
const maxAnchorText = 4 << 10

// maxCommentDepth bounds recursion into Outlook conditional comments
// ("<!--[if mso]> … <![endif]-->"), whose markup Outlook renders.
const maxCommentDepth = 2

// htmlScan is the state of one HTML part.
type htmlScan struct {
	c    *collector
	base *url.URL

	inA    bool
	href   string
	text   strings.Builder
	alt    string
	sawImg bool
	hidden int // depth inside script/style/title/template
}

// scanHTML tokenizes an HTML part (tolerantly: any byte sequence is
// accepted) and records its links.
func (c *collector) scanHTML(doc string, depth int) {
	s := &htmlScan{c: c}
	s.run(doc, depth)
}

func (s *htmlScan) run(doc string, depth int) {
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		switch z.Next() {
		case html.ErrorToken:
			s.closeAnchor()
			return
		case html.TextToken:
			if s.hidden > 0 {
				continue
			}
			t := z.Text()
			if s.inA {
				if s.text.Len() < maxAnchorText {
					s.text.Write(t[:min(len(t), maxAnchorText-s.text.Len())])
				}
				continue
			}
			if mayHoldURL(t) {
				scanText(string(t), func(u string) { s.c.add(u, "", "") })
			}
		case html.CommentToken:
			t := z.Text()
			if depth < maxCommentDepth && len(t) > 3 && strings.EqualFold(string(t[:3]), "[if") {
				// The nested scan has its own anchor state; anchors do not
				// span the comment boundary in practice.
				inner := &htmlScan{c: s.c, base: s.base}
				inner.run(string(t), depth+1)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			if tagMayMatter(z.Raw(), false) {
				s.startTag(z)
			}
		case html.EndTagToken:
			if !tagMayMatter(z.Raw(), true) {
				continue
			}
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.A:
				s.closeAnchor()
			case atom.Script, atom.Style, atom.Title, atom.Template:
				if s.hidden > 0 {
					s.hidden--
				}
			}
		}
	}
}

// tagMayMatter reports, from the first two letters of a tag's name in its
// raw text, whether the tag can be one that startTag (or, for an end tag,
// run) acts on, so that the others are passed over without
// Tokenizer.TagName, which copies every name. When the raw text is not as
// expected it says yes.
func tagMayMatter(raw []byte, end bool) bool {
	i := 1 // the name's first byte
	if end {
		i = 2
	}
	if len(raw) <= i || raw[0] != '<' || end && raw[1] != '/' || !isAlpha(raw[i]) {
		return true
	}
	c1 := byte(0) // the second letter; 0 when the name has one letter
	if i+1 < len(raw) {
		switch c := raw[i+1]; {
		case isAlpha(c):
			c1 = c | 0x20
		case c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '/' || c == '>':
		default:
			return false // a second byte no name acted on has
		}
	}
	switch raw[i] | 0x20 {
	case 'a': // a, area
		return c1 == 0 || c1 == 'r' && !end
	case 's': // script, style
		return c1 == 'c' || c1 == 't'
	case 't': // title, template
		return c1 == 'i' || c1 == 'e'
	case 'b': // base
		return c1 == 'a' && !end
	case 'f': // form
		return c1 == 'o' && !end
	case 'i': // img
		return c1 == 'm' && !end
	case 'm': // meta
		return c1 == 'e' && !end
	}
	return false
}

// mayHoldURL reports whether scanText can find a URL in t, which needs a
// "://" or a "www." (most text between tags has neither, and is then
// neither copied nor scanned).
func mayHoldURL(t []byte) bool {
	return bytes.Contains(t, []byte("://")) || containsWWW(t)
}

func (s *htmlScan) startTag(z *html.Tokenizer) {
	name, hasAttr := z.TagName()
	tag := atom.Lookup(name)
	switch tag {
	case atom.Script, atom.Style, atom.Title, atom.Template:
		s.hidden++
		return
	case atom.A, atom.Area, atom.Form, atom.Base, atom.Img, atom.Meta:
	default:
		return
	}
	var attrs tagAttrs
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		attrs.set(k, v)
	}
	switch tag {
	case atom.Base:
		if s.base == nil {
			if u, err := url.Parse(cleanURL(attrs.get(attrHref))); err == nil && u.IsAbs() && u.Host != "" {
				s.base = u
			}
		}
	case atom.A:
		s.closeAnchor()
		if !attrs.has(attrHref) {
			return
		}
		s.inA, s.href = true, attrs.get(attrHref)
	case atom.Area:
		if attrs.has(attrHref) {
			s.addResolved(attrs.get(attrHref), attrs.get(attrAlt), "[image map]")
		}
	case atom.Form:
		if action := attrs.get(attrAction); strings.TrimSpace(action) != "" {
			s.addResolved(action, "", FormLabel)
		}
	case atom.Img:
		if s.inA {
			s.sawImg = true
			if s.alt == "" {
				s.alt = attrs.get(attrAlt)
			}
		}
	case atom.Meta:
		if strings.EqualFold(strings.TrimSpace(attrs.get(attrHTTPEquiv)), "refresh") {
			if u := refreshURL(attrs.get(attrContent)); u != "" {
				s.addResolved(u, "", "[meta refresh]")
			}
		}
	}
}

// The attributes startTag reads.
const (
	attrHref = iota
	attrAction
	attrAlt
	attrHTTPEquiv
	attrContent
	nAttrs
)

// tagAttrs holds the attributes startTag reads, the first of each name (as
// in browsers), without a map per tag.
type tagAttrs struct {
	val  [nAttrs]string
	seen [nAttrs]bool
}

func (a *tagAttrs) set(key, val []byte) {
	i := -1
	switch string(key) {
	case "href":
		i = attrHref
	case "action":
		i = attrAction
	case "alt":
		i = attrAlt
	case "http-equiv":
		i = attrHTTPEquiv
	case "content":
		i = attrContent
	}
	if i >= 0 && !a.seen[i] {
		a.val[i], a.seen[i] = string(val), true
	}
}

func (a *tagAttrs) has(i int) bool { return a.seen[i] }

func (a *tagAttrs) get(i int) string { return a.val[i] }

// closeAnchor records the open anchor, if any.
func (s *htmlScan) closeAnchor() {
	if !s.inA {
		return
	}
	text := s.text.String()
	label := ""
	if strings.TrimSpace(text) == "" {
		text = ""
		switch {
		case strings.TrimSpace(s.alt) != "":
			text = s.alt
			label = "[image]"
		case s.sawImg:
			label = "[image]"
		}
	}
	s.addResolved(s.href, text, label)
	s.inA, s.href, s.alt, s.sawImg = false, "", "", false
	s.text.Reset()
}

// addResolved records href, resolving it against <base href> when it is
// relative. Relative links without a base, fragments and mailto:/tel:/cid:
// links are ignored.
func (s *htmlScan) addResolved(href, text, label string) {
	href = cleanURL(href)
	if href == "" || href[0] == '#' {
		return
	}
	if scheme, _, ok := splitScheme(href); ok {
		switch strings.ToLower(scheme) {
		case "mailto", "tel", "sms", "cid", "mid", "callto", "about", "fax", "news", "geo", "webcal", "x-apple-data-detectors":
			return
		}
		s.c.add(href, text, label)
		return
	}
	if strings.HasPrefix(href, "//") || strings.HasPrefix(href, `\\`) || strings.HasPrefix(strings.ToLower(href), "www.") {
		s.c.add(href, text, label)
		return
	}
	if s.base == nil {
		return
	}
	ref, err := url.Parse(href)
	if err != nil {
		return
	}
	s.c.add(s.base.ResolveReference(ref).String(), text, label)
}

// refreshURL extracts the URL of a meta refresh: "5; url=https://x/".
func refreshURL(content string) string {
	_, rest, ok := strings.Cut(content, ";")
	if !ok {
		_, rest, ok = strings.Cut(content, ",")
		if !ok {
			return ""
		}
	}
	rest = strings.TrimSpace(rest)
	if len(rest) >= 4 && strings.EqualFold(rest[:3], "url") {
		rest = strings.TrimSpace(rest[3:])
		if strings.HasPrefix(rest, "=") {
			rest = strings.TrimSpace(rest[1:])
		}
	}
	return strings.Trim(rest, `'"`)
}
