package corpustest

import (
	"bytes"
	"regexp"
)

// providerVerdict matches the header fields in which the receiving
// provider wrote its own spam verdict; the same list as
// ../shared/tools/eval.py --strip-provider.
var providerVerdict = regexp.MustCompile(`(?i)^(x-ms-exchange-organization-(scl|pcl|bcl|antispam-report)|x-forefront-antispam-report[-a-z]*` +
	`|x-microsoft-antispam[-a-z]*|x-ms-exchange-atpmessageproperties|x-spam-[a-z-]*|x-spam` +
	`|x-ovh-spam[-a-z]*|x-yahoo-[a-z-]*spam[a-z-]*)\s*:`)

var headerEnd = regexp.MustCompile(`\r?\n\r?\n`)
var fieldStart = regexp.MustCompile(`\r?\n[^ \t]`)

// StripProvider returns raw without the provider's verdict header fields
// (folded lines too), as a mail that got past the filter is scored: the
// engine's own evidence only.
func StripProvider(raw []byte) []byte {
	head, body := raw, []byte(nil)
	if loc := headerEnd.FindIndex(raw); loc != nil {
		head, body = raw[:loc[0]], raw[loc[0]:]
	}
	nl := []byte("\n")
	if bytes.Contains(head[:min(len(head), 4000)], []byte("\r\n")) {
		nl = []byte("\r\n")
	}
	var fields [][]byte
	start := 0
	for _, loc := range fieldStart.FindAllIndex(head, -1) {
		fields = append(fields, head[start:loc[0]])
		start = loc[1] - 1
	}
	fields = append(fields, head[start:])
	var out [][]byte
	for _, f := range fields {
		if !providerVerdict.Match(f) {
			out = append(out, f)
		}
	}
	return append(bytes.Join(out, nl), body...)
}
