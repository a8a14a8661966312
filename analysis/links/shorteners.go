package links

import "strings"

// shorteners lists public URL-shortening services: a link through one of
// them hides its destination until clicked. Brand-only redirectors that can
// only point at their owner's sites (aka.ms, youtu.be, amzn.com paths) are
// deliberately absent, except amzn.to and lnkd.in which accept any target.
var shorteners = map[string]bool{
	"0rz.tw": true, "1url.com": true, "2.gp": true, "adf.ly": true, "amzn.to": true,
	"bit.do": true, "bit.ly": true, "bitly.com": true, "bl.ink": true, "buff.ly": true,
	"cli.re": true, "clck.ru": true, "cutt.ly": true, "cutt.us": true, "db.tt": true,
	"dlvr.it": true, "fb.me": true, "gg.gg": true, "goo.gl": true, "goo.su": true,
	"han.gl": true, "ift.tt": true, "inx.lv": true, "is.gd": true, "j.mp": true,
	"kutt.it": true, "lnkd.in": true, "me2.do": true, "ow.ly": true, "po.st": true,
	"qrco.de": true, "rb.gy": true, "rebrand.ly": true, "rotf.lol": true, "s.id": true,
	"shorte.st": true, "shorturl.asia": true, "shorturl.at": true, "snip.ly": true, "soo.gd": true,
	"surl.li": true, "t.co": true, "t.ly": true, "tiny.cc": true, "tiny.one": true,
	"tinyurl.com": true, "tny.im": true, "tr.im": true, "u.to": true, "urlr.me": true,
	"urlz.fr": true, "v.gd": true, "wp.me": true, "x.gd": true, "zpr.io": true,
	"qr.net": true, "qrs.ly": true, "short.gy": true, "shrtco.de": true, "tinu.be": true,
	"t2m.io": true, "lihi.cc": true, "lihi1.cc": true, "reurl.cc": true, "ppt.cc": true,
	"00m.in": true, "bom.so": true, "linkr.ee": true, "rlu.ru": true, "vk.cc": true,
}

// IsShortener reports whether host (or a parent domain of it) is a public
// URL shortener such as bit.ly or t.co.
func IsShortener(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	for host != "" {
		if shorteners[host] {
			return true
		}
		i := strings.IndexByte(host, '.')
		if i < 0 {
			return false
		}
		host = host[i+1:]
	}
	return false
}
