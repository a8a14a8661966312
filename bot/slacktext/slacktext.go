// Package slacktext turns Slack message text back into the plain text a user
// pasted, and recognises text that holds mail headers.
//
// Slack rewrites pasted text: it escapes &, < and > as entities and wraps
// addresses and URLs in <mailto:a@b|a@b> or <https://x|x> links. Headers
// pasted into a message, a slash command or a modal arrive in that form and
// must be restored before they are parsed as mail.
package slacktext

import (
	"strings"
)

// MaxInput bounds the text Unformat and LooksLikeHeaders look at. Longer
// input is cut (callers cap what they read anyway).
const MaxInput = 1 << 20

// maxToken bounds the length of one <…> link token: a '<' without a '>'
// within this many bytes is kept as a literal character.
const maxToken = 4096

// Unformat restores the text a user typed from Slack's message format:
// <url|label> → label, <url> → url, <mailto:x|y> → y, <mailto:x> → x,
// <@U1> and <#C1|name> stay as they are (they are not mail text), and the
// entities &lt; &gt; &amp; are decoded. A surrounding ``` code fence is
// removed. Text longer than MaxInput is cut.
func Unformat(s string) string {
	if len(s) > MaxInput {
		s = s[:MaxInput]
	}
	s = stripFence(s)
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(decodeEntities(s))
			break
		}
		b.WriteString(decodeEntities(s[:i]))
		s = s[i:]
		end := strings.IndexByte(s[1:min(len(s), maxToken)], '>')
		nl := strings.IndexByte(s[1:min(len(s), maxToken)], '\n')
		if end < 0 || (nl >= 0 && nl < end) {
			// Not a Slack token: Slack always escapes a literal '<'.
			b.WriteByte('<')
			s = s[1:]
			continue
		}
		b.WriteString(token(s[1 : 1+end]))
		s = s[end+2:]
	}
	return b.String()
}

// token renders the inside of one <…> token.
func token(t string) string {
	if t == "" {
		return "<>"
	}
	switch t[0] {
	case '@', '#', '!':
		// Mentions and channel links are not mail text; keep them verbatim
		// so nothing is invented (they are escaped again before display).
		return "<" + decodeEntities(t) + ">"
	}
	target, label, hasLabel := strings.Cut(t, "|")
	if hasLabel && label != "" {
		return decodeEntities(label)
	}
	target = decodeEntities(target)
	if rest, ok := strings.CutPrefix(target, "mailto:"); ok {
		return rest
	}
	return target
}

func decodeEntities(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return entityReplacer.Replace(s)
}

var entityReplacer = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

func stripFence(s string) string {
	t := strings.TrimSpace(s)
	if len(t) >= 6 && strings.HasPrefix(t, "```") && strings.HasSuffix(t, "```") {
		return strings.TrimSpace(t[3 : len(t)-3])
	}
	return s
}

// knownHeaders are header names that only mail carries in combination.
var knownHeaders = map[string]bool{
	"received": true, "from": true, "to": true, "subject": true, "date": true,
	"message-id": true, "return-path": true, "dkim-signature": true,
	"authentication-results": true, "arc-authentication-results": true,
	"received-spf": true, "mime-version": true, "content-type": true,
	"reply-to": true, "delivered-to": true, "x-mailer": true, "cc": true,
	"x-originating-ip": true, "x-sender-ip": true, "list-unsubscribe": true,
}

// maxScanLines bounds how many lines LooksLikeHeaders inspects.
const maxScanLines = 400

// LooksLikeHeaders reports whether text (already Unformat-ed) holds mail
// header lines: at least two distinct well-known header names (From,
// Received, Subject, Message-ID, …) written as "Name: value" at the start of
// a line. Only the first lines are inspected.
func LooksLikeHeaders(text string) bool {
	if len(text) > MaxInput {
		text = text[:MaxInput]
	}
	seen := map[string]bool{}
	for n := 0; n < maxScanLines && text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		name, ok := headerName(line)
		if !ok || !knownHeaders[name] {
			continue
		}
		seen[name] = true
		if len(seen) >= 2 {
			return true
		}
	}
	return false
}

// headerName returns the lower-cased field name of a "Name: value" line.
func headerName(line string) (string, bool) {
	i := strings.IndexByte(line, ':')
	if i <= 0 || i > 76 {
		return "", false
	}
	name := line[:i]
	for j := 0; j < len(name); j++ {
		c := name[j]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return "", false
		}
	}
	return strings.ToLower(name), true
}

// StripMention removes every <@id> mention of the given user from text (the
// bot's own mention in an app_mention event) and trims the result.
func StripMention(text, userID string) string {
	if userID == "" {
		return strings.TrimSpace(text)
	}
	text = strings.ReplaceAll(text, "<@"+userID+">", "")
	// Mentions may carry a label: <@U123|name>.
	for {
		i := strings.Index(text, "<@"+userID+"|")
		if i < 0 {
			break
		}
		j := strings.IndexByte(text[i:], '>')
		if j < 0 {
			break
		}
		text = text[:i] + text[i+j+1:]
	}
	return strings.TrimSpace(text)
}
